package dev.pyassist.diagnostics;

/** Codes of the findings pyassist makes about a file itself rather than about its Python. */
public enum ServerCode {
    /** The file is longer than {@code diagnostics.maxFileChars}; nothing else was analysed. */
    TOO_LARGE("pyassist.too-large"),
    /** The file could not be read (CLI only). */
    UNREADABLE("pyassist.unreadable"),
    /** A layer failed on this file; the log has the details. */
    INTERNAL_ERROR("pyassist.internal-error");

    private final String code;

    ServerCode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** A finding at the start of the file. */
    public Finding at0(Severity severity, String message) {
        return new Finding(code, severity, message, 0, 0);
    }
}
