package dev.pyassist.names;

/** What the scope analysis found, one kind per pyflakes message it mirrors, and the rule each belongs to. */
public enum IssueKind {
    UNDEFINED_NAME("UndefinedName", NamesRule.UNDEFINED_NAME),
    UNDEFINED_EXPORT("UndefinedExport", NamesRule.UNDEFINED_NAME),
    UNDEFINED_LOCAL("UndefinedLocal", NamesRule.UNDEFINED_NAME),
    UNUSED_IMPORT("UnusedImport", NamesRule.UNUSED_IMPORT),
    UNUSED_VARIABLE("UnusedVariable", NamesRule.UNUSED_VARIABLE),
    REDEFINED_WHILE_UNUSED("RedefinedWhileUnused", NamesRule.REDEFINED_UNUSED),
    IMPORT_SHADOWED_BY_LOOP_VAR("ImportShadowedByLoopVar", NamesRule.REDEFINED_UNUSED),
    IMPORT_STAR_USED("ImportStarUsed", NamesRule.IMPORT_STAR),
    IMPORT_STAR_USAGE("ImportStarUsage", NamesRule.IMPORT_STAR);

    private final String pyflakesName;
    private final NamesRule rule;

    IssueKind(String pyflakesName, NamesRule rule) {
        this.pyflakesName = pyflakesName;
        this.rule = rule;
    }

    /** The pyflakes message class this kind corresponds to (for the parity benchmark). */
    public String pyflakesName() {
        return pyflakesName;
    }

    public NamesRule rule() {
        return rule;
    }
}
