package dev.pyassist.names;

import dev.pyassist.python.ParseResult;
import dev.pyassist.python.ast.Alias;
import dev.pyassist.python.ast.AsyncFor;
import dev.pyassist.python.ast.AsyncFunctionDef;
import dev.pyassist.python.ast.AsyncWith;
import dev.pyassist.python.ast.ClassDef;
import dev.pyassist.python.ast.ExceptHandler;
import dev.pyassist.python.ast.For;
import dev.pyassist.python.ast.FunctionDef;
import dev.pyassist.python.ast.If;
import dev.pyassist.python.ast.Import;
import dev.pyassist.python.ast.ImportFrom;
import dev.pyassist.python.ast.Match;
import dev.pyassist.python.ast.MatchCase;
import dev.pyassist.python.ast.Stmt;
import dev.pyassist.python.ast.Try;
import dev.pyassist.python.ast.TryStar;
import dev.pyassist.python.ast.While;
import dev.pyassist.python.ast.With;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Certain fixes for names findings, as plain text edits (UTF-16 offsets): remove an unused import (one name of
 * it, or the whole statement), and replace an undefined name by the one name in scope one edit away.
 */
public final class NamesFixes {
    private NamesFixes() {
    }

    /** Replace {@code [start, end)} of the text by {@code replacement}. */
    public record TextEdit(int start, int end, String replacement) {
    }

    /**
     * One fix: a title for the editor's menu, the rule whose finding it fixes, the finding's range, and the edits.
     */
    public record Fix(String title, NamesRule rule, int findingStart, int findingEnd, List<TextEdit> edits,
            boolean preferred) {
    }

    /** Applies non-overlapping edits to a text (for tests and previews). */
    public static String apply(String text, List<TextEdit> edits) {
        List<TextEdit> sorted = new ArrayList<>(edits);
        sorted.sort((a, b) -> Integer.compare(b.start, a.start));
        StringBuilder sb = new StringBuilder(text);
        for (TextEdit e : sorted) {
            sb.replace(e.start, e.end, e.replacement);
        }
        return sb.toString();
    }

    /**
     * The fixes for the findings of the enabled rules that overlap {@code [start, end]} (a cursor is an empty
     * range), honouring suppression comments like the layer does.
     */
    public static List<Fix> fixes(String text, ParseResult parse, int start, int end, Set<NamesRule> rules) {
        List<Fix> out = new ArrayList<>();
        if (parse == null || parse.module() == null) {
            return out;
        }
        List<NameIssue> issues = ScopeAnalyzer.analyze(text, parse.module(), false, false, parse.comments());
        Suppressions suppressions = new Suppressions(parse.comments());
        dev.pyassist.text.LineMap lines = new dev.pyassist.text.LineMap(text);
        List<int[]> unusedImports = new ArrayList<>();
        for (NameIssue i : issues) {
            if (i.kind() == IssueKind.UNUSED_IMPORT && !suppressions.silences(lines.lineOf(i.start()) + 1)) {
                unusedImports.add(new int[] {i.start(), i.end()});
            }
        }
        for (NameIssue issue : issues) {
            if (!rules.contains(issue.rule()) || issue.end() < start || issue.start() > end
                    || suppressions.silences(lines.lineOf(issue.start()) + 1)) {
                continue;
            }
            if (issue.kind() == IssueKind.UNUSED_IMPORT) {
                importFixes(text, parse, issue, unusedImports, out);
            } else if (issue.kind() == IssueKind.UNDEFINED_NAME && issue.suggestion() != null
                    && issue.end() <= text.length()
                    && text.substring(issue.start(), issue.end()).equals(issue.name())) {
                out.add(new Fix("Replace with '" + issue.suggestion() + "'", issue.rule(), issue.start(), issue.end(),
                        List.of(new TextEdit(issue.start(), issue.end(), issue.suggestion())), true));
            }
        }
        return out;
    }

    private static void importFixes(String text, ParseResult parse, NameIssue issue, List<int[]> unused,
            List<Fix> out) {
        StatementSite site = findImport(parse, issue.start(), issue.end());
        if (site == null) {
            return;
        }
        List<Alias> aliases = site.stmt instanceof Import i ? i.names() : ((ImportFrom) site.stmt).names();
        int index = -1;
        int unusedCount = 0;
        for (int k = 0; k < aliases.size(); k++) {
            Alias a = aliases.get(k);
            if (a.start() == issue.start() && a.end() == issue.end()) {
                index = k;
            }
            for (int[] u : unused) {
                if (u[0] == a.start() && u[1] == a.end()) {
                    unusedCount++;
                    break;
                }
            }
        }
        if (index < 0) {
            return;
        }
        String what = "'" + issue.arg() + "'";
        if (aliases.size() == 1) {
            out.add(new Fix("Remove unused import " + what, issue.rule(), issue.start(), issue.end(),
                    removeStatement(text, parse, site), true));
            return;
        }
        List<TextEdit> one;
        if (index < aliases.size() - 1) {
            one = List.of(new TextEdit(aliases.get(index).start(), aliases.get(index + 1).start(), ""));
        } else {
            one = List.of(new TextEdit(aliases.get(index - 1).end(), aliases.get(index).end(), ""));
        }
        out.add(new Fix("Remove unused import " + what, issue.rule(), issue.start(), issue.end(), one, true));
        if (unusedCount == aliases.size()) {
            out.add(new Fix("Remove unused import statement", issue.rule(), issue.start(), issue.end(),
                    removeStatement(text, parse, site), false));
        }
    }

