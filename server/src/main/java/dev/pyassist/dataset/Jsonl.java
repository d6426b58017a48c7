package dev.pyassist.dataset;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** JSON Lines in UTF-8: one compact object a line, written whole or not at all. */
public final class Jsonl {
    static final ObjectMapper JSON = new ObjectMapper()
            .disable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    /** One JSON value a line and nothing after it: {@code {"a":1} x} is not a record. */
    private static final ObjectReader STRICT = JSON.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Jsonl() {}

    /** One line, without its newline. */
    public static String line(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes all values to a temporary file beside {@code out}, then renames it over {@code out}: an interrupted run
     * leaves the previous file (or none), never half a file.
     */
    public static void writeAtomically(Path out, Iterable<?> values) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".tmp");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (Object v : values) {
                    w.write(line(v));
                    w.write('\n');
                }
            }
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads every line as a JSON object.
     *
     * @throws DatasetException naming the file and line when one is not a JSON object
     */
    public static List<JsonNode> read(Path in) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
            readLines(r, in, n -> true, "", out);
        }
        return out;
    }

    /**
     * A file that records are appended to, as {@link #readAppendable} found it.
     *
     * @param records    its complete records, in order
     * @param length     its length when read
     * @param cutAt      where a record cut off by an interrupted write begins (the file is truncated there), or -1
     * @param addNewline the last record is whole but has no newline after it (one is added)
     */
    public record Appendable(Path file, List<JsonNode> records, long length, long cutAt, boolean addNewline) {
        /**
         * Makes the file end on a whole line, so appending starts a new one: removes the cut-off record, or ends the
         * last one. Call it only once every file of the run has been read, so a refused file changes nothing else.
         */
        public void repair() throws IOException {
            if (cutAt < 0 && !addNewline) {
                return;
            }
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                if (f.length() != length) {
                    throw new DatasetException(file + " changed while it was being read (is another run writing "
                            + "it?); nothing was changed");
                }
                if (cutAt >= 0) {
                    f.setLength(cutAt);
                } else {
                    f.seek(length);
                    f.write('\n');
                }
            }
        }
    }

    /**
     * Reads a JSONL file that this tool appends to, changing nothing; {@link Appendable#repair()} then fixes its end.
     * Every record this tool writes is a JSON object that begins with {@code firstField}
     * ({@code {"id":...}), which is how a cut-off last line is proved to be ours. The file is accepted only when
     * every complete line is a JSON object that {@code ours} accepts, and a last line without a newline is either
     * such a record or the cut-off beginning of one: it does not parse, and it starts with {@code {"firstField":}
     * (or is the first bytes of that). Anything else is refused with a {@link DatasetException}: the file is not one
     * of ours, and nothing in it is removed.
     *
     * @param what what the file must be, for the error ("the annotated records of an earlier run")
     */
    public static Appendable readAppendable(Path file, String firstField, Predicate<JsonNode> ours, String what)
            throws IOException {
        if (!Files.exists(file)) {
            return new Appendable(file, List.of(), 0, -1, false);
        }
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file + " is not a regular file; it must be " + what);
        }
        List<JsonNode> records = new ArrayList<>();
        long length;
        long tailStart;
        byte[] tail;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            length = f.length();
            tailStart = lastLineStart(f, length);
            tail = new byte[Math.toIntExact(length - tailStart)];
            f.seek(tailStart);
            f.readFully(tail);
        }
        String refused = "; it must be " + what + ". Nothing in it was changed";
        try (InputStream in = firstBytes(Files.newInputStream(file), tailStart);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()))) {
            readLines(r, file, ours, refused, records);
        }
        if (tail.length == 0) {
            return new Appendable(file, List.copyOf(records), length, -1, false);
        }
        // the last line has no newline: a whole record, a record of ours cut off, or not ours at all
        String last = new String(tail, StandardCharsets.UTF_8);
        String prefix = "{\"" + firstField + "\":";
        JsonNode node = null;
        try {
            node = STRICT.readValue(last);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            if (last.startsWith(prefix) || prefix.startsWith(last)) {
                return new Appendable(file, List.copyOf(records), length, tailStart, false);
            }
        }
        if (node == null || !node.isObject() || !ours.test(node)) {
            int line = records.size() + 1;
            throw new DatasetException(file + ":" + line + ": the last line is neither a record nor the beginning of "
                    + "one" + refused);
        }
        records.add(node);
        return new Appendable(file, List.copyOf(records), length, -1, true);
    }

    private static void readLines(BufferedReader r, Path in, Predicate<JsonNode> ours, String refused,
            List<JsonNode> out) throws IOException {
        try {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = STRICT.readValue(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new DatasetException(in + ":" + n + ": not a JSON object (" + e.getOriginalMessage() + ")"
                            + refused);
                }
                if (node == null || !node.isObject()) {
                    throw new DatasetException(in + ":" + n + ": not a JSON object" + refused);
                }
                if (!ours.test(node)) {
                    throw new DatasetException(in + ":" + n + ": not a record of this kind" + refused);
                }
                out.add(node);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DatasetException(in + ": not UTF-8 text" + refused);
        }
    }

    /** The offset just after the file's last newline (0 when it has none). */
    private static long lastLineStart(RandomAccessFile f, long length) throws IOException {
        byte[] buf = new byte[8192];
        long end = length;
        while (end > 0) {
            int n = (int) Math.min(buf.length, end);
            f.seek(end - n);
            f.readFully(buf, 0, n);
            for (int i = n - 1; i >= 0; i--) {
                if (buf[i] == '\n') {
                    return end - n + i + 1;
                }
            }
            end -= n;
        }
        return 0;
    }

    /** The first {@code limit} bytes of {@code in}. */
    private static InputStream firstBytes(InputStream in, long limit) {
        return new FilterInputStream(in) {
            private long left = limit;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }
}
