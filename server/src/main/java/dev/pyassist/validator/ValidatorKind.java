package dev.pyassist.validator;

import java.util.Locale;

/**
 * The validator's finding codes ({@code validator.<kind>}), one per label of the artifact. A label this
 * build does not know still gets a finding, under {@link #SUSPICIOUS}.
 */
public enum ValidatorKind {
    INVERTED_COMPARISON,
    BOUNDARY_COMPARISON,
    /** Format 2: one comparison where another was expected (neither its negation nor its boundary twin). */
    WRONG_COMPARISON,
    WRONG_ARITHMETIC,
    WRONG_BOOLEAN,
    VARIABLE_MISUSE,
    SWAPPED_ARGUMENTS,
    SWAPPED_OPERANDS,
    OFF_BY_ONE,
    DROPPED_NOT,
    /** Format 2: a {@code not} the repair head would delete. */
    SPURIOUS_NOT,
    /** Format 2: {@code True} where {@code False} was expected, or the other way round. */
    WRONG_CONSTANT,
    MISSING_COLON,
    MISSING_BRACKET,
    MISSING_QUOTE,
    MISSING_OPERAND,
    MISSPELLED_KEYWORD,
    BAD_INDENTATION,
    SUSPICIOUS;

    /** {@code validator.inverted-comparison}. */
    public String code() {
        return "validator." + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The artifact's label ({@code inverted_comparison}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ValidatorKind fromLabel(String label) {
        try {
            return valueOf(label.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return SUSPICIOUS;
        }
    }
}
