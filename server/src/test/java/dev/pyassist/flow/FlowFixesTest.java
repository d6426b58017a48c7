package dev.pyassist.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pyassist.names.NamesFixes;
import dev.pyassist.python.PythonParser;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The quick fixes, applied to the text. */
class FlowFixesTest {
    private static String fixed(String src) {
        List<FlowFixes.Fix> fixes = FlowFixes.fixes(src, PythonParser.parse(src), 0, src.length(),
                EnumSet.allOf(FlowRule.class));
        assertEquals(1, fixes.size(), fixes.toString());
        return NamesFixes.apply(src, fixes.get(0).edits());
    }

    @Test
    void removesUnreachableLinesToTheEndOfTheBlock() {
        assertEquals("def f():\n    return 1\ndef g():\n    pass\n",
                fixed("def f():\n    return 1\n    x = 2\n    if x:\n        y = 3  # done\ndef g():\n    pass\n"));
    }

    @Test
    void putsArgumentsBackInTheParametersOrder() {
        assertEquals("def f(a, b):\n    return a\na = b = 1\nf(a, b)\n",
                fixed("def f(a, b):\n    return a\na = b = 1\nf(b, a)\n"));
    }
}
