package dev.pyassist.dataset;

import dev.pyassist.python.Definition;
import dev.pyassist.python.Definitions;
import dev.pyassist.python.LexedToken;
import dev.pyassist.python.ast.Constant;
import dev.pyassist.python.ast.ConstantKind;
import dev.pyassist.python.ast.Expr;
import dev.pyassist.python.ast.ExprStmt;
import dev.pyassist.python.ast.Module;
import dev.pyassist.python.ast.Stmt;
import dev.pyassist.text.LineMap;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;

/**
 * The functions, methods and classes of one parsed module as {@link DatasetRecord}s (split not yet assigned), in
 * source order, a class before its methods: the dataset's view of the one cutter {@link Definitions} (which finds
 * definitions wherever statements nest), with Python's {@code __qualname__} ({@code f.<locals>.g}), the kind, and the
 * code dedented with its docstring cut out. Tokens come from the one lexer ({@link LexedToken#withWholeStrings}).
 */
final class UnitExtractor {
    private final String path;
    private final String text;
    private final LineMap lines;
    /** Lines (0-based) that begin inside a multi-line string: never re-indented. */
    private final BitSet insideString = new BitSet();
    private final List<DatasetRecord> out = new ArrayList<>();
    /** The text's tokens, strings whole (f-strings included). */
    private final List<LexedToken> tokens;

    private UnitExtractor(String path, String text) {
        this.path = path;
        this.text = text;
        this.lines = new LineMap(text);
        this.tokens = LexedToken.withWholeStrings(text);
        for (LexedToken t : tokens) {
            if (t.kind() == LexedToken.Kind.STRING) {
                int first = lines.lineOf(t.start());
                int last = lines.lineOf(t.end() - 1);
                if (last > first) {
                    insideString.set(first + 1, last + 1);
                }
            }
        }
    }

    /** @param path the repository-relative path written into the records */
    static List<DatasetRecord> extract(String path, String text, Module module) {
        UnitExtractor x = new UnitExtractor(path, text);
        for (Definition d : Definitions.of(module)) {
            String kind = !d.isFunction() ? "class" : d.inClass() ? "method" : "function";
            x.add(d.node(), d.qualifiedName(".", ".<locals>."), kind, d.body(), d.decorators());
        }
        return x.out;
    }

    private void add(Stmt def, String qualname, String kind, List<Stmt> body, List<Expr> decorators) {
        int firstLine = lines.lineOf(def.start());
        int lastLine = lines.lineOf(Math.max(def.start(), def.end() - 1));
        int column = def.start() - lines.lineStart(firstLine);
        int headerEnd = headerEnd(def.start());
        if (headerEnd < 0) {
            headerEnd = body.isEmpty() ? def.end() : body.get(0).start(); // cannot happen for parsed code; be safe
        }
        String signature = reindent(text.substring(def.start(), headerEnd), firstLine, column);
        List<String> decoratorTexts = new ArrayList<>();
        for (Expr d : decorators) {
            decoratorTexts.add(reindent(text.substring(d.start(), d.end()), lines.lineOf(d.start()), column));
        }
        Stmt docStmt = docstringStatement(body);
        String docstring = docStmt == null ? null : cleandoc(((Constant) ((ExprStmt) docStmt).value()).value());
        String code = code(def, firstLine, lastLine, column, docStmt, body.size() == 1);
        out.add(new DatasetRecord(id(path, qualname, code), path, qualname, kind, signature, decoratorTexts, docstring,
                code, firstLine + 1, lastLine + 1, null));
    }

    /**
     * Offset just after the colon ending the header that starts at {@code from} (a {@code def}, {@code async def}
     * or {@code class} keyword): the first {@code :} outside brackets. -1 when there is none.
     */
    private int headerEnd(int from) {
        int i = firstTokenAt(from);
        int depth = 0;
        for (; i < tokens.size(); i++) {
            LexedToken t = tokens.get(i);
            if (t.kind() != LexedToken.Kind.OP) {
                continue;
            }
            switch (t.text()) {
                case "(", "[", "{" -> depth++;
                case ")", "]", "}" -> depth--;
                case ":" -> {
                    if (depth == 0) {
                        return t.end();
                    }
                }
                default -> { }
            }
        }
        return -1;
    }

