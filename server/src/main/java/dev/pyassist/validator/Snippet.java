package dev.pyassist.validator;

import dev.pyassist.text.LineMap;
import java.util.ArrayList;
import java.util.List;

/**
 * A run of whole lines, dedented as Python's {@code textwrap.dedent} does and joined with {@code '\n'}: the
 * text the model sees for a unit or window (the artifact's {@code input_format.text}). Every character keeps
 * the UTF-16 offset it came from in the document, so token spans (code points into {@link #text()}) map back
 * to document ranges whatever the line ends, indentation or non-ASCII characters.
 */
public final class Snippet {
    /** One line's content (no terminator) with the document offset of each UTF-16 char and of its end. */
    record Line(String content, int[] origins, int eolOrigin) {
        boolean blank() {
            for (int i = 0; i < content.length(); i++) {
                char c = content.charAt(i);
                if (c != ' ' && c != '\t') {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Line> lines;
    private final String text;
    private final int[] cpOrigin; // document offset of each code point of text; one more entry for the end
    private final int[] lineStartCp; // code point index where each line starts in text

    private Snippet(List<Line> raw) {
        // textwrap.dedent: blank lines become empty; the margin is the longest common leading whitespace.
        String margin = null;
        for (Line l : raw) {
            if (l.blank()) {
                continue;
            }
            String indent = leading(l.content());
            if (margin == null) {
                margin = indent;
            } else {
                int n = 0;
                while (n < margin.length() && n < indent.length() && margin.charAt(n) == indent.charAt(n)) {
                    n++;
                }
                margin = margin.substring(0, n);
            }
        }
        int cut = margin == null ? 0 : margin.length();
        List<Line> out = new ArrayList<>(raw.size());
        for (Line l : raw) {
            if (l.blank()) {
                out.add(new Line("", new int[0], l.eolOrigin()));
            } else {
                out.add(new Line(l.content().substring(cut),
                        java.util.Arrays.copyOfRange(l.origins(), cut, l.origins().length), l.eolOrigin()));
            }
        }
        this.lines = List.copyOf(out);
        StringBuilder sb = new StringBuilder();
        int[] origin = new int[64];
        int cps = 0;
        int[] starts = new int[lines.size()];
        for (int li = 0; li < lines.size(); li++) {
            Line l = lines.get(li);
            starts[li] = cps;
            String c = l.content();
            for (int i = 0; i < c.length(); ) {
                int cp = c.codePointAt(i);
                if (cps + 2 >= origin.length) {
                    origin = java.util.Arrays.copyOf(origin, origin.length * 2);
                }
                origin[cps++] = l.origins()[i];
                sb.appendCodePoint(cp);
                i += Character.charCount(cp);
            }
            if (cps + 2 >= origin.length) {
                origin = java.util.Arrays.copyOf(origin, origin.length * 2);
            }
            origin[cps++] = l.eolOrigin();
            sb.append('\n');
        }
        origin[cps] = lines.isEmpty() ? 0 : lines.get(lines.size() - 1).eolOrigin() + 1;
        this.text = sb.toString();
        this.cpOrigin = java.util.Arrays.copyOf(origin, cps + 1);
        this.lineStartCp = starts;
    }

    /** Document lines {@code first..last} (0-based, inclusive). */
    public static Snippet ofLines(String doc, LineMap map, int first, int last) {
        List<Line> raw = new ArrayList<>(last - first + 1);
        for (int line = first; line <= last; line++) {
            int s = map.lineStart(line);
            int e = map.lineContentEnd(line);
            int[] origins = new int[e - s];
            for (int i = 0; i < origins.length; i++) {
                origins[i] = s + i;
            }
            raw.add(new Line(doc.substring(s, e), origins, e));
        }
        return new Snippet(raw);
    }

    /** Lines {@code first..last} of this snippet, dedented again (a window of a long unit). */
    public Snippet sub(int first, int last) {
        return new Snippet(lines.subList(first, last + 1));
    }

    /** What the tokenizer reads. */
    public String text() {
        return text;
    }

    public int lineCount() {
        return lines.size();
    }

    /** Code-point index in {@link #text()} where line {@code i} starts. */
    public int lineStartCp(int i) {
        return lineStartCp[i];
    }

    /** Line of a code-point index. */
    public int lineOfCp(int cp) {
        int idx = java.util.Arrays.binarySearch(lineStartCp, cp);
        if (idx >= 0) {
            // empty lines share a start with the next line: take the last line starting here
            while (idx + 1 < lineStartCp.length && lineStartCp[idx + 1] == cp) {
                idx++;
            }
            return idx;
        }
        return -idx - 2;
    }

    /** Document UTF-16 offset of code point {@code cp} of {@link #text()} ({@code cp} may be the length). */
    public int docOffset(int cp) {
        return cpOrigin[Math.max(0, Math.min(cp, cpOrigin.length - 1))];
    }

    /**
     * The document range of code points {@code [startCp, endCp)}, trimmed of surrounding whitespace; null
     * when it holds only whitespace.
     */
    public int[] docRange(String doc, int startCp, int endCp) {
        int s = startCp;
        int e = endCp;
        while (s < e && Character.isWhitespace(text.codePointAt(text.offsetByCodePoints(0, s)))) {
            s++;
        }
        while (e > s && Character.isWhitespace(text.codePointAt(text.offsetByCodePoints(0, e - 1)))) {
            e--;
        }
        if (s >= e) {
            return null;
        }
        int start = docOffset(s);
        int last = docOffset(e - 1);
        int end = last + Character.charCount(doc.codePointAt(last));
        return new int[] {start, Math.max(start, end)};
    }

    private static String leading(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return s.substring(0, i);
    }
}
