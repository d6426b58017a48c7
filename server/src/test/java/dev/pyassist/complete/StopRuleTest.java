package dev.pyassist.complete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.complete.StopRule.Extent;
import org.junit.jupiter.api.Test;

class StopRuleTest {

    @Test
    void theTriggerAndTheLineChooseTheExtent() {
        assertEquals(Extent.LINE, StopRule.extent("x = foo(", "", false), "typing inside a line");
        assertEquals(Extent.LINE, StopRule.extent("x = foo(", "bar)", true), "text follows: up to it, even invoked");
        assertEquals(Extent.BLOCK, StopRule.extent("x = foo(", ")", true), "an auto-closed bracket does not count");
        assertEquals(Extent.BLOCK, StopRule.extent("    ", "", false), "an empty line");
        assertEquals(Extent.BLOCK, StopRule.extent("def f(x):", "", false), "a line that opens a block");
    }

    @Test
    void aLineEndsAtItsBreak() {
        assertEquals("a, b)", StopRule.cut("a, b)\nprint(x)\n", Extent.LINE, "f("));
        assertTrue(StopRule.pastExtent("a, b)\np", Extent.LINE, "f("));
        assertFalse(StopRule.pastExtent("a, b", Extent.LINE, "f("));
    }

    @Test
    void aBlockEndsWhereTheIndentationFallsBack() {
        String body = "\n    total = 0\n    for x in xs:\n        total += x\n\n    return total\n\ndef other():\n";
        assertEquals("\n    total = 0\n    for x in xs:\n        total += x\n\n    return total",
                StopRule.cut(body, Extent.BLOCK, "def f(xs):"));
        assertTrue(StopRule.pastExtent(body, Extent.BLOCK, "def f(xs):"));
        assertFalse(StopRule.pastExtent("\n    total = 0\n    ", Extent.BLOCK, "def f(xs):"), "still inside");
        // on an empty line inside a body: the statements of that body, not the next function
        assertEquals("y = 2\n    return y", StopRule.cut("y = 2\n    return y\nz = 3\n", Extent.BLOCK, "    "));
    }

    @Test
    void aBlockHasALineLimit() {
        String many = "x = 1\n".repeat(40);
        assertEquals(StopRule.MAX_BLOCK_LINES, StopRule.cut(many, Extent.BLOCK, "").split("\n").length);
    }
}
