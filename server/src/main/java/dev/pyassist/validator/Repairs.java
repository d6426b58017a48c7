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

    private Repairs() {}

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
