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
}
