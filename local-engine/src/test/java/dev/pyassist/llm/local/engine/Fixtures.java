package dev.pyassist.llm.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyassist.llm.local.LocalModelSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/** The tiny GPTBigCode written by {@code models/pyassist_lm/tiny_bigcode.py} and its golden outputs. */
final class Fixtures {

    private Fixtures() {
    }

    static Path root() {
        try {
            return Path.of(Fixtures.class.getResource("/tiny-starcoder/golden.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path model() {
        return root().resolve("model");
    }

    static Map<String, Path> adapters() {
        return Map.of("attn", root().resolve("adapters/attn"), "mlp", root().resolve("adapters/mlp"));
    }

    static LocalModelSpec spec(String merged) {
        return new LocalModelSpec(model(), adapters(), merged, 1);
    }

    static JsonNode golden() {
        try {
            return new ObjectMapper().readTree(root().resolve("golden.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long[] longs(JsonNode arr) {
        long[] out = new long[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).asLong();
        }
        return out;
    }

    static int[] ints(JsonNode arr) {
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).asInt();
        }
        return out;
    }
}
