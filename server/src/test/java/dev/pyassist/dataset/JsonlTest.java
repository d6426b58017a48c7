package dev.pyassist.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file appended to: only a cut-off record of ours is removed, anything else is kept or refused untouched. */
class JsonlTest {
    private static final Predicate<JsonNode> OURS = n -> n.path("id").isTextual();

    @TempDir
    Path dir;

    private Jsonl.Appendable read(Path f) throws Exception {
        return Jsonl.readAppendable(f, "id", OURS, "a test file");
    }

    private Path file(byte[] bytes) throws Exception {
        Path f = dir.resolve("f.jsonl");
        Files.write(f, bytes);
        return f;
    }

    private Path file(String text) throws Exception {
        return file(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCutOffRecordOfOursIsRemoved() throws Exception {
        // cut after any byte of the beginning, and in the middle of a two-byte character
        ByteArrayOutputStream cutInChar = new ByteArrayOutputStream();
        cutInChar.writeBytes("{\"id\":\"a\"}\n{\"id\":\"h".getBytes(StandardCharsets.UTF_8));
        cutInChar.write(0xC3);
        for (byte[] bytes : new byte[][] {"{\"id\":\"a\"}\n{".getBytes(StandardCharsets.UTF_8),
                "{\"id\":\"a\"}\n{\"i".getBytes(StandardCharsets.UTF_8),
                "{\"id\":\"a\"}\n{\"id\":\"b\",\"code\":\"de".getBytes(StandardCharsets.UTF_8),
                cutInChar.toByteArray()}) {
            Path f = file(bytes);
            Jsonl.Appendable a = read(f);
            assertEquals(1, a.records().size());
            assertArrayEquals(bytes, Files.readAllBytes(f), "reading changes nothing");
            a.repair();
            assertEquals("{\"id\":\"a\"}\n", Files.readString(f));
        }
    }

    @Test
    void aWholeLastRecordGetsItsNewline() throws Exception {
        Path f = file("{\"id\":\"a\"}\n{\"id\":\"b\"}");
        Jsonl.Appendable a = read(f);
        assertEquals(2, a.records().size());
        a.repair();
        assertEquals("{\"id\":\"a\"}\n{\"id\":\"b\"}\n", Files.readString(f));
    }

    @Test
    void anythingElseIsRefusedAndKept() throws Exception {
        for (String text : new String[] {"notes\nlast line", "{\"id\":\"a\"}\nlast line", "{\"id\":\"a\"}\n{\"x\": 1",
                "{\"name\":\"a\"}\n", "{\"id\":\"a\"} trailing\n", "{\"id\":\"a\"}\n{\"name\":\"b\"}", "   "}) {
            Path f = file(text);
            assertThrows(DatasetException.class, () -> read(f), text);
            assertEquals(text, Files.readString(f));
        }
        Path notUtf8 = file(new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xFF, '"', '}', '\n'});
        assertThrows(DatasetException.class, () -> read(notUtf8));
    }
}
