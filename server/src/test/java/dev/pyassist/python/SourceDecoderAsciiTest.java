package dev.pyassist.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The ASCII shortcut of {@link SourceDecoder} gives what the strict decoder gives, and leaves other bytes to it. */
class SourceDecoderAsciiTest {
    @Test
    void asciiTextIsDecodedAsIs() {
        String text = "def f(x):\r\n    return x  # \t tab\n\fx = '\\xff'\n";
        DecodedSource ds = SourceDecoder.decode(text.getBytes(StandardCharsets.US_ASCII));
        assertEquals(text, ds.text());
        assertTrue(ds.error().isEmpty());
    }

    @Test
    void asciiWithALatin1CookieAndABomAreDecodedAsBefore() {
        String latin = "# -*- coding: latin-1 -*-\nx = 1\n";
        assertEquals(latin, SourceDecoder.decode(latin.getBytes(StandardCharsets.US_ASCII)).text());
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'x', '\n'};
        assertEquals("x\n", SourceDecoder.decode(bom).text());
    }

    @Test
    void nonAsciiStillGoesThroughTheStrictDecoder() {
        assertEquals("s = 'é'\n", SourceDecoder.decode("s = 'é'\n".getBytes(StandardCharsets.UTF_8)).text());
        DecodedSource bad = SourceDecoder.decode(new byte[] {'x', ' ', '=', ' ', (byte) 0xFF, '\n'});
        assertTrue(bad.error().isPresent());
        assertTrue(bad.error().get().message().startsWith("Non-UTF-8 code starting with '\\xff'"),
                bad.error().get().message());
    }

    @Test
    void aUtf16CookieIsNotTakenForAscii() {
        // UTF-16 is not ASCII-compatible: the shortcut must not apply, whatever the decoder then says
        byte[] bytes = "# coding: utf-16\nx = 1\n".getBytes(StandardCharsets.US_ASCII);
        DecodedSource viaDecoder = SourceDecoder.decode(bytes);
        assertTrue(viaDecoder.error().isPresent() || !viaDecoder.text().startsWith("# coding"));
    }
}
