package dev.pyassist.validator;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repair a finding's kind implies, when it is unambiguous: negate or re-bound a comparison, flip
 * {@code and}/{@code or}, swap an arithmetic operator for its usual partner, insert a missing {@code not}.
 * Works on the flagged text, so a code action can recompute it on the document as it is now.
 */
public final class Repairs {
    /** Replace {@code [start, end)} of the flagged text with {@code newText}. */
    public record Repair(int start, int end, String newText, String title) {}

    private static final Pattern COMPARISON = Pattern.compile("is\\s+not|not\\s+in|<=|>=|==|!=|<|>|\\bis\\b|\\bin\\b");
    private static final Pattern BOOLEAN = Pattern.compile("\\b(and|or)\\b");
    private static final Pattern ARITHMETIC = Pattern.compile("//|<<|>>|\\*\\*|[-+*/%&|]");

    private static final Map<String, String> INVERT = Map.ofEntries(
            Map.entry("<", ">="), Map.entry(">=", "<"), Map.entry(">", "<="), Map.entry("<=", ">"),
            Map.entry("==", "!="), Map.entry("!=", "=="), Map.entry("is", "is not"), Map.entry("is not", "is"),
            Map.entry("in", "not in"), Map.entry("not in", "in"));
    private static final Map<String, String> BOUNDARY = Map.of("<", "<=", "<=", "<", ">", ">=", ">=", ">");
    private static final Map<String, String> ARITH = Map.of("+", "-", "-", "+", "*", "/", "/", "*", "//", "%",
            "%", "//", "<<", ">>", ">>", "<<", "&", "|", "|", "&");

    private static final java.util.Set<String> COMPARISONS =
            java.util.Set.of("<", "<=", ">", ">=", "==", "!=", "is", "is not", "in", "not in");
    private static final java.util.Set<String> ARITHMETIC_OPS =
            java.util.Set.of("+", "-", "*", "/", "//", "%", "**", "@", "&", "|", "^", "<<", ">>");
    private static final Pattern AUGMENTED = Pattern.compile("(//|<<|>>|\\*\\*|[-+*/%@&|^])=");
    private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*");
    private static final Pattern NUMBER = Pattern.compile("(?i)(0[xob])?[0-9][0-9a-f_]*(\\.[0-9_]*)?(e[-+]?[0-9]+)?j?|\\.[0-9][0-9_]*");
    private static final java.util.Set<String> KEYWORDS = java.util.Set.of("False", "None", "True", "and", "as",
            "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
            "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass",
            "raise", "return", "try", "while", "with", "yield");

    private Repairs() {}

    /**
     * The kind of a format-2 finding, when replacing {@code original} by {@code expected} (the repair head's
     * text; empty = delete) is a plausible repair of the same lexical class: an operator for an operator, a
     * name that occurs in the unit for a name, a number for a number, {@code True}/{@code False},
     * {@code and}/{@code or}, or deleting a {@code not}. Empty when it is not (the finding then names no
     * expected text and offers no fix).
     */
    public static Optional<ValidatorKind> plausible(String original, String expected, java.util.Set<String> unitNames) {
        String o = original.strip().replaceAll("\\s+", " ");
        String e = expected.strip().replaceAll("\\s+", " ");
        if (o.equals(e) || o.isEmpty()) {
            return Optional.empty();
        }
        if (e.isEmpty()) {
            return o.equals("not") ? Optional.of(ValidatorKind.SPURIOUS_NOT) : Optional.empty();
        }
        if (COMPARISONS.contains(o) && COMPARISONS.contains(e)) {
            if (e.equals(INVERT.get(o))) {
                return Optional.of(ValidatorKind.INVERTED_COMPARISON);
            }
            return Optional.of(e.equals(BOUNDARY.get(o)) ? ValidatorKind.BOUNDARY_COMPARISON
                    : ValidatorKind.WRONG_COMPARISON);
        }
        boolean oOp = COMPARISONS.contains(o) || ARITHMETIC_OPS.contains(o);
        boolean eOp = COMPARISONS.contains(e) || ARITHMETIC_OPS.contains(e);
        if (oOp && eOp && !KEYWORDS.contains(o) && !KEYWORDS.contains(e)) {
            return Optional.of(COMPARISONS.contains(o) || COMPARISONS.contains(e) ? ValidatorKind.WRONG_COMPARISON
                    : ValidatorKind.WRONG_ARITHMETIC);
        }
        if (AUGMENTED.matcher(o).matches() && AUGMENTED.matcher(e).matches()) {
            return Optional.of(ValidatorKind.WRONG_ARITHMETIC);
        }
        if (pair(o, e, "and", "or")) {
            return Optional.of(ValidatorKind.WRONG_BOOLEAN);
        }
        if (pair(o, e, "True", "False")) {
            return Optional.of(ValidatorKind.WRONG_CONSTANT);
        }
        if (NUMBER.matcher(o).matches() && NUMBER.matcher(e).matches()) {
            return Optional.of(ValidatorKind.OFF_BY_ONE);
        }
        if (IDENTIFIER.matcher(o).matches() && !KEYWORDS.contains(o) && IDENTIFIER.matcher(e).matches()
                && !KEYWORDS.contains(e) && unitNames.contains(e)) {
            return Optional.of(ValidatorKind.VARIABLE_MISUSE);
        }
        return Optional.empty();
    }

