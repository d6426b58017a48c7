package dev.pyassist.files;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Error messages about a file's contents that quote none of them. A model path can be a link to
 * {@code /etc/shadow}: a parser's message ("Unrecognized token 'root'") would show its first bytes to whoever reads
 * the error (a notification, a log, a CI report).
 */
public final class SafeMessages {
    private static final int MAX = 200;

    private SafeMessages() {}

    /** {@code not valid JSON (line 3, column 7)}: where, never what. */
    public static String invalidJson(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 0) {
            return "not valid JSON";
        }
        return "not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /**
     * A library's message with every quoted excerpt ({@code `...`}, {@code '...'}, {@code "..."}) replaced by
     * {@code ...}, and cut to 200 characters: for messages from code (a native tokenizer, a model loader) that may
     * quote the input it choked on.
     */
    public static String withoutQuotes(String message) {
        if (message == null) {
            return "";
        }
        String s = message.replaceAll("`[^`]*`", "...").replaceAll("'[^']*'", "...").replaceAll("\"[^\"]*\"", "...");
        int nl = s.indexOf('\n');
        if (nl >= 0) {
            s = s.substring(0, nl);
        }
        return s.length() > MAX ? s.substring(0, MAX) + "..." : s;
    }
}
