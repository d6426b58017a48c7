package dev.pyassist.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.python.PythonParser;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The certain fixes: each applied to its text gives the expected text, and the result still parses. */
class NamesFixesTest {
    private static List<NamesFixes.Fix> fixesAt(String text, String marker) {
        int at = text.indexOf(marker);
        return NamesFixes.fixes(text, PythonParser.parse(text), at, at, EnumSet.allOf(NamesRule.class));
    }

    private static String applyFirst(String text, String marker) {
        List<NamesFixes.Fix> fixes = fixesAt(text, marker);
        assertTrue(!fixes.isEmpty(), "no fix at " + marker);
        String fixed = NamesFixes.apply(text, fixes.get(0).edits());
        assertTrue(PythonParser.parse(fixed).ok(), () -> "fix breaks the syntax:\n" + fixed);
        return fixed;
    }

    @Test
    void removesAWholeImportLine() {
        assertEquals("import sys\nprint(sys)\n", applyFirst("import os\nimport sys\nprint(sys)\n", "os"));
        assertEquals("x = 1\n", applyFirst("import os  # old\nx = 1\n", "os"));
    }

    @Test
    void removesOneNameOfSeveral() {
        assertEquals("from os import sep\nprint(sep)\n",
                applyFirst("from os import path, sep\nprint(sep)\n", "path"));
        assertEquals("from os import path\nprint(path)\n",
                applyFirst("from os import path, sep\nprint(path)\n", "sep"));
        assertEquals("from os import (\n    sep,\n)\nprint(sep)\n",
                applyFirst("from os import (\n    path,\n    sep,\n)\nprint(sep)\n", "path"));
        assertEquals("import sys\nprint(sys)\n", applyFirst("import os, sys\nprint(sys)\n", "os"));
    }

    @Test
    void offersTheWholeStatementWhenAllNamesAreUnused() {
        List<NamesFixes.Fix> fixes = fixesAt("from os import path, sep\n", "path");
        assertEquals(2, fixes.size());
        assertEquals("Remove unused import 'os.path'", fixes.get(0).title());
        assertEquals("Remove unused import statement", fixes.get(1).title());
        assertEquals("", NamesFixes.apply("from os import path, sep\n", fixes.get(1).edits()));
    }

    @Test
    void keepsBlocksValidAndSemicolonsTidy() {
        assertEquals("try:\n    pass\nexcept ImportError:\n    pass\n",
                applyFirst("try:\n    import json\nexcept ImportError:\n    pass\n", "json"));
        assertEquals("x = 1\n", applyFirst("x = 1; import os\n", "os"));
        assertEquals("x = 1\n", applyFirst("import os; x = 1\n", "os"));
    }

    @Test
    void didYouMeanReplacesTheName() {
        String text = "result = compute = 1\nprint(resutl)\n";
        List<NamesFixes.Fix> fixes = fixesAt(text, "resutl");
        assertEquals(1, fixes.size());
        assertEquals("Replace with 'result'", fixes.get(0).title());
        assertEquals("result = compute = 1\nprint(result)\n", NamesFixes.apply(text, fixes.get(0).edits()));
        // two candidates one edit away: no certain fix
        assertEquals(List.of(), fixesAt("cat = car = 1\nprint(cap)\n", "cap"));
    }

    @Test
    void noFixForSuppressedOrDisabledFindings() {
        assertEquals(List.of(), fixesAt("import os  # noqa\n", "os"));
        String text = "import os\n";
        int at = text.indexOf("os");
        assertEquals(List.of(), NamesFixes.fixes(text, PythonParser.parse(text), at, at,
                EnumSet.of(NamesRule.UNDEFINED_NAME)));
    }
}
