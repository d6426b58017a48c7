package dev.pyassist.diagnostics;

import java.util.Comparator;
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

    /**
     * The one order of findings, wherever they are listed (the pipeline, the validator, what the server publishes):
     * by start, then end, then code.
     */
    public static final Comparator<Finding> ORDER =
            Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end).thenComparing(Finding::code);

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
