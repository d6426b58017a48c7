package dev.pyassist.llm.local.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.llm.FinishReason;
import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.local.LocalEngine;
import dev.pyassist.llm.local.LocalGeneration;
import dev.pyassist.llm.local.SamplingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** End-to-end generation behaviour on the tiny model: stops, streaming, cancellation, sampling, adapters. */
class GenerationTest {

    private static final String ASCII = "def add(a, b):\n    return";
    private static final String UNICODE = "# café → naïve 数据 ünïcode\nname = '";
    private static LocalEngine engine;

    @BeforeAll
    static void load() {
        engine = new DjlLocalEngineProvider().load(Fixtures.spec(null));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void describesItself() {
        assertTrue(engine.describe().startsWith("local gpt_bigcode model at "), engine.describe());
        assertTrue(engine.describe().contains("adapters: attn, mlp"), engine.describe());
        assertEquals(java.util.Set.of("attn", "mlp"), engine.adapters());
    }

    @Test
    void streamedDeltasConcatenateToTheText() {
        for (String prompt : List.of(ASCII, UNICODE)) {
            for (String adapter : java.util.Arrays.asList(null, "attn", "mlp")) {
                List<String> deltas = new ArrayList<>();
                LocalGeneration g = engine.generate(prompt, adapter, SamplingOptions.greedy(30), deltas::add, null);
                assertEquals(g.text(), String.join("", deltas), prompt + " / " + adapter);
                assertFalse(deltas.stream().anyMatch(String::isEmpty));
            }
        }
    }

    @Test
    void stopSequenceEndsTheTextBeforeIt() {
        LocalGeneration full = engine.generate(ASCII, "attn", SamplingOptions.greedy(20), null, null);
        String text = full.text();
        assertTrue(text.length() > 6, text);
        String stop = text.substring(4, 7);
        int cut = text.indexOf(stop);
        List<String> deltas = new ArrayList<>();
        LocalGeneration g = engine.generate(ASCII, "attn",
                new SamplingOptions(20, 0, 0, 1, 1, List.of("never-there", stop), 0), deltas::add, null);
        assertEquals(FinishReason.STOP_SEQUENCE, g.finishReason());
        assertEquals(text.substring(0, cut), g.text());
        assertEquals(g.text(), String.join("", deltas));
        assertTrue(g.generatedTokens() < full.generatedTokens());
    }

    @Test
    void maxNewTokensGivesLength() {
        LocalGeneration g = engine.generate(ASCII, "mlp", SamplingOptions.greedy(5), null, null);
        assertEquals(5, g.generatedTokens());
        assertEquals(FinishReason.LENGTH, g.finishReason());
    }

    @Test
    void cancellationBetweenTokens() {
        AtomicInteger polls = new AtomicInteger();
        List<String> deltas = new ArrayList<>();
        LlmException e = assertThrows(LlmException.class, () -> engine.generate(ASCII, null,
                SamplingOptions.greedy(20), deltas::add, () -> polls.incrementAndGet() > 3));
        assertEquals(LlmException.Kind.CANCELLED, e.kind());
        assertEquals(4, polls.get());
        // the engine is still usable
        assertEquals(3, engine.generate(ASCII, null, SamplingOptions.greedy(3), null, null).generatedTokens());
    }

    @Test
    void seededSamplingIsReproducibleAndTopKOneIsGreedy() {
        SamplingOptions hot = new SamplingOptions(15, 0.9, 50, 0.9, 1.1, List.of(), 1234);
        LocalGeneration a = engine.generate(ASCII, "mlp", hot, null, null);
        LocalGeneration b = engine.generate(ASCII, "mlp", hot, null, null);
        assertArrayEquals(a.tokenIds(), b.tokenIds());
        LocalGeneration greedy = engine.generate(UNICODE, null, SamplingOptions.greedy(15), null, null);
        LocalGeneration k1 = engine.generate(UNICODE, null, new SamplingOptions(15, 1.5, 1, 1, 1, List.of(), 9),
                null, null);
        assertArrayEquals(greedy.tokenIds(), k1.tokenIds());
    }

    @Test
    void generationLeavesNoNativeArraysBehind() {
        ai.djl.ndarray.BaseNDManager weights = (ai.djl.ndarray.BaseNDManager) ((DjlLocalEngine) engine).model().manager();
        engine.generate(ASCII, "attn", SamplingOptions.greedy(5), null, null);
        ((DjlLocalEngine) engine).dropPrefixCache(); // the resident prefix cache is kept on purpose
        int before = weights.getManagedArrays().size();
        engine.generate(ASCII, "attn", SamplingOptions.greedy(30), null, null);
        engine.generate(UNICODE, "mlp", new SamplingOptions(30, 0.8, 20, 0.9, 1.2, List.of("x"), 3), null, null);
        assertThrows(LlmException.class, () -> engine.generate(ASCII, null, SamplingOptions.greedy(30), null,
                () -> true));
        ((DjlLocalEngine) engine).dropPrefixCache();
        assertEquals(before, weights.getManagedArrays().size());
    }

    @Test
    void aThrowingListenerAbortsTheCallWithItsException() {
        IllegalStateException boom = new IllegalStateException("listener failed");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> engine.generate(ASCII, null,
                SamplingOptions.greedy(20), text -> {
                    throw boom;
                }, null));
        assertTrue(e == boom);
        assertEquals(2, engine.generate(ASCII, null, SamplingOptions.greedy(2), null, null).generatedTokens());
    }

    @Test
    void unknownAdapterIsMisconfigured() {
        LlmException e = assertThrows(LlmException.class,
                () -> engine.generate(ASCII, "nope", SamplingOptions.greedy(3), null, null));
        assertEquals(LlmException.Kind.MISCONFIGURED, e.kind());
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void mergedModelRefusesTheOtherAdapter() {
        try (LocalEngine merged = new DjlLocalEngineProvider().load(Fixtures.spec("mlp"))) {
            LocalGeneration viaMerge = merged.generate(ASCII, "mlp", SamplingOptions.greedy(20), null, null);
            LocalGeneration unmerged = engine.generate(ASCII, "mlp", SamplingOptions.greedy(20), null, null);
            assertArrayEquals(unmerged.tokenIds(), viaMerge.tokenIds());
            LlmException e = assertThrows(LlmException.class,
                    () -> merged.generate(ASCII, "attn", SamplingOptions.greedy(3), null, null));
            assertEquals(LlmException.Kind.MISCONFIGURED, e.kind());
        }
    }
}
