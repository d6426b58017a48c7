package dev.pyassist.validator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pyassist.text.LineMap;
import org.junit.jupiter.api.Test;

/** Unit text is dedented like textwrap.dedent, with '\n' ends, and maps every code point back to the document. */
class SnippetTest {
    @Test
    void dedentsLikeTextwrapAndJoinsWithNewlines() {
        String doc = "class A:\r\n    def f(self):\r\n        return 1\r\n\r\n    \r\n";
        Snippet s = Snippet.ofLines(doc, new LineMap(doc), 1, 4);
        assertEquals("def f(self):\n    return 1\n\n\n", s.text());
        assertEquals(4, s.lineCount());
        // 'r' of return: 8 spaces in, on the third document line
        int cp = s.text().indexOf("return");
        assertEquals(doc.indexOf("return"), s.docOffset(cp));
    }

    @Test
    void mapsCodePointSpansToUtf16RangesThroughAstralCharacters() {
        String doc = "def f():\n    s = '👋 x' ; y = größe < 你好\n";
        LineMap lines = new LineMap(doc);
        Snippet s = Snippet.ofLines(doc, lines, 0, 1);
        String t = s.text();
        // code point offsets, as the tokenizer gives them
        int lt = t.codePointCount(0, t.indexOf('<'));
        assertArrayEquals(new int[] {doc.indexOf('<'), doc.indexOf('<') + 1}, s.docRange(doc, lt, lt + 1));
        int g = t.codePointCount(0, t.indexOf("größe"));
        assertArrayEquals(new int[] {doc.indexOf("größe"), doc.indexOf("größe") + 5}, s.docRange(doc, g, g + 5));
        int cjk = t.codePointCount(0, t.indexOf("你好"));
        assertArrayEquals(new int[] {doc.indexOf("你好"), doc.indexOf("你好") + 2}, s.docRange(doc, cjk, cjk + 2));
        int x = t.codePointCount(0, t.indexOf(" x'"));
        // leading whitespace is trimmed off a token's range
        assertArrayEquals(new int[] {doc.indexOf("x'"), doc.indexOf("x'") + 1}, s.docRange(doc, x, x + 2));
        assertNull(s.docRange(doc, x, x + 1), "a whitespace-only token has no range");
    }

    @Test
    void subSnippetsDedentAgainAndKeepTheirOrigins() {
        String doc = "def f():\n    if a:\n        b = 1\n    return b\n";
        Snippet unit = Snippet.ofLines(doc, new LineMap(doc), 0, 3);
        Snippet window = unit.sub(1, 2);
        assertEquals("if a:\n    b = 1\n", window.text());
        assertEquals(doc.indexOf("b = 1"), window.docOffset(window.text().indexOf("b = 1")));
        assertEquals(1, window.lineOfCp(window.text().indexOf("b")));
    }

    @Test
    void tabsAndSpacesShareOnlyTheirCommonPrefix() {
        String doc = "\t  x = 1\n\t    y = 2\n";
        Snippet s = Snippet.ofLines(doc, new LineMap(doc), 0, 1);
        assertEquals("x = 1\n  y = 2\n", s.text());
    }
}
