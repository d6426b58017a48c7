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
     * Cleans a model's answer into docstring content: drops code fences, surrounding quotes, a repeated
     * {@code def} line and common indentation.
     */
    public static String content(String answer) {
        String s = answer.strip();
        if (s.startsWith("```")) {
            s = CodeBlocks.extract(s);
        }
        s = s.strip();
        for (String q : new String[] {"\"\"\"", "'''", "r\"\"\""}) {
            if (s.startsWith(q)) {
                s = s.substring(q.length());
                int close = s.indexOf("\"\"\"".equals(q) || q.startsWith("r") ? "\"\"\"" : "'''");
                if (close >= 0) {
                    s = s.substring(0, close);
                }
                break;
            }
        }
        s = CodeBlocks.dedent(CodeBlocks.stripBlankEdges(s));
        return s.replace("\"\"\"", "\\\"\\\"\\\"").strip();
    }

    /** The docstring statement: {@code """content"""} indented by {@code indent} (first line not indented). */
    public static String statement(String content, String indent) {
        String c = content.strip();
        if (!c.contains("\n")) {
            return "\"\"\"" + c + "\"\"\"";
        }
        String[] lines = c.split("\\R", -1);
        StringBuilder sb = new StringBuilder("\"\"\"").append(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            sb.append('\n');
            if (!lines[i].isBlank()) {
                sb.append(indent).append(lines[i].stripTrailing());
            }
        }
        sb.append('\n').append(indent).append("\"\"\"");
        return sb.toString();
    }
}
