package dev.pyassist.lsp.assist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Where a chat code block's lines land: the indentation of the place it goes to. */
class CodeInsertsTest {

    @Test
    void laterLinesTakeTheIndentationBeforeTheCursor() {
        String text = "def f():\n    \n";
        int cursor = text.indexOf("    \n") + 4;
        assertEquals("if x:\n        y()", CodeInserts.indented("if x:\n    y()\n", text, cursor, cursor));
    }

    @Test
    void aBlockInsertedMidLineIsKeptAsItIs() {
        String text = "total = \n";
        assertEquals("a +\nb", CodeInserts.indented("a +\nb", text, 8, 8));
    }

    @Test
    void whatFollowedTheCursorMovesToItsOwnLine() {
        String text = "    return x\n";
        assertEquals("y = 1\n    ", CodeInserts.indented("y = 1", text, 4, 4));
    }

    @Test
    void replacedWholeLinesKeepTheirIndentationAndNewline() {
        String text = "class A:\n    def f(self):\n        pass\n";
        int start = text.indexOf("    def");
        assertEquals("    def g(self):\n        return 1\n",
                CodeInserts.indented("def g(self):\n    return 1", text, start, text.length()));
    }
}
