package dev.pyassist.python;

import dev.pyassist.python.ast.Constant;
import dev.pyassist.python.ast.ConstantKind;
import dev.pyassist.python.ast.ExprStmt;
import dev.pyassist.python.ast.Module;
import dev.pyassist.python.ast.Node;
import dev.pyassist.python.ast.Pass;
import dev.pyassist.python.ast.Stmt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The functions and classes of a Python text, with the offsets the AI actions edit in place. From the syntax tree
 * when the text parses (the one cutter, {@link Definitions}: so a function defined in an {@code except} handler or a
 * {@code match} case is a unit too); otherwise (a buffer being edited often has an error somewhere) from
 * indentation, which finds the same units in ordinary code.
 */
public final class SourceUnits {

    private static final Pattern HEADER =
            Pattern.compile("^([ \\t]*)(?:async[ \\t]+)?(def|class)[ \\t]+([A-Za-z_\\p{L}][\\w\\p{L}]*)");

    private SourceUnits() {
    }

    /** Every unit, outer ones before inner ones, in source order. */
    public static List<SourceUnit> of(String text) {
        return of(text, PythonParser.parse(text));
    }

    public static List<SourceUnit> of(String text, ParseResult parse) {
        if (parse != null && parse.module() != null) {
            return fromTree(text, parse.module());
        }
        return fromIndentation(text);
    }

    /** The innermost unit whose range holds {@code offset}. */
    public static Optional<SourceUnit> innermostAt(List<SourceUnit> units, int offset) {
        return units.stream().filter(u -> u.contains(offset))
                .max(Comparator.comparingInt(SourceUnit::start));
    }

    // ---- from the syntax tree -------------------------------------------------------------------------------------

    static List<SourceUnit> fromTree(String text, Module module) {
        List<SourceUnit> out = new ArrayList<>();
        for (Definition d : Definitions.of(module)) {
            out.add(unit(text, d));
        }
        out.sort(Comparator.comparingInt(SourceUnit::start));
        return out;
    }

    private static SourceUnit unit(String text, Definition d) {
        Node node = d.node();
        List<Stmt> body = d.body();
        SourceUnit.Kind kind = d.kind();
        String name = d.name();
        String qualified = d.qualifiedName(".", ".");
        int headerStart = headerStart(text, node.start());
        Stmt first = body.isEmpty() ? null : body.get(0);
        int bodyStart;
        String indent;
        if (first == null) {
            bodyStart = node.end();
            indent = indentOf(text, headerStart) + "    ";
        } else if (lineStart(text, first.start()) > headerStart) {
            bodyStart = lineStart(text, first.start());
            indent = text.substring(bodyStart, first.start());
            if (!indent.isBlank()) {
                indent = indentOf(text, headerStart) + "    ";
            }
        } else {
            bodyStart = first.start();
            indent = indentOf(text, headerStart) + "    ";
        }
        int docStart = -1;
        int docEnd = -1;
        String doc = null;
        if (first instanceof ExprStmt e && e.value() instanceof Constant c && c.kind() == ConstantKind.STR) {
            docStart = e.start();
            docEnd = e.end();
            doc = c.value();
        }
        boolean stub = kind == SourceUnit.Kind.FUNCTION;
        for (int i = 0; i < body.size() && stub; i++) {
            Stmt s = body.get(i);
            boolean trivial = s instanceof Pass
                    || (s instanceof ExprStmt e && e.value() instanceof Constant c
                    && (c.kind() == ConstantKind.ELLIPSIS || (i == 0 && c.kind() == ConstantKind.STR)));
            stub = trivial;
        }
        return new SourceUnit(kind, name, qualified, headerStart, node.end(), bodyStart, indent, docStart, docEnd,
                doc, stub);
    }

    /** The unit's {@code def}/{@code class} keyword (skipping decorators, which the node may include). */
    private static int headerStart(String text, int nodeStart) {
        Matcher m = HEADER.matcher("");
        int line = lineStart(text, nodeStart);
        while (line < text.length()) {
            int end = lineEnd(text, line);
            m.reset(text.substring(line, end));
            if (m.find()) {
                return line + m.group(1).length();
            }
            if (end >= text.length()) {
                break;
            }
            line = nextLine(text, end);
        }
        return nodeStart;
    }

    // ---- from indentation -----------------------------------------------------------------------------------------