    /** Index of the first token starting at or after {@code offset}. */
    private int firstTokenAt(int offset) {
        int lo = 0;
        int hi = tokens.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tokens.get(mid).start() < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static Stmt docstringStatement(List<Stmt> body) {
        if (!body.isEmpty() && body.get(0) instanceof ExprStmt e && e.value() instanceof Constant c
                && c.kind() == ConstantKind.STR) {
            return e;
        }
        return null;
    }

    /**
     * Lines {@code firstLine..lastLine} (the first from the keyword on), without the docstring statement, dedented by
     * the keyword's column. A docstring on lines of its own takes its lines (and the blank lines after it) with it; the only statement of a body
     * becomes {@code pass} so the code stays valid Python.
     */
    private String code(Stmt def, int firstLine, int lastLine, int column, Stmt doc, boolean docIsWholeBody) {
        int docFirst = doc == null ? -1 : lines.lineOf(doc.start());
        int docLast = doc == null ? -1 : lines.lineOf(doc.end() - 1);
        boolean ownLines = doc != null
                && text.substring(lines.lineStart(docFirst), doc.start()).isBlank()
                && restOfLineIsEmpty(doc.end(), docLast);
        StringBuilder sb = new StringBuilder();
        boolean afterDocstring = false;
        for (int line = firstLine; line <= lastLine; line++) {
            String content;
            if (afterDocstring && lines.lineText(line).isBlank() && line < lastLine) {
                continue; // the blank lines that separated the docstring from the code go with it
            }
            afterDocstring = ownLines && line == docLast && !docIsWholeBody;
            if (ownLines && line >= docFirst && line <= docLast) {
                if (line == docFirst && docIsWholeBody) {
                    content = text.substring(lines.lineStart(line), doc.start()) + "pass";
                } else {
                    continue;
                }
            } else {
                int from = line == firstLine ? def.start() : lines.lineStart(line);
                int to = line == lastLine ? Math.max(from, lines.lineContentEnd(line)) : lines.lineContentEnd(line);
                if (doc != null && !ownLines && line == docFirst) {
                    // `def f(): "doc"; return 1` — drop the docstring and its `;` on the header line
                    String before = text.substring(from, doc.start());
                    String after = text.substring(doc.end(), to).stripLeading();
                    after = after.startsWith(";") ? after.substring(1).stripLeading() : after;
                    content = before + (docIsWholeBody ? "pass" : "") + after;
                    content = content.stripTrailing();
                    sb.append(line == firstLine ? content : dedentLine(content, line, column)).append('\n');
                    continue;
                }
                content = text.substring(from, to);
            }
            sb.append(line == firstLine ? content : dedentLine(content, line, column)).append('\n');
        }
        return stripTrailingNewlines(sb.toString());
    }

    private boolean restOfLineIsEmpty(int offset, int line) {
        String rest = text.substring(offset, lines.lineContentEnd(line)).strip();
        return rest.isEmpty() || rest.startsWith("#");
    }

    private String reindent(String s, int firstLine, int column) {
        String[] parts = s.split("\r\n|\r|\n", -1);
        StringBuilder sb = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            sb.append('\n').append(dedentLine(parts[i], firstLine + i, column));
        }
        return sb.toString();
    }

    /** Removes up to {@code column} leading blanks, except on lines that continue a multi-line string. */
    private String dedentLine(String line, int lineNo, int column) {
        if (insideString.get(lineNo)) {
            return line;
        }
        int i = 0;
        while (i < column && i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return line.substring(i);
    }

    private static String stripTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\n') {
            end--;
        }
        return s.substring(0, end);
    }

    /** {@code inspect.cleandoc}: tabs expanded, first line's indent dropped, common margin of the rest removed, blank edges dropped. */
    static String cleandoc(String doc) {
        String[] raw = doc.split("\r\n|\r|\n", -1);
        List<String> ls = new ArrayList<>();
        for (String l : raw) {
            ls.add(expandTabs(l));
        }
        int margin = Integer.MAX_VALUE;
        for (int i = 1; i < ls.size(); i++) {
            String l = ls.get(i);
            String stripped = l.stripLeading();
            if (!stripped.isEmpty()) {
                margin = Math.min(margin, l.length() - stripped.length());
            }
        }
        ls.set(0, ls.get(0).stripLeading());
        if (margin < Integer.MAX_VALUE) {
            for (int i = 1; i < ls.size(); i++) {
                String l = ls.get(i);
                ls.set(i, l.length() >= margin ? l.substring(margin) : "");
            }
        }
        while (!ls.isEmpty() && ls.get(ls.size() - 1).isEmpty()) {
            ls.remove(ls.size() - 1);
        }
        while (!ls.isEmpty() && ls.get(0).isEmpty()) {
            ls.remove(0);
        }
        return String.join("\n", ls);
    }

    private static String expandTabs(String l) {
        if (l.indexOf('\t') < 0) {
            return l;
        }
        StringBuilder sb = new StringBuilder();
        for (char c : l.toCharArray()) {
            if (c == '\t') {
                sb.append(" ".repeat(8 - sb.length() % 8));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String id(String path, String qualname, String code) {
        return sha256(path + "\0" + qualname + "\0" + code).substring(0, 16);
    }

    static String sha256(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
