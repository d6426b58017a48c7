package dev.pyassist.assist;

import java.util.List;
import java.util.regex.Pattern;

/** PEP 257 docstrings: the project's style, and the text of a docstring statement ready to insert. */
public final class Docstrings {

    /** A docstring convention seen in a project. */
    public enum Style {
        GOOGLE("Google style (Args:, Returns:, Raises: sections)"),
        NUMPY("NumPy style (Parameters / Returns sections underlined with dashes)"),
        SPHINX("reStructuredText / Sphinx style (:param x:, :returns:, :raises: fields)"),
        PLAIN("PEP 257 (a one-line summary, a blank line, then a description when one is needed)");

        private final String description;

        Style(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private static final Pattern GOOGLE = Pattern.compile("(?m)^\\s*(Args|Arguments|Returns|Raises|Yields):\\s*$");
    private static final Pattern NUMPY = Pattern.compile("(?m)^\\s*(Parameters|Returns|Raises)\\s*\\R\\s*-{3,}\\s*$");
    private static final Pattern SPHINX = Pattern.compile("(?m)^\\s*:(param|returns?|raises?|rtype|type)\\b");

    private Docstrings() {
    }

    /** The style most of the given docstrings follow; {@link Style#PLAIN} when none is evident. */
    public static Style detect(List<String> docstrings) {
        int g = 0;
        int n = 0;
        int s = 0;
        for (String d : docstrings) {
            if (d == null) {
                continue;
            }
            if (NUMPY.matcher(d).find()) {
                n++;
            } else if (GOOGLE.matcher(d).find()) {
                g++;
            } else if (SPHINX.matcher(d).find()) {
                s++;
            }
        }
        int best = Math.max(g, Math.max(n, s));
        if (best == 0) {
            return Style.PLAIN;
        }
        return best == n ? Style.NUMPY : best == g ? Style.GOOGLE : Style.SPHINX;
    }

    /**
     * Cleans a model's answer into docstring content: drops code fences, surrounding quotes and common indentation.
     * The content is plain text; {@link #statement} quotes it.
     */
    public static String content(String answer) {
        String s = answer.strip();
        if (s.startsWith("```")) {
            s = CodeBlocks.extract(s);
        }
        s = s.strip();
        for (String q : new String[] {"r\"\"\"", "r'''", "\"\"\"", "'''"}) {
            if (s.startsWith(q)) {
                String quote = q.substring(q.length() - 3);
                s = s.substring(q.length());
                int close = s.lastIndexOf(quote);
                if (close >= 0) {
                    s = s.substring(0, close);
                }
                break;
            }
        }
        return CodeBlocks.dedent(CodeBlocks.stripBlankEdges(s)).strip();
    }

    /**
     * The docstring statement for plain-text {@code content}, indented by {@code indent} (first line not indented):
     * {@code """content"""}; {@code '''} when the content holds {@code """}; a raw string when it holds backslashes
     * (so a Windows path such as C:&#92;users is not read as an escape); escapes only where no quoting avoids them.
     */
    public static String statement(String content, String indent) {
        String c = content.strip();
        if (!c.contains("\n")) {
            return quote(c);
        }
        String[] lines = c.split("\\R", -1);
        StringBuilder sb = new StringBuilder(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            sb.append('\n');
            if (!lines[i].isBlank()) {
                sb.append(indent).append(lines[i].stripTrailing());
            }
        }
        sb.append('\n').append(indent);
        return quote(sb.toString());
    }

    /** A triple-quoted literal whose value is {@code body}, in the plainest form that holds it. */
    static String quote(String body) {
        char q = body.contains("\"\"\"") && !body.contains("'''") ? '\'' : '"';
        String triple = String.valueOf(q).repeat(3);
        boolean backslash = body.indexOf('\\') >= 0;
        // A raw string keeps backslashes as written, but cannot end in a backslash or its quote, nor hold its triple.
        if (backslash && !body.contains(triple) && !body.endsWith("\\") && !body.endsWith(String.valueOf(q))) {
            return "r" + triple + body + triple;
        }
        StringBuilder sb = new StringBuilder(triple);
        int run = 0;
        for (int i = 0; i < body.length(); i++) {
            char ch = body.charAt(i);
            if (ch == q) {
                run++;
                // every third quote of a run would close the literal, as would one right before the closing quotes
                boolean escape = run == 3 || i == body.length() - 1;
                sb.append(escape ? "\\" + ch : String.valueOf(ch));
                run = escape ? 0 : run;
            } else {
                sb.append(ch == '\\' ? "\\\\" : String.valueOf(ch));
                run = 0;
            }
        }
        return sb.append(triple).toString();
    }
}
