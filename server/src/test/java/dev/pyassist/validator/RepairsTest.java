package dev.pyassist.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RepairsTest {
    static String repaired(ValidatorKind kind, String flagged) {
        return Repairs.propose(kind, flagged).map(r -> Repairs.apply(r, flagged)).orElse(null);
    }

    @Test
    void comparisonsAreNegatedOrReBounded() {
        assertEquals(">=", repaired(ValidatorKind.INVERTED_COMPARISON, "<"));
        assertEquals("x <= y", repaired(ValidatorKind.INVERTED_COMPARISON, "x > y"));
        assertEquals("is not", repaired(ValidatorKind.INVERTED_COMPARISON, "is"));
        assertEquals("in", repaired(ValidatorKind.INVERTED_COMPARISON, "not in"));
        assertEquals("!=", repaired(ValidatorKind.INVERTED_COMPARISON, "=="));
        assertEquals("<=", repaired(ValidatorKind.BOUNDARY_COMPARISON, "<"));
        assertEquals("Change '<' to '>='", Repairs.propose(ValidatorKind.INVERTED_COMPARISON, "<").get().title());
    }

    @Test
    void otherOperators() {
        assertEquals("or", repaired(ValidatorKind.WRONG_BOOLEAN, "and"));
        assertEquals("a - b", repaired(ValidatorKind.WRONG_ARITHMETIC, "a + b"));
        assertEquals("%", repaired(ValidatorKind.WRONG_ARITHMETIC, "//"));
        assertEquals("not done", repaired(ValidatorKind.DROPPED_NOT, "done"));
    }

    @Test
    void ambiguousOrUnknownMeansNoRepair() {
        assertTrue(Repairs.propose(ValidatorKind.INVERTED_COMPARISON, "a < b < c").isEmpty());
        assertTrue(Repairs.propose(ValidatorKind.INVERTED_COMPARISON, "total").isEmpty());
        assertTrue(Repairs.propose(ValidatorKind.VARIABLE_MISUSE, "x").isEmpty());
        assertTrue(Repairs.propose(ValidatorKind.SWAPPED_ARGUMENTS, "f(a, b)").isEmpty());
    }

    @Test
    void sensitivityMovesThresholdsMonotonically() {
        assertEquals(0.45, new ValidatorOptions(0, dev.pyassist.diagnostics.Severity.WARNING, false).adjust(0.45), 1e-9);
        assertEquals(0.0, new ValidatorOptions(1, dev.pyassist.diagnostics.Severity.WARNING, false).adjust(0.45), 1e-9);
        assertEquals(1.0, new ValidatorOptions(-1, dev.pyassist.diagnostics.Severity.WARNING, false).adjust(0.45), 1e-9);
        assertEquals(0.725, new ValidatorOptions(-0.5, dev.pyassist.diagnostics.Severity.WARNING, false).adjust(0.45), 1e-9);
        assertEquals(1.0, new ValidatorOptions(7, dev.pyassist.diagnostics.Severity.WARNING, false).sensitivity());
    }

    @Test
    void aRepairHeadsTokenIsPlausibleOnlyAsAReplacementOfTheSameKind() {
        java.util.Set<String> names = java.util.Set.of("lo", "hi", "x");
        assertEquals(java.util.Optional.of(ValidatorKind.INVERTED_COMPARISON), Repairs.plausible(">=", "<", names));
        assertEquals(java.util.Optional.of(ValidatorKind.BOUNDARY_COMPARISON), Repairs.plausible(">=", ">", names));
        assertEquals(java.util.Optional.of(ValidatorKind.WRONG_COMPARISON), Repairs.plausible("==", "<", names));
        assertEquals(java.util.Optional.of(ValidatorKind.INVERTED_COMPARISON), Repairs.plausible("is", "is not", names));
        assertEquals(java.util.Optional.of(ValidatorKind.WRONG_ARITHMETIC), Repairs.plausible("+", "-", names));
        assertEquals(java.util.Optional.of(ValidatorKind.WRONG_ARITHMETIC), Repairs.plausible("+=", "-=", names));
        assertEquals(java.util.Optional.of(ValidatorKind.WRONG_BOOLEAN), Repairs.plausible("and", "or", names));
        assertEquals(java.util.Optional.of(ValidatorKind.WRONG_CONSTANT), Repairs.plausible("True", "False", names));
        assertEquals(java.util.Optional.of(ValidatorKind.OFF_BY_ONE), Repairs.plausible("1", "0", names));
        assertEquals(java.util.Optional.of(ValidatorKind.VARIABLE_MISUSE), Repairs.plausible("lo", "hi", names));
        assertEquals(java.util.Optional.of(ValidatorKind.SPURIOUS_NOT), Repairs.plausible("not", "", names));
        // not plausible: another class, a name the unit does not use, a keyword, no change, deleting anything else
        for (String[] no : new String[][] {{">=", "lo"}, {"lo", "width"}, {"lo", "return"}, {"<", "<"}, {"x", ""},
                {"1", "x"}, {"and", "+"}, {"(", ")"}}) {
            assertTrue(Repairs.plausible(no[0], no[1], names).isEmpty(), no[0] + " -> " + no[1]);
        }
        assertEquals(ValidatorKind.VARIABLE_MISUSE, Repairs.kindOf("lo"));
        assertEquals(ValidatorKind.WRONG_COMPARISON, Repairs.kindOf("not in"));
        assertEquals(ValidatorKind.SUSPICIOUS, Repairs.kindOf("("));
    }
}
