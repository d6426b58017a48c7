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
}
