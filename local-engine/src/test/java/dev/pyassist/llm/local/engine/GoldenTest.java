package dev.pyassist.llm.local.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pyassist.llm.FinishReason;
import dev.pyassist.llm.local.LocalGeneration;
import dev.pyassist.llm.local.SamplingOptions;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine against {@code transformers}: prompt ids, the first three greedy logit rows (within 1e-4, by full
 * recomputation and by the K/V cache) and 20-token greedy sequences, for the base model, each adapter unmerged and
 * one adapter merged, and for a multi-head (not multi-query) variant of the model.
 */
class GoldenTest {

    private static DjlLocalEngine unmerged;
    private static DjlLocalEngine merged;
    private static DjlLocalEngine multiHead;
    private static JsonNode golden;

    @BeforeAll
    static void load() {
        unmerged = (DjlLocalEngine) new DjlLocalEngineProvider().load(Fixtures.spec(null));
        merged = (DjlLocalEngine) new DjlLocalEngineProvider().load(Fixtures.spec("attn"));
        multiHead = (DjlLocalEngine) new DjlLocalEngineProvider().load(
                new dev.pyassist.llm.local.LocalModelSpec(Fixtures.root().resolve("model-mha"), null, null, 1));
        golden = Fixtures.golden();
    }

    @AfterAll
    static void close() {
        unmerged.close();
        merged.close();
        multiHead.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "mha", "attn", "mlp", "merged:attn"})
    void logitsAndGreedyTokensMatchTransformers(String variant) {
        DjlLocalEngine engine = variant.startsWith("merged:") ? merged : variant.equals("mha") ? multiHead : unmerged;
        String adapter = variant.equals("base") || variant.equals("mha") ? null : variant.replace("merged:", "");
        for (JsonNode row : golden.get(variant)) {
            String prompt = row.get("prompt").asText();
            long[] ids = engine.encode(prompt);
            assertArrayEquals(Fixtures.longs(row.get("prompt_ids")), ids, "prompt ids of " + prompt);

            String active = variant.startsWith("merged:") ? null : adapter;
            long[] seq = ids;
            try (KvCache cached = new KvCache(engine.model().cfg.nLayer())) {
                long[] input = ids;
                for (int step = 0; step < row.get("logits").size(); step++) {
                    float[] want = toFloats(row.get("logits").get(step));
                    float[] full = recompute(engine, seq, active);
                    float[] viaCache;
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        viaCache = engine.model().forward(input, cached, active, false).toFloatArray();
                    }
                    assertClose(want, full, 1e-4, variant + " step " + step + " (full) of " + prompt);
                    assertClose(full, viaCache, 1e-4, variant + " step " + step + " (KV cache vs full) of " + prompt);
                    long next = Sampler.argmax(full);
                    seq = Arrays.copyOf(seq, seq.length + 1);
                    seq[seq.length - 1] = next;
                    input = new long[] {next};
                }
            }

            LocalGeneration g = engine.generate(prompt, adapter, SamplingOptions.greedy(20), null, null);
            int[] want = Fixtures.ints(row.get("greedy_ids"));
            assertArrayEquals(want, g.tokenIds(), variant + " greedy tokens of " + prompt);
            assertEquals(row.get("greedy_text").asText(), g.text(), variant + " greedy text of " + prompt);
            assertEquals(ids.length, g.promptTokens());
            assertEquals(want.length == 20 && want[19] != 0 ? FinishReason.LENGTH : FinishReason.STOP,
                    g.finishReason());
            assertTrue(g.firstTokenNanos() > 0 && g.firstTokenNanos() <= g.totalNanos());
        }
    }

    private static float[] recompute(DjlLocalEngine engine, long[] seq, String adapter) {
        try (KvCache fresh = new KvCache(engine.model().cfg.nLayer()); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray all = engine.model().forward(seq, fresh, adapter, true);
            float[] flat = all.toFloatArray();
            int v = engine.model().cfg.vocabSize();
            return Arrays.copyOfRange(flat, flat.length - v, flat.length);
        }
    }

    static float[] toFloats(JsonNode arr) {
        float[] out = new float[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) arr.get(i).asDouble();
        }
        return out;
    }

    static void assertClose(float[] want, float[] got, double tol, String what) {
        assertEquals(want.length, got.length, what + ": length");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < want.length; i++) {
            double d = Math.abs(want[i] - got[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        assertTrue(worst <= tol, what + ": max |diff| " + worst + " at " + at);
    }
}
