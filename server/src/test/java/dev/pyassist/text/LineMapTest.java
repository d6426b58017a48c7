package dev.pyassist.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineMapTest {
    // "a😀中b": 'a' 1 unit everywhere; 😀 = 2 UTF-16 units, 4 UTF-8 bytes, 1 code point; 中 = 1, 3, 1.
    private final LineMap map = new LineMap("x = 1\r\na😀中b\rlast\n");

    @Test
    void linesEndAtLfCrLfAndLoneCr() {
        assertEquals(4, map.lineCount());
        assertEquals("x = 1", map.lineText(0));
        assertEquals("a😀中b", map.lineText(1));
        assertEquals("last", map.lineText(2));
        assertEquals("", map.lineText(3));
    }

    @Test
    void columnsInEachEncoding() {
        int b = map.text().indexOf('b');
        assertEquals(new TextPosition(1, 4), map.position(b, PositionEncoding.UTF16));
        assertEquals(new TextPosition(1, 8), map.position(b, PositionEncoding.UTF8));
        assertEquals(new TextPosition(1, 3), map.position(b, PositionEncoding.UTF32));
        for (PositionEncoding e : PositionEncoding.values()) {
            TextPosition p = map.position(b, e);
            assertEquals(b, map.offset(p.line(), p.column(), e), e.name());
        }
    }

    @Test
    void outOfRangeIsClamped() {
        assertEquals(map.lineContentEnd(0), map.offset(0, 99, PositionEncoding.UTF16));
        assertEquals(map.text().length(), map.offset(42, 0, PositionEncoding.UTF16));
        assertEquals(0, map.offset(-1, 5, PositionEncoding.UTF16));
        assertEquals(map.lineStart(1), map.offset(1, -3, PositionEncoding.UTF8));
    }

    @Test
    void columnInsideACharacterSnapsToItsStart() {
        int emoji = map.text().indexOf("😀");
        assertEquals(emoji, map.offset(1, 2, PositionEncoding.UTF8)); // byte 2 of the emoji's 4
        assertEquals(emoji, map.offset(1, 2, PositionEncoding.UTF16)); // its low surrogate
    }

    @Test
    void negotiationPrefersUtf16AndFallsBackToTheFirstKnownOffer() {
        assertEquals(PositionEncoding.UTF16, PositionEncoding.negotiate(null));
        assertEquals(PositionEncoding.UTF16, PositionEncoding.negotiate(List.of("utf-8", "utf-16")));
        assertEquals(PositionEncoding.UTF8, PositionEncoding.negotiate(List.of("utf-8", "utf-32")));
        assertEquals(PositionEncoding.UTF32, PositionEncoding.negotiate(List.of("utf-32")));
        assertEquals(PositionEncoding.UTF16, PositionEncoding.negotiate(List.of("ebcdic")));
    }

    /** The incremental map equals a fresh one, for random edits made of line breaks and letters (CR LF joins and
     * splits at the edit's edges included). */
    @Test
    void editedEqualsFreshMapForRandomEdits() {
        java.util.Random random = new java.util.Random(21);
        String alphabet = "\r\n\r\nab";
        for (int round = 0; round < 20_000; round++) {
            String text = randomText(random, alphabet, random.nextInt(12));
            LineMap before = new LineMap(text);
            int start = random.nextInt(text.length() + 1);
            int end = start + random.nextInt(text.length() - start + 1);
            String inserted = randomText(random, alphabet, random.nextInt(4));
            String edited = text.substring(0, start) + inserted + text.substring(end);
            LineMap fresh = new LineMap(edited);
            LineMap incremental = before.edited(start, end, inserted, edited);
            String where = "edit [" + start + ", " + end + ") of " + java.util.Arrays.toString(text.toCharArray())
                    + " with " + java.util.Arrays.toString(inserted.toCharArray());
            assertEquals(fresh.lineCount(), incremental.lineCount(), where);
            for (int line = 0; line < fresh.lineCount(); line++) {
                assertEquals(fresh.lineStart(line), incremental.lineStart(line), where + ", line " + line);
            }
            assertEquals(edited, incremental.text());
        }
    }

    private static String randomText(java.util.Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
