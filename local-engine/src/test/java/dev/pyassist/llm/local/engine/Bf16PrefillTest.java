package dev.pyassist.llm.local.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDScope;
import dev.pyassist.llm.local.LocalGeneration;
import dev.pyassist.llm.local.LocalModelSpec;
import dev.pyassist.llm.local.SamplingOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bf16 prefill ({@link Bf16Kernels}, on by default on AMX CPUs) against the float32 engine on the same
 * checkpoint: logits of a prompt long enough for the bf16 products stay within a stated tolerance, greedy tokens
 * are the same (base model, unmerged adapters, multi-head attention), and the prefix cache still gives the tokens
 * of an uncached run. Runs on any CPU (bf16 without AMX is slow, not wrong).
 */
class Bf16PrefillTest {
    /** 60-odd tokens: every prefill product has at least {@link Bf16Kernels#MIN_ROWS} rows. */
    private static final String PROMPT = "<fim_prefix><fim_suffix>\n\nprint(total([1, 2, 3]))\n<fim_middle>"
            + "def total(xs):\n    \"\"\"Add the numbers in xs and return their sum.\"\"\"\n    s = 0\n"
            + "    for x in xs:\n        s +";
    /**
     * Largest logit difference allowed, as a share of the float32 logits' range at that position. bf16 keeps 8
     * bits of mantissa (2^-9 relative per rounding); measured on the tiny checkpoint: 0.013 (base), 0.061 (the
     * attn adapter, whose float32 LoRA path adds to a bf16 product).
     */
    private static final double RELATIVE_TOLERANCE = 0.1;
    /**
     * Greedy tokens compared: the first 8 agree in every variant; the mlp adapter's 12th differs (a near tie in
     * the random-weight tiny model, within the tolerance above).
     */
    private static final int SAME_TOKENS = 8;
    private static DjlLocalEngine fp32;
    private static DjlLocalEngine bf16;
    private static DjlLocalEngine fp32Mha;
    private static DjlLocalEngine bf16Mha;

    @BeforeAll
    static void load() {
        LocalModelSpec mha = new LocalModelSpec(Fixtures.root().resolve("model-mha"), null, null, 1);
        fp32 = load(Fixtures.spec(null), "off");
        bf16 = load(Fixtures.spec(null), "on");
        fp32Mha = load(mha, "off");
        bf16Mha = load(mha, "on");
    }

    private static DjlLocalEngine load(LocalModelSpec spec, String bf16) {
        String before = System.getProperty("pyassist.local.bf16");
        System.setProperty("pyassist.local.bf16", bf16);
        try {
            return (DjlLocalEngine) new DjlLocalEngineProvider().load(spec);
        } finally {
            if (before == null) {
                System.clearProperty("pyassist.local.bf16");
            } else {
                System.setProperty("pyassist.local.bf16", before);
            }
        }
    }

    @AfterAll
    static void close() {
        for (DjlLocalEngine e : new DjlLocalEngine[] {fp32, bf16, fp32Mha, bf16Mha}) {
            e.close();
        }
    }

    @Test
    void theSettingChoosesThePath() {
        assertTrue(bf16.describe().contains("bf16 prefill"), bf16.describe());
        assertFalse(fp32.describe().contains("bf16"), fp32.describe());
        assertTrue(fp32.encode(PROMPT).length >= 3 * Bf16Kernels.MIN_ROWS);
    }

    @Test
    void prefillLogitsStayCloseToFloat32() {
        for (String adapter : new String[] {null, "attn", "mlp"}) {
            assertClose(logits(fp32, adapter), logits(bf16, adapter), "adapter " + adapter);
        }
        assertClose(logits(fp32Mha, null), logits(bf16Mha, null), "multi-head attention");
    }

    @Test
    void greedyTokensAreTheFloat32Ones() {
        for (String adapter : new String[] {null, "attn", "mlp"}) {
            assertArrayEquals(greedy(fp32, adapter, PROMPT).tokenIds(), greedy(bf16, adapter, PROMPT).tokenIds(),
                    "adapter " + adapter);
        }
        assertArrayEquals(greedy(fp32Mha, null, PROMPT).tokenIds(), greedy(bf16Mha, null, PROMPT).tokenIds());
    }

    @Test
    void theNextKeystrokeFromThePrefixCacheGivesTheUncachedTokens() {
        String after = PROMPT + "= x";
        LocalGeneration uncached = greedy(bf16, null, after);
        greedy(bf16, null, PROMPT);
        LocalGeneration cached = bf16.generate(after, null, SamplingOptions.greedy(SAME_TOKENS), null, null);
        assertTrue(cached.cachedTokens() > 0);
        assertArrayEquals(uncached.tokenIds(), cached.tokenIds());
    }

    @Test
    void generationLeavesNoNativeArraysBehind() {
        BaseNDManager weights = (BaseNDManager) bf16.model().manager();
        greedy(bf16, "attn", PROMPT);
        bf16.dropPrefixCache();
        int before = weights.getManagedArrays().size();
        greedy(bf16, "attn", PROMPT);
        greedy(bf16, null, PROMPT + " x");
        bf16.dropPrefixCache();
        assertEquals(before, weights.getManagedArrays().size());
    }

    private static LocalGeneration greedy(DjlLocalEngine engine, String adapter, String prompt) {
        engine.dropPrefixCache();
        return engine.generate(prompt, adapter, SamplingOptions.greedy(SAME_TOKENS), null, null);
    }

    /** Logits at every prompt position ({@code [T * vocab]}), from scratch. */
    private static float[] logits(DjlLocalEngine engine, String adapter) {
        try (KvCache fresh = new KvCache(engine.model().cfg.nLayer()); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return engine.model().forward(engine.encode(PROMPT), fresh, adapter, true).toFloatArray();
        }
    }

    private static void assertClose(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length);
        int vocab = fp32.model().cfg.vocabSize();
        double worst = 0;
        for (int row = 0; row < want.length / vocab; row++) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            double diff = 0;
            for (int i = row * vocab; i < (row + 1) * vocab; i++) {
                lo = Math.min(lo, want[i]);
                hi = Math.max(hi, want[i]);
                diff = Math.max(diff, Math.abs(want[i] - got[i]));
            }
            worst = Math.max(worst, diff / (hi - lo));
        }
        assertTrue(worst > 0, what + ": the bf16 path ran (its logits differ from float32 at all)");
        assertTrue(worst <= RELATIVE_TOLERANCE, what + ": max |diff| / range " + worst);
        System.out.printf("Bf16PrefillTest %s: max |logit diff| / logit range %.4f%n", what, worst);
    }
}
