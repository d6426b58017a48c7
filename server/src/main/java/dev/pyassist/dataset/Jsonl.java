package dev.pyassist.dataset;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** JSON Lines in UTF-8: one compact object a line, written whole or not at all. */
public final class Jsonl {
    static final ObjectMapper JSON = new ObjectMapper()
            .disable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

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
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new DatasetException(in + ":" + n + ": not a JSON object (" + e.getOriginalMessage() + ")");
                }
                if (node == null || !node.isObject()) {
                    throw new DatasetException(in + ":" + n + ": not a JSON object");
                }
                out.add(node);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DatasetException(in + ": not UTF-8 text");
        }
        return out;
    }
}
