package dev.pyassist.complete;

import dev.pyassist.assist.ContextSource;
import dev.pyassist.python.ParseResult;
import dev.pyassist.python.SourceUnit;
import dev.pyassist.python.SourceUnits;
import dev.pyassist.text.LineMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a completion prompt holds: a comment header (the file's path, related workspace code, the imports that fell
 * out of the window), then the code before the cursor and the code after it, each within a token budget.
 *
 * <p>Both windows hold whole lines. The prefix window's first line moves in steps of {@link #WINDOW_STEP} lines, not
 * one line per keystroke, so consecutive prompts begin with the same text and the local engine's prefix cache keeps
 * its work; the related code is looked up with the lines before the cursor's (which do not change while one line is
 * typed) for the same reason.
 *
 * @param header comment lines (each ends with a newline), possibly empty
 * @param prefix the code before the cursor inside the window
 * @param suffix the code after the cursor inside the window
 * @param path   the file's path as shown to the model
 */
public record PromptContext(String header, String prefix, String suffix, String path) {

    /** A conservative estimate for code in byte-level BPE vocabularies (StarCoder's averages nearer 3.5). */
    static final int CHARS_PER_TOKEN = 3;
    /** The prefix window starts on a multiple of this many lines. */
    static final int WINDOW_STEP = 32;
    private static final int MAX_IMPORT_LINES = 40;
    private static final int QUERY_LINES = 12;
    private static final int MAX_SNIPPETS = 3;

    /** The header and the prefix, as they go into a template's {@code {prefix}}. */
    public String fullPrefix() {
        return header + prefix;
    }

    /**
     * Cuts the windows out of {@code text} around {@code cursor} and builds the header.
     *
     * @param snippetChars characters of related code for the header; 0 for none
     */
    public static PromptContext build(String text, int cursor, String uri, String path, int maxPrefixTokens,
            int maxSuffixTokens, int snippetChars, ContextSource related) {
        return build(text, null, cursor, uri, path, maxPrefixTokens, maxSuffixTokens, snippetChars, related);
    }

    /**
     * As above, with the buffer's parse (null when there is none: the units are then found by indentation), which
     * tells the function or class the cursor is in: the index's copy of it is the code being written, never its own
     * context.
     */
    public static PromptContext build(String text, ParseResult parse, int cursor, String uri, String path,
            int maxPrefixTokens, int maxSuffixTokens, int snippetChars, ContextSource related) {
        LineMap lines = new LineMap(text);
        int cursorLine = lines.lineOf(cursor);
        int startLine = prefixStartLine(lines, cursor, cursorLine, (long) maxPrefixTokens * CHARS_PER_TOKEN);
        int start = lines.lineStart(startLine);
        String prefix = text.substring(start, cursor);
        String suffix = text.substring(cursor, suffixEnd(text, lines, cursor, cursorLine,
                (long) maxSuffixTokens * CHARS_PER_TOKEN));

        StringBuilder header = new StringBuilder();
        if (path != null && !path.isEmpty()) {
            header.append("# Path: ").append(path).append('\n');
        }
        if (snippetChars > 0 && related != null) {
            String query = text.substring(lines.lineStart(Math.max(0, cursorLine - QUERY_LINES)),
                    lines.lineStart(cursorLine));
            if (!query.isBlank()) {
                String writing = writtenUnit(SourceUnits.of(text, parse), text, cursor)
                        .map(SourceUnit::qualifiedName).orElse(null);
                for (ContextSource.ContextUnit u : related.find(query, uri, writing, MAX_SNIPPETS, snippetChars)) {
                    header.append("# Related code from ").append(u.file()).append(":\n");
                    for (String l : u.code().split("\\R", -1)) {
                        header.append(l.isEmpty() ? "#" : "# " + l).append('\n');
                    }
                }
            }
        }
        List<String> imports = importsBefore(lines, startLine);
        if (!imports.isEmpty()) {
            imports.forEach(l -> header.append(l).append('\n'));
            header.append('\n');
        }
        return new PromptContext(header.toString(), prefix, suffix, path == null ? "" : path);
    }

    /**
     * The innermost function or class the cursor is writing: one that holds it, or one whose last line it is on, or
     * one it continues on an indented line below it (with only blank lines between), where the parse ended the unit
     * before the code being typed.
     */
    static Optional<SourceUnit> writtenUnit(List<SourceUnit> units, String text, int cursor) {
        SourceUnit best = null;
        for (SourceUnit u : units) {
            if (u.start() <= cursor && (best == null || u.start() > best.start()) && continues(u, text, cursor)) {
                best = u;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean continues(SourceUnit u, String text, int cursor) {
        int lastLineEnd = SourceUnits.lineEnd(text, u.end());
        if (cursor <= lastLineEnd) {
            return true;
        }
        int cursorLine = SourceUnits.lineStart(text, cursor);
        if (!text.substring(lastLineEnd, cursorLine).isBlank()) {
            return false;
        }
        int headerIndent = u.start() - SourceUnits.lineStart(text, u.start());
        return SourceUnits.indentOf(text, cursor).length() > headerIndent;
    }

    /** The first line of the window: the earliest that fits the budget, moved on to the next {@link #WINDOW_STEP}. */
    static int prefixStartLine(LineMap lines, int cursor, int cursorLine, long budgetChars) {
        int lo = 0;
        int hi = cursorLine;
        while (lo < hi) { // the smallest line whose start leaves at most budgetChars before the cursor
            int mid = (lo + hi) >>> 1;
            if (cursor - lines.lineStart(mid) <= budgetChars) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        if (lo == 0) {
            return 0;
        }
        int stepped = (lo + WINDOW_STEP - 1) / WINDOW_STEP * WINDOW_STEP;
        return Math.min(stepped, cursorLine);
    }

    /** The end of the suffix window: the rest of the cursor's line, then whole lines while they fit. */
    static int suffixEnd(String text, LineMap lines, int cursor, int cursorLine, long budgetChars) {
        int end = lineEndWithBreak(text, lines, cursorLine);
        if (end - cursor > budgetChars) {
            return (int) (cursor + budgetChars); // one very long line: cut inside it
        }
        for (int l = cursorLine + 1; l < lines.lineCount(); l++) {
            int next = lineEndWithBreak(text, lines, l);
            if (next - cursor > budgetChars) {
                break;
            }
            end = next;
        }
        return end;
    }

    private static int lineEndWithBreak(String text, LineMap lines, int line) {
        return line + 1 < lines.lineCount() ? lines.lineStart(line + 1) : text.length();
    }

    /** Top-level import lines above the window (the window's own the model sees anyway). */
    static List<String> importsBefore(LineMap lines, int startLine) {
        List<String> out = new ArrayList<>();
        for (int l = 0; l < startLine && out.size() < MAX_IMPORT_LINES; l++) {
            String t = lines.lineText(l);
            if ((t.startsWith("import ") || t.startsWith("from ")) && !t.strip().endsWith("(")
                    && !t.strip().endsWith("\\")) {
                out.add(t.stripTrailing());
            }
        }
        return out;
    }
}
