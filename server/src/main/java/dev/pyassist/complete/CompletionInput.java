package dev.pyassist.complete;

import dev.pyassist.python.ParseResult;
import dev.pyassist.python.PythonVersion;

/**
 * One request for a suggestion.
 *
 * @param uri     the document
 * @param path    its path as the model is shown it (relative to the workspace where possible)
 * @param text    the buffer at the request's version
 * @param cursor  UTF-16 offset of the cursor in {@code text}
 * @param invoked the user asked explicitly (no debounce; a block may be suggested anywhere)
 * @param parse   the buffer's parse for {@code target} (the one diagnostics share), asked for on a worker thread
 *                (the first caller of a version parses it); null to parse here
 * @param target  the Python version the gate parses for
 */
public record CompletionInput(String uri, String path, String text, int cursor, boolean invoked,
        java.util.function.Supplier<ParseResult> parse, PythonVersion target) {

    public CompletionInput {
        if (cursor < 0 || cursor > text.length()) {
            throw new IllegalArgumentException("cursor " + cursor + " outside a text of " + text.length());
        }
    }

    String prefix() {
        return text.substring(0, cursor);
    }

    String suffix() {
        return text.substring(cursor);
    }

    /** The cursor's line up to the cursor. */
    String linePrefix() {
        int start = text.lastIndexOf('\n', cursor - 1) + 1;
        return text.substring(start, cursor);
    }

    /** The cursor's line after the cursor. */
    String lineSuffix() {
        int end = text.indexOf('\n', cursor);
        return text.substring(cursor, end < 0 ? text.length() : end);
    }
}
