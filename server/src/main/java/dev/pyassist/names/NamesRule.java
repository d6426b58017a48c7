package dev.pyassist.names;

import dev.pyassist.diagnostics.Severity;

/** The names layer's rules: each is a diagnostic {@code code}, a default severity and a settings switch. */
public enum NamesRule {
    /** A name that no enclosing scope, builtin or import defines (also {@code __all__} entries and locals read too early). */
    UNDEFINED_NAME("names.undefined-name", Severity.ERROR, "undefinedName"),
    /** An import never used in its scope (not counting re-exports through {@code __all__} or a package {@code __init__.py}). */
    UNUSED_IMPORT("names.unused-import", Severity.WARNING, "unusedImport"),
    /** A local variable assigned and never read. */
    UNUSED_VARIABLE("names.unused-variable", Severity.WARNING, "unusedVariable"),
    /** An import, function or class bound again before its first binding was ever used. */
    REDEFINED_UNUSED("names.redefined-unused", Severity.WARNING, "redefinedUnused"),
    /** {@code from m import *}: names it may define cannot be checked. */
    IMPORT_STAR("names.import-star", Severity.INFORMATION, "importStar");

    private final String code;
    private final Severity severity;
    private final String settingKey;

    NamesRule(String code, Severity severity, String settingKey) {
        this.code = code;
        this.severity = severity;
        this.settingKey = settingKey;
    }

    public String code() {
        return code;
    }

    public Severity severity() {
        return severity;
    }

    /** The key of this rule's on/off switch in the {@code names} settings section. */
    public String settingKey() {
        return settingKey;
    }

    public static NamesRule byCode(String code) {
        for (NamesRule r : values()) {
            if (r.code.equals(code)) {
                return r;
            }
        }
        return null;
    }
}