    /** The kind to name when the repair head gives nothing plausible: by what the flagged token is. */
    public static ValidatorKind kindOf(String original) {
        String o = original.strip().replaceAll("\\s+", " ");
        if (COMPARISONS.contains(o)) {
            return ValidatorKind.WRONG_COMPARISON;
        }
        if (ARITHMETIC_OPS.contains(o) || AUGMENTED.matcher(o).matches()) {
            return ValidatorKind.WRONG_ARITHMETIC;
        }
        if (o.equals("and") || o.equals("or")) {
            return ValidatorKind.WRONG_BOOLEAN;
        }
        if (o.equals("True") || o.equals("False")) {
            return ValidatorKind.WRONG_CONSTANT;
        }
        if (o.equals("not")) {
            return ValidatorKind.SPURIOUS_NOT;
        }
        if (NUMBER.matcher(o).matches()) {
            return ValidatorKind.OFF_BY_ONE;
        }
        if (IDENTIFIER.matcher(o).matches() && !KEYWORDS.contains(o)) {
            return ValidatorKind.VARIABLE_MISUSE;
        }
        return ValidatorKind.SUSPICIOUS;
    }

    private static boolean pair(String a, String b, String x, String y) {
        return (a.equals(x) && b.equals(y)) || (a.equals(y) && b.equals(x));
    }

    public static Optional<Repair> propose(ValidatorKind kind, String flagged) {
        switch (kind) {
            case INVERTED_COMPARISON:
                return single(COMPARISON, flagged, INVERT);
            case BOUNDARY_COMPARISON:
                return single(COMPARISON, flagged, BOUNDARY);
            case WRONG_BOOLEAN:
                return single(BOOLEAN, flagged, Map.of("and", "or", "or", "and"));
            case WRONG_ARITHMETIC:
                return single(ARITHMETIC, flagged, ARITH);
            case DROPPED_NOT:
                if (flagged.isBlank()) {
                    return Optional.empty();
                }
                return Optional.of(new Repair(0, 0, "not ", "Insert 'not' before '" + flagged.strip() + "'"));
            default:
                return Optional.empty();
        }
    }

    /** Applies a repair to the flagged text. */
    public static String apply(Repair r, String flagged) {
        return flagged.substring(0, r.start()) + r.newText() + flagged.substring(r.end());
    }

    private static Optional<Repair> single(Pattern operators, String flagged, Map<String, String> swap) {
        Matcher m = operators.matcher(flagged);
        Repair found = null;
        while (m.find()) {
            String op = m.group().replaceAll("\\s+", " ");
            String to = swap.get(op);
            if (to == null) {
                continue;
            }
            if (found != null) {
                return Optional.empty(); // two candidates: not unambiguous
            }
            found = new Repair(m.start(), m.end(), to, "Change '" + op + "' to '" + to + "'");
        }
        return Optional.ofNullable(found);
    }
}
