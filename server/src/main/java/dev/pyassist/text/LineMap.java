package dev.pyassist.text;

import java.util.Arrays;

/**
 * Line starts of one immutable text, and conversions between UTF-16 offsets (Java's {@code String} index)
 * and (line, column) pairs in any {@link PositionEncoding}. Lines end at {@code \n}, {@code \r\n} or a lone
 * {@code \r}, as both LSP and Python's universal newlines define them.
 *
 * <p>Out-of-range input is clamped the way LSP asks: a column past the line's end means the line's end, a
 * line past the last line means the end of the text; a column inside a surrogate pair or a UTF-8 sequence
 * snaps to the start of that character.
 */
public final class LineMap {
    private final String text;
    private final int[] lineStarts;

    public LineMap(String text) {
        this.text = text;
        char[] cs = text.toCharArray(); // one copy: cheaper than charAt per char under C1
        int[] starts = new int[16];
        int count = 0;
        starts[count++] = 0;
        int n = cs.length;
        for (int i = 0; i < n; i++) {
            char c = cs[i];
            if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < n && cs[i + 1] == '\n') {
                    i++;
                }
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
    }

    private LineMap(String text, int[] lineStarts) {
        this.text = text;
        this.lineStarts = lineStarts;
    }

    /**
     * The map of {@code edited}, which is this text with {@code [start, end)} replaced by {@code inserted}: equal
     * to {@code new LineMap(edited)}, in time proportional to the line count and the insert rather than the
     * text (a keystroke in a 5,000-line file scans a few characters and shifts the starts after it). A line
     * starts after a {@code \n}, or after a {@code \r} not followed by {@code \n}, so a start depends only on the
     * two characters around it: starts before {@code start} stay, starts after {@code end} shift, and the ones
     * in between are found again in the new text.
     */
    public LineMap edited(int start, int end, String inserted, String edited) {
        int delta = inserted.length() - (end - start);
        int n = edited.length();
        int from = Math.max(1, firstStartAtOrAfter(start)); // starts [0, from) are before the edit: kept (0 always)
        int after = firstStartAtOrAfter(end + 1);   // starts [after, ..) are past it: shifted by delta
        int[] out = new int[from + inserted.length() + 1 + (lineStarts.length - after)];
        System.arraycopy(lineStarts, 0, out, 0, from);
        int k = from;
        int last = Math.min(n, start + inserted.length());
        for (int w = Math.max(1, start); w <= last; w++) {
            char c = edited.charAt(w - 1);
            if (c == '\n' || c == '\r' && (w == n || edited.charAt(w) != '\n')) {
                out[k++] = w;
            }
        }
        for (int i = after; i < lineStarts.length; i++) {
            out[k++] = lineStarts[i] + delta;
        }
        return new LineMap(edited, k == out.length ? out : Arrays.copyOf(out, k));
    }

    /** Index of the first line start at or after {@code offset} (the line count when none is). */
    private int firstStartAtOrAfter(int offset) {
        int idx = Arrays.binarySearch(lineStarts, offset);
        return idx >= 0 ? idx : -idx - 1;
    }

    public String text() {
        return text;
    }

    public int lineCount() {
        return lineStarts.length;
    }

    /** UTF-16 offset where {@code line} starts; lines past the end map to the text's length. */
    public int lineStart(int line) {
        if (line < 0) {
            return 0;
        }
        return line >= lineStarts.length ? text.length() : lineStarts[line];
    }

    /** UTF-16 offset of the end of {@code line}'s content, before its line terminator. */
    public int lineContentEnd(int line) {
        if (line >= lineStarts.length) {
            return text.length();
        }
        int end = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length();
        while (end > lineStarts[line] && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return end;
    }

    /** The line's content without its terminator. */
    public String lineText(int line) {
        return text.substring(lineStart(line), lineContentEnd(line));
    }

    /** Zero-based line holding {@code offset} (clamped into the text). */
    public int lineOf(int offset) {
        int clamped = Math.max(0, Math.min(offset, text.length()));
        int idx = Arrays.binarySearch(lineStarts, clamped);
        return idx >= 0 ? idx : -idx - 2;
    }

    /** Column of {@code offset} on its line, counted in {@code encoding}'s units. */
    public int column(int offset, PositionEncoding encoding) {
        int clamped = Math.max(0, Math.min(offset, text.length()));
        int start = lineStarts[lineOf(clamped)];
        return measure(start, clamped, encoding);
    }

    public TextPosition position(int offset, PositionEncoding encoding) {
        int clamped = Math.max(0, Math.min(offset, text.length()));
        return new TextPosition(lineOf(clamped), column(clamped, encoding));
    }

    /** UTF-16 offset of an LSP-style (line, column) position, clamped as the class comment says. */
    public int offset(int line, int column, PositionEncoding encoding) {
        if (line < 0) {
            return 0;
        }
        if (line >= lineStarts.length) {
            return text.length();
        }
        int i = lineStarts[line];
        int end = lineContentEnd(line);
        int remaining = Math.max(0, column);
        while (i < end && remaining > 0) {
            int cp = text.codePointAt(i);
            int units = units(cp, encoding);
            if (units > remaining) {
                break; // column points inside this character: snap to its start
            }
            remaining -= units;
            i += Character.charCount(cp);
        }
        return Math.min(i, end);
    }

    /** Length of {@code text[from, to)} in {@code encoding}'s units. */
    public int measure(int from, int to, PositionEncoding encoding) {
        if (encoding == PositionEncoding.UTF16) {
            return to - from;
        }
        int total = 0;
        for (int i = from; i < to; ) {
            int cp = text.codePointAt(i);
            total += units(cp, encoding);
            i += Character.charCount(cp);
        }
        return total;
    }

    private static int units(int codePoint, PositionEncoding encoding) {
        switch (encoding) {
            case UTF16:
                return Character.charCount(codePoint);
            case UTF32:
                return 1;
            default:
                if (codePoint < 0x80) {
                    return 1;
                }
                if (codePoint < 0x800) {
                    return 2;
                }
                return codePoint < 0x10000 ? 3 : 4;
        }
    }
}
