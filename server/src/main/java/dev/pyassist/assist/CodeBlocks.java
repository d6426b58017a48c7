package dev.pyassist.assist;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers for code in model answers and for re-indenting it. */
public final class CodeBlocks {

    private static final Pattern FENCE = Pattern.compile("```[ \\t]*([\\w+#.-]*)[ \\t]*\\R(.*?)(?:\\R[ \\t]*```|\\z)",
            Pattern.DOTALL);

    private CodeBlocks() {
    }

    /** The first fenced block of an answer, else the whole answer; trailing blank lines removed. */
    public static String extract(String answer) {
        Matcher m = FENCE.matcher(answer);
        String code = m.find() ? m.group(2) : answer;
        return stripBlankEdges(code);
    }

    /** Removes leading and trailing blank lines (keeping the first line's indentation). */
    public static String stripBlankEdges(String s) {
        String[] lines = s.split("\\R", -1);
        int a = 0;
        int b = lines.length;
        while (a < b && lines[a].isBlank()) {
            a++;
        }
        while (b > a && lines[b - 1].isBlank()) {
            b--;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = a; i < b; i++) {
            if (i > a) {
                sb.append('\n');
            }
            sb.append(lines[i].stripTrailing());
        }
        return sb.toString();
    }

    /** Removes the indentation common to all non-blank lines. */
    public static String dedent(String s) {
        String[] lines = s.split("\\R", -1);
        int common = Integer.MAX_VALUE;
        for (String l : lines) {
            if (!l.isBlank()) {
                common = Math.min(common, l.length() - l.stripLeading().length());
            }
        }
        if (common == Integer.MAX_VALUE || common == 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                sb.append('\n');
            }
            sb.append(lines[i].isBlank() ? "" : lines[i].substring(common));
        }
        return sb.toString();
    }

    /** Prefixes every non-blank line with {@code indent}. */
    public static String indent(String s, String indent) {
        String[] lines = s.split("\\R", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                sb.append('\n');
            }
            if (!lines[i].isBlank()) {
                sb.append(indent).append(lines[i]);
            }
        }
        return sb.toString();
    }

    /** The line terminator the text uses ({@code \n} when it has none). */
    public static String newline(String text) {
        int i = text.indexOf('\n');
        if (i > 0 && text.charAt(i - 1) == '\r') {
            return "\r\n";
        }
        if (i < 0 && text.indexOf('\r') >= 0) {
            return "\r";
        }
        return "\n";
    }

    /** Converts {@code \n} line ends to {@code newline}. */
    public static String withNewlines(String s, String newline) {
        return newline.equals("\n") ? s : s.replace("\n", newline);
    }
}
