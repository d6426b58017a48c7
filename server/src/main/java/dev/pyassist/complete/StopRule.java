package dev.pyassist.complete;

/**
 * Where a suggestion ends: at the end of the cursor's line, or at the end of the block the cursor is in, chosen from
 * the trigger and the line. Typing in the middle of a line gets the rest of that line; an explicit request, an empty
 * line or a line that opens a block (ends with {@code :}) gets a block.
 */
public final class StopRule {
    /** How far a suggestion may go. */
    public enum Extent { LINE, BLOCK }

    /** A block suggestion has at most this many lines. */
    static final int MAX_BLOCK_LINES = 16;

    private StopRule() {}

    /**
     * @param linePrefix the cursor's line up to the cursor
     * @param lineSuffix the cursor's line after the cursor
     * @param invoked    the user asked (a key binding) rather than typed
     */
    public static Extent extent(String linePrefix, String lineSuffix, boolean invoked) {
        if (!closersOnly(lineSuffix)) {
            return Extent.LINE; // text follows on the line: complete up to it
        }
        if (invoked || linePrefix.isBlank() || linePrefix.stripTrailing().endsWith(":")) {
            return Extent.BLOCK;
        }
        return Extent.LINE;
    }

    /** Only closing brackets, quotes, a colon or whitespace follow: the editor's auto-closed pairs. */
    private static boolean closersOnly(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (")]}'\":, \t\r\n".indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The part of {@code text} (what the model wrote at the cursor) inside the extent: for a line, up to its first
     * line break; for a block, the lines until one is indented less than the cursor's line, or no deeper than it
     * when that line opens a block, at most {@link #MAX_BLOCK_LINES}. Trailing blank lines are dropped.
     */
    public static String cut(String text, Extent extent, String linePrefix) {
        int nl = text.indexOf('\n');
        if (extent == Extent.LINE || nl < 0) {
            return nl < 0 ? text : text.substring(0, nl);
        }
        String first = linePrefix + text.substring(0, nl);
        int base = indent(first);
        boolean opens = first.strip().endsWith(":");
        if (first.isBlank()) {
            base = linePrefix.length(); // the cursor's indentation is the block's
        }
        int end = nl;
        int kept = 1;
        int pos = nl + 1;
        while (pos <= text.length() && kept < MAX_BLOCK_LINES) {
            int next = text.indexOf('\n', pos);
            int lineEnd = next < 0 ? text.length() : next;
            String line = text.substring(pos, lineEnd);
            if (!line.isBlank()) {
                int in = indent(line);
                if (in < base || (opens && in <= base)) {
                    break;
                }
                end = lineEnd;
                kept++;
            } else if (next < 0) {
                break;
            }
            if (next < 0) {
                break;
            }
            pos = next + 1;
        }
        return stripTrailingBlankLines(text.substring(0, end));
    }

    /** Whether {@code text} already runs past the extent (the model may be stopped). */
    public static boolean pastExtent(String text, Extent extent, String linePrefix) {
        if (extent == Extent.LINE) {
            int nl = text.indexOf('\n');
            return nl >= 0 && (nl > 0 || !linePrefix.isBlank());
        }
        // a line after the kept ones has shown its first character: it ends the block, whatever follows
        String kept = cut(text, extent, linePrefix);
        return !text.substring(Math.min(kept.length(), text.length())).isBlank();
    }

    static int indent(String line) {
        int i = 0;
        int width = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            width += line.charAt(i) == '\t' ? 8 - width % 8 : 1;
            i++;
        }
        return width;
    }

    private static String stripTrailingBlankLines(String s) {
        int end = s.length();
        while (end > 0) {
            int prev = s.lastIndexOf('\n', end - 1);
            if (prev < 0 || !s.substring(prev + 1, end).isBlank()) {
                break;
            }
            end = prev;
        }
        return s.substring(0, end);
    }
}