    static List<SourceUnit> fromIndentation(String text) {
        List<int[]> lines = lines(text);
        List<SourceUnit> out = new ArrayList<>();
        List<String[]> stack = new ArrayList<>(); // [indent width, qualified name]
        for (int li = 0; li < lines.size(); li++) {
            int ls = lines.get(li)[0];
            int le = lines.get(li)[1];
            Matcher m = HEADER.matcher(text.substring(ls, le));
            if (!m.find()) {
                continue;
            }
            int width = width(m.group(1));
            while (!stack.isEmpty() && Integer.parseInt(stack.get(stack.size() - 1)[0]) >= width) {
                stack.remove(stack.size() - 1);
            }
            String name = m.group(3);
            String qualified = stack.isEmpty() ? name : stack.get(stack.size() - 1)[1] + "." + name;
            SourceUnit.Kind kind = m.group(2).equals("class") ? SourceUnit.Kind.CLASS : SourceUnit.Kind.FUNCTION;
            // The header ends at the line where brackets balance and a ':' closes it.
            int headerLine = li;
            int depth = 0;
            for (int hl = li; hl < lines.size(); hl++) {
                String t = stripComment(text.substring(lines.get(hl)[0], lines.get(hl)[1]));
                for (char ch : t.toCharArray()) {
                    if (ch == '(' || ch == '[' || ch == '{') {
                        depth++;
                    } else if (ch == ')' || ch == ']' || ch == '}') {
                        depth--;
                    }
                }
                headerLine = hl;
                if (depth <= 0 && t.stripTrailing().endsWith(":")) {
                    break;
                }
                if (depth <= 0 && hl > li) {
                    break;
                }
            }
            int headerStart = ls + m.group(1).length();
            String headerText = stripComment(text.substring(lines.get(headerLine)[0], lines.get(headerLine)[1]));
            int lastBodyLine = headerLine;
            String bodyIndent = null;
            int bodyStart;
            List<Integer> bodyLines = new ArrayList<>();
            for (int bl = headerLine + 1; bl < lines.size(); bl++) {
                String t = text.substring(lines.get(bl)[0], lines.get(bl)[1]);
                if (t.isBlank()) {
                    continue;
                }
                String ind = t.substring(0, t.length() - t.stripLeading().length());
                if (width(ind) <= width && !insideString(text, lines, bodyLines)) {
                    break;
                }
                if (bodyIndent == null) {
                    bodyIndent = ind;
                }
                bodyLines.add(bl);
                lastBodyLine = bl;
            }
            String ownIndent = m.group(1);
            int end;
            if (bodyLines.isEmpty()) {
                // One-line body after the colon ("def f(): pass"), or nothing yet.
                int colonAt = text.lastIndexOf(':', lines.get(headerLine)[1]);
                bodyStart = colonAt >= headerStart ? firstNonSpace(text, colonAt + 1, lines.get(headerLine)[1])
                        : lines.get(headerLine)[1];
                end = lines.get(headerLine)[1];
                bodyIndent = ownIndent + "    ";
            } else {
                bodyStart = lines.get(bodyLines.get(0))[0];
                end = lines.get(lastBodyLine)[1];
            }
            // Docstring: the first body statement is a string literal.
            int docStart = -1;
            int docEnd = -1;
            String doc = null;
            if (!bodyLines.isEmpty()) {
                int s = bodyStart + bodyIndent.length();
                Matcher q = Pattern.compile("^(?i:[ru]?)(\"\"\"|'''|\"|')").matcher(text.substring(s, Math.min(
                        text.length(), s + 8)));
                if (q.find()) {
                    String quote = q.group(1);
                    int open = s + q.end();
                    int close = text.indexOf(quote, open);
                    if (close >= 0) {
                        docStart = s;
                        docEnd = close + quote.length();
                        doc = text.substring(open, close);
                    }
                }
            }
            boolean stub = kind == SourceUnit.Kind.FUNCTION;
            if (stub) {
                String rest = bodyLines.isEmpty() ? text.substring(Math.min(bodyStart, end), end)
                        : text.substring(docEnd >= 0 ? docEnd : bodyStart, end);
                for (String l : rest.split("\\R")) {
                    String t = stripComment(l).strip();
                    if (!t.isEmpty() && !t.equals("pass") && !t.equals("...")) {
                        stub = false;
                        break;
                    }
                }
            }
            out.add(new SourceUnit(kind, name, qualified, headerStart, end, bodyStart, bodyIndent, docStart, docEnd,
                    doc, stub));
            stack.add(new String[] {String.valueOf(width), qualified});
        }
        return out;
    }

    /** Whether the last body line opened a triple-quoted string that is still open (its lines may dedent). */
    private static boolean insideString(String text, List<int[]> lines, List<Integer> bodyLines) {
        if (bodyLines.isEmpty()) {
            return false;
        }
        int from = lines.get(bodyLines.get(0))[0];
        int to = lines.get(bodyLines.get(bodyLines.size() - 1))[1];
        String body = text.substring(from, to);
        int dq = count(body, "\"\"\"");
        int sq = count(body, "'''");
        return dq % 2 == 1 || sq % 2 == 1;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    private static int firstNonSpace(String text, int from, int to) {
        int i = from;
        while (i < to && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static int width(String indent) {
        int w = 0;
        for (char c : indent.toCharArray()) {
            w = c == '\t' ? (w / 8 + 1) * 8 : w + 1;
        }
        return w;
    }

    /** [start, contentEnd] of every line. */
    static List<int[]> lines(String text) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i <= text.length()) {
            int e = lineEnd(text, i);
            out.add(new int[] {i, e});
            if (e >= text.length()) {
                break;
            }
            i = nextLine(text, e);
        }
        return out;
    }

    public static int lineStart(String text, int offset) {
        int i = Math.min(offset, text.length());
        while (i > 0 && text.charAt(i - 1) != '\n' && text.charAt(i - 1) != '\r') {
            i--;
        }
        return i;
    }

    public static int lineEnd(String text, int offset) {
        int i = offset;
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    public static int nextLine(String text, int lineEnd) {
        if (lineEnd < text.length() && text.charAt(lineEnd) == '\r' && lineEnd + 1 < text.length()
                && text.charAt(lineEnd + 1) == '\n') {
            return lineEnd + 2;
        }
        return lineEnd + 1;
    }

    public static String indentOf(String text, int offset) {
        int s = lineStart(text, offset);
        int i = s;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return text.substring(s, i);
    }
}
