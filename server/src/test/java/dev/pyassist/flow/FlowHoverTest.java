package dev.pyassist.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.python.PythonParser;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The hover's words over unbound names: the path when one is known, and only on the flagged name. */
class FlowHoverTest {
    private static Optional<FlowHover.Text> at(String text, String marker) {
        int offset = text.indexOf(marker);
        return FlowHover.at(text, PythonParser.parse(text), offset, EnumSet.allOf(FlowRule.class));
    }

    private static String why(FlowHover.Text t) {
        return t.markdown().split("\n\n")[1];
    }

    @Test
    void thePathOfAPossiblyUnboundNameAndTheRangeOfTheName() {
        String text = "def f(c):\n    if c:\n        x = 1\n    return x + 1\n";
        FlowHover.Text t = at(text, "x + 1").orElseThrow();
        assertEquals("`x` is unbound when the `if` condition on line 2 is false.", why(t));
        assertEquals(text.indexOf("x + 1"), t.start());
        assertEquals(t.start() + 1, t.end());
        assertTrue(at(text, " + 1").isPresent(), "a cursor just after the name still hovers it");
        assertTrue(at(text, "+ 1").isEmpty());
        assertTrue(at(text, "c:").isEmpty(), "no finding, no hover");
    }

    @Test
    void anExceptionPathAndTheSilenceOfOtherRules() {
        String text = "def f():\n    try:\n        import zlib\n    except ImportError:\n        pass\n"
                + "    return zlib\n    print(1)\n";
        assertEquals("`zlib` is unbound when an exception is raised in the `try` on line 2 before it is assigned.",
                why(at(text, "zlib\n    print").orElseThrow()));
        assertTrue(at(text, "print(1)").isEmpty(), "unreachable code has its message, not this hover");
    }

    @Test
    void aNameUnboundOnEveryPathWithoutAReason() {
        assertEquals("**flow.used-before-assignment** (pylint's used-before-assignment)\n\n`x` is unbound on every"
                + " path to this line: no statement before it assigns it.\n\n`# pyassist: ignore` on the line silences"
                + " it; setting `flow.usedBeforeAssignment` turns the rule off.",
                FlowHover.markdown(FlowRule.USED_BEFORE_ASSIGNMENT, java.util.Map.of("name", "x")));
    }
}
