package dev.pyassist.llm.local.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.local.LocalGeneration;
import dev.pyassist.llm.local.SamplingOptions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The K/V cache kept across calls: a prompt that shares its beginning with the last one computes only the rest,
 * and gives the same tokens as from scratch; a cancelled prefill keeps the chunks it finished.
 */
class PrefixCacheTest {
    private static final String SUFFIX_FIRST = "<fim_prefix><fim_suffix>\n\nprint(total)\n<fim_middle>";
    private static final String TYPED = "def total(xs):\n    s = 0\n    for x in xs:\n        s +";
    private static DjlLocalEngine engine;

    @BeforeAll
    static void load() {
        engine = (DjlLocalEngine) new DjlLocalEngineProvider().load(Fixtures.spec(null));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static LocalGeneration fresh(String prompt, String adapter, int n) {
        engine.dropPrefixCache();
        return engine.generate(prompt, adapter, SamplingOptions.greedy(n), null, null);
    }

    @Test
    void theNextKeystrokeReusesTheSharedPrefixAndGivesTheSameTokens() {
        for (String adapter : new String[] {null, "attn", "mlp"}) {
            String before = SUFFIX_FIRST + TYPED;
            String after = before + "= x";
            LocalGeneration uncached = fresh(after, adapter, 12);
            assertEquals(0, uncached.cachedTokens());

            fresh(before, adapter, 12);
            LocalGeneration cached = engine.generate(after, adapter, SamplingOptions.greedy(12), null, null);
            assertTrue(cached.cachedTokens() > 0, "the shared beginning came from the cache");
            assertTrue(cached.cachedTokens() < cached.promptTokens());
            assertArrayEquals(uncached.tokenIds(), cached.tokenIds(), "adapter " + adapter);
            assertEquals(uncached.text(), cached.text());

            LocalGeneration again = engine.generate(after, adapter, SamplingOptions.greedy(12), null, null);
            assertEquals(again.promptTokens() - 1, again.cachedTokens(), "the same prompt: all but its last token");
            assertArrayEquals(uncached.tokenIds(), again.tokenIds());
        }
    }

    @Test
    void anotherAdapterStartsFromScratch() {
        fresh(SUFFIX_FIRST + TYPED, "attn", 4);
        LocalGeneration other = engine.generate(SUFFIX_FIRST + TYPED, "mlp", SamplingOptions.greedy(4), null, null);
        assertEquals(0, other.cachedTokens(), "K/V computed with another adapter are not this one's");
    }

    @Test
    void aCancelledPrefillKeepsTheChunksItFinished() {
        engine.prefillChunk(8);
        try {
            String prompt = SUFFIX_FIRST + TYPED;
            LocalGeneration uncached = fresh(prompt, null, 8);
            engine.dropPrefixCache();
            AtomicInteger checks = new AtomicInteger();
            assertThrows(LlmException.class, () -> engine.generate(prompt, null, SamplingOptions.greedy(8), null,
                    () -> checks.incrementAndGet() > 2)); // two chunks, then the next keystroke
            LocalGeneration resumed = engine.generate(prompt, null, SamplingOptions.greedy(8), null, null);
            assertEquals(16, resumed.cachedTokens());
            assertArrayEquals(uncached.tokenIds(), resumed.tokenIds(), "chunked prefill gives the same tokens");
        } finally {
            engine.prefillChunk(DjlLocalEngine.PREFILL_CHUNK);
        }
    }
}