    /** A statement and the block (statement list) it sits in. */
    private record StatementSite(Stmt stmt, List<Stmt> block) {
    }

    private static StatementSite findImport(ParseResult parse, int start, int end) {
        ArrayDeque<List<Stmt>> blocks = new ArrayDeque<>();
        blocks.push(parse.module().body());
        while (!blocks.isEmpty()) {
            List<Stmt> block = blocks.pop();
            for (Stmt s : block) {
                if (s.end() < start || s.start() > end) {
                    continue;
                }
                if (s instanceof Import || s instanceof ImportFrom) {
                    return new StatementSite(s, block);
                }
                for (List<Stmt> inner : innerBlocks(s)) {
                    blocks.push(inner);
                }
            }
        }
        return null;
    }

    private static List<List<Stmt>> innerBlocks(Stmt s) {
        List<List<Stmt>> out = new ArrayList<>();
        if (s instanceof FunctionDef f) {
            out.add(f.body());
        } else if (s instanceof AsyncFunctionDef f) {
            out.add(f.body());
        } else if (s instanceof ClassDef c) {
            out.add(c.body());
        } else if (s instanceof If i) {
            out.add(i.body());
            out.add(i.orelse());
        } else if (s instanceof For f) {
            out.add(f.body());
            out.add(f.orelse());
        } else if (s instanceof AsyncFor f) {
            out.add(f.body());
            out.add(f.orelse());
        } else if (s instanceof While w) {
            out.add(w.body());
            out.add(w.orelse());
        } else if (s instanceof With w) {
            out.add(w.body());
        } else if (s instanceof AsyncWith w) {
            out.add(w.body());
        } else if (s instanceof Try t) {
            out.add(t.body());
            for (ExceptHandler h : t.handlers()) {
                out.add(h.body());
            }
            out.add(t.orelse());
            out.add(t.finalbody());
        } else if (s instanceof TryStar t) {
            out.add(t.body());
            for (ExceptHandler h : t.handlers()) {
                out.add(h.body());
            }
            out.add(t.orelse());
            out.add(t.finalbody());
        } else if (s instanceof Match m) {
            for (MatchCase c : m.cases()) {
                out.add(c.body());
            }
        }
        return out;
    }

    /**
     * Removes a statement: its whole lines when it has them to itself, else its text and one separating
     * {@code ;}; a statement alone in its block becomes {@code pass} so the block stays valid.
     */
    static List<TextEdit> removeStatement(String text, ParseResult parse, StatementSite site) {
        Stmt stmt = site.stmt;
        int s = stmt.start();
        int e = stmt.end();
        if (site.block.size() == 1 && site.block != parse.module().body()) {
            return List.of(new TextEdit(s, e, "pass"));
        }
        int lineStart = s;
        while (lineStart > 0 && text.charAt(lineStart - 1) != '\n' && text.charAt(lineStart - 1) != '\r') {
            lineStart--;
        }
        boolean aloneBefore = text.substring(lineStart, s).isBlank();
        int after = e;
        while (after < text.length() && (text.charAt(after) == ' ' || text.charAt(after) == '\t')) {
            after++;
        }
        boolean commentAfter = after < text.length() && text.charAt(after) == '#';
        if (commentAfter) {
            while (after < text.length() && text.charAt(after) != '\n' && text.charAt(after) != '\r') {
                after++;
            }
        }
        boolean aloneAfter = after >= text.length() || text.charAt(after) == '\n' || text.charAt(after) == '\r';
        if (aloneBefore && aloneAfter) {
            int lineEnd = after;
            if (lineEnd < text.length() && text.charAt(lineEnd) == '\r') {
                lineEnd++;
            }
            if (lineEnd < text.length() && text.charAt(lineEnd) == '\n') {
                lineEnd++;
            }
            return List.of(new TextEdit(lineStart, lineEnd, ""));
        }
        if (!aloneAfter && text.charAt(after) == ';') {
            int next = after + 1;
            while (next < text.length() && (text.charAt(next) == ' ' || text.charAt(next) == '\t')) {
                next++;
            }
            return List.of(new TextEdit(s, next, ""));
        }
        int before = s;
        while (before > lineStart && (text.charAt(before - 1) == ' ' || text.charAt(before - 1) == '\t')) {
            before--;
        }
        if (before > lineStart && text.charAt(before - 1) == ';') {
            return List.of(new TextEdit(before - 1, e, ""));
        }
        return List.of(new TextEdit(s, e, "pass"));
    }
}
