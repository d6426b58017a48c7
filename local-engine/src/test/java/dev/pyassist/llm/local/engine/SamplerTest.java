package dev.pyassist.llm.local.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.llm.local.SamplingOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The logits processors on hand-made rows, with the values transformers' processors give for them. */
class SamplerTest {

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeScoresOncePerToken() {
        float[] l = {2f, -1f, 0.5f, 3f};
        Sampler.repetitionPenalty(l, new long[] {0, 1, 1, 0}, 4, 2f);
        assertArrayEquals(new float[] {1f, -2f, 0.5f, 3f}, l);
    }

    @Test
    void repetitionPenaltyCanChangeTheGreedyChoice() {
        SamplingOptions opts = new SamplingOptions(5, 0, 0, 1, 1.5, List.of(), 0);
        float[] l = {3f, 2.5f, 0f};
        assertEquals(1, new Sampler(opts).next(l, new long[] {0}, 1)); // 3/1.5 = 2 < 2.5
    }

    @Test
    void topKKeepsTheKLargestAndTies() {
        float[] l = {1f, 4f, 3f, 3f, 0f};
        Sampler.topK(l, 2);
        assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY, 4f, 3f, 3f, Float.NEGATIVE_INFINITY}, l);
    }

    @Test
    void topPDropsTheTailWhoseMassIsAtMostOneMinusP() {
        // probabilities 0.5, 0.3, 0.15, 0.05 (as logs)
        float[] l = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.15), (float) Math.log(0.05)};
        float[] p8 = l.clone();
        Sampler.topP(p8, 0.8); // ascending cumsum 0.05, 0.20, 0.50, 1.0: drop those <= 0.2
        assertEquals(Float.NEGATIVE_INFINITY, p8[3]);
        assertEquals(Float.NEGATIVE_INFINITY, p8[2]);
        assertTrue(p8[1] > Float.NEGATIVE_INFINITY && p8[0] > Float.NEGATIVE_INFINITY);
        float[] tiny = l.clone();
        Sampler.topP(tiny, 0.01); // always keeps the most likely token
        assertEquals(1, java.util.stream.IntStream.range(0, 4).filter(i -> tiny[i] > Float.NEGATIVE_INFINITY).count());
        assertTrue(tiny[0] > Float.NEGATIVE_INFINITY);
    }

    @Test
    void temperatureDividesBeforeFiltering() {
        float[] l = {2f, 1f};
        Sampler.temperature(l, 0.5f);
        assertArrayEquals(new float[] {4f, 2f}, l);
    }

    @Test
    void topKOneIsGreedyAndSeededSamplingIsReproducible() {
        float[] row = {0.1f, 2f, 1.9f, -3f, 1.95f};
        SamplingOptions k1 = new SamplingOptions(5, 1.3, 1, 1, 1, List.of(), 7);
        Sampler s = new Sampler(k1);
        for (int i = 0; i < 20; i++) {
            assertEquals(1, s.next(row.clone(), new long[0], 0));
        }
        SamplingOptions hot = new SamplingOptions(5, 1.0, 0, 0.95, 1, List.of(), 42);
        Sampler a = new Sampler(hot);
        Sampler b = new Sampler(hot);
        int[] seenA = new int[5];
        for (int i = 0; i < 200; i++) {
            int x = a.next(row.clone(), new long[0], 0);
            assertEquals(x, b.next(row.clone(), new long[0], 0));
            seenA[x]++;
        }
        assertEquals(0, seenA[3], "token 3 is outside the top-p nucleus");
        assertTrue(seenA[1] > 0 && seenA[2] > 0 && seenA[4] > 0);
    }

    @Test
    void halfPrecisionConversion() {
        assertEquals(1f, SafeTensors.halfToFloat((short) 0x3c00));
        assertEquals(-2f, SafeTensors.halfToFloat((short) 0xc000));
        assertEquals(65504f, SafeTensors.halfToFloat((short) 0x7bff));
        assertEquals((float) Math.pow(2, -24), SafeTensors.halfToFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, SafeTensors.halfToFloat((short) 0x7c00));
    }
}
