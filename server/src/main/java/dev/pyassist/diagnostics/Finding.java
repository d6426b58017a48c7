package dev.pyassist.diagnostics;

import java.util.Map;
import java.util.Objects;

/**
 * One thing pyassist says about a Python text, independent of LSP and of the CLI's formats.
 *
 * @param code the rule, prefixed by its layer ({@code syntax.expected-colon}, {@code names.undefined}, ...)
 * @param start UTF-16 offset into the analysed text (inclusive)
 * @param end UTF-16 offset into the analysed text (exclusive)
 * @param data extra machine-readable facts (scores, proposed repairs); empty when none
 */
public record Finding(String code, Severity severity, String message, int start, int end, Map<String, Object> data) {
    public static final String SOURCE = "pyassist";

    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad range [" + start + ", " + end + ")");
        }
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    public Finding(String code, Severity severity, String message, int start, int end) {
        this(code, severity, message, start, end, Map.of());
    }

    /** The layer this finding comes from: the code up to its first dot. */
    public String layer() {
        int dot = code.indexOf('.');
        return dot < 0 ? code : code.substring(0, dot);
    }
}
