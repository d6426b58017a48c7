package dev.pyassist.complete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.assist.ContextSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptContextTest {

    @Test
    void aSmallFileIsWholeWithThePathInTheHeader() {
        var c = PromptContext.build("import os\nx = os.\nprint(x)\n", 17, "file:///w/a.py", "a.py", 100, 100, 0, null);
        assertEquals("# Path: a.py\n", c.header());
        assertEquals("import os\nx = os.", c.prefix());
        assertEquals("\nprint(x)\n", c.suffix());
    }

    @Test
    void theWindowsKeepToTheirBudgetsInWholeLinesAndTheImportsMoveToTheHeader() {
        StringBuilder text = new StringBuilder("import os\nfrom a import b\n");
        for (int i = 0; i < 400; i++) {
            text.append("value_").append(i).append(" = ").append(i).append('\n');
        }
        int cursor = text.length();
        text.append("tail = 1\n".repeat(100));
        var c = PromptContext.build(text.toString(), cursor, "file:///w/a.py", "a.py", 200, 20, 0, null);
        assertTrue(c.prefix().length() <= 200 * PromptContext.CHARS_PER_TOKEN, "prefix within its budget");
        assertTrue(c.prefix().startsWith("value_"), "whole lines");
        assertTrue(c.suffix().length() <= 20 * PromptContext.CHARS_PER_TOKEN);
        assertTrue(c.suffix().endsWith("\n"));
        assertTrue(c.header().contains("import os\nfrom a import b\n"), c.header());
    }

    @Test
    void theWindowStartMovesInStepsSoConsecutivePromptsShareTheirBeginning() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            text.append("line_").append(i).append(" = ").append(i).append('\n');
        }
        String t = text.toString();
        var a = PromptContext.build(t, t.length(), "u", "", 300, 0, 0, null);
        var b = PromptContext.build(t + "more = 1\n", t.length() + 9, "u", "", 300, 0, 0, null);
        assertTrue(b.prefix().startsWith(a.prefix()), "one more line keeps the start");
    }

    @Test
    void relatedWorkspaceCodeBecomesACommentHeader() {
        ContextSource related = (query, uri, unit, n, chars) -> List.of(
                new ContextSource.ContextUnit("util.py", "util.mean", "def mean(xs):\n    return sum(xs) / len(xs)"));
        var c = PromptContext.build("import util\n\nm = \n", 16, "file:///w/a.py", "a.py", 100, 100, 500, related);
        assertTrue(c.header().contains("# Related code from util.py:\n# def mean(xs):\n#     return sum(xs) / len(xs)\n"),
                c.header());
    }

    @Test
    void theFunctionBeingWrittenIsNeverItsOwnContext() {
        List<String> excluded = new java.util.ArrayList<>();
        ContextSource related = (query, uri, unit, n, chars) -> {
            excluded.add(unit);
            return List.of();
        };
        String text = "class Stats:\n    def mean(self, xs):\n        total = sum(xs)\n        return \n";
        int cursor = text.indexOf("return ") + 7;
        PromptContext.build(text, dev.pyassist.python.PythonParser.parse(text), cursor, "file:///w/a.py", "a.py",
                100, 100, 500, related);
        // a buffer being typed often does not parse: the units come from indentation then
        String broken = "def total(xs):\n    acc = 0\n    for x in xs:\n        acc += (\n";
        PromptContext.build(broken, null, broken.length() - 1, "file:///w/a.py", "a.py", 100, 100, 500, related);
        // a new indented line under a finished body still belongs to it; one at the outer level does not
        String more = "def outer():\n    def inner():\n        pass\n\n    \n";
        PromptContext.build(more, dev.pyassist.python.PythonParser.parse(more), more.length() - 1, "file:///w/a.py",
                "a.py", 100, 100, 500, related);
        assertEquals(List.of("Stats.mean", "total", "outer"), excluded);
    }
}
