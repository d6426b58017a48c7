package dev.pyassist.diagnostics;

import java.util.Locale;

/** Severity of a finding, in LSP's order (1 = most severe). */
public enum Severity {
    ERROR,
    WARNING,
    INFORMATION,
    HINT;

    /** The LSP {@code DiagnosticSeverity} number. */
    public int lspValue() {
        return ordinal() + 1;
    }

    /** Lower-case name as the CLI prints it and as settings spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    /** A setting's severity ({@code validator.severity}), or {@code fallback} when it does not name one. */
    public static Severity parseOr(String text, Severity fallback) {
        try {
            return parse(text);
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
