package dev.pyassist.llm.local.engine;

import dev.pyassist.llm.local.SamplingOptions;
import java.util.Arrays;
import java.util.Random;

/**
 * Picks the next token from one logits row, with {@code transformers}' logits processors in their order:
 * repetition penalty, then temperature, top-k, top-p, then a draw from the softmax (or argmax when greedy).
 * Works on a Java copy of the row; greedy decoding without a penalty never gets here (argmax runs natively).
 */
final class Sampler {

    private final SamplingOptions options;
    private final Random random;

    Sampler(SamplingOptions options) {
        this.options = options;
        this.random = new Random(options.seed());
    }

    /**
     * @param logits  the row (modified in place)
     * @param seen    token ids of prompt and output so far (each counted once by the penalty)
     * @param nSeen   how many entries of {@code seen} are valid
     */
    int next(float[] logits, long[] seen, int nSeen) {
        if (options.repetitionPenalty() != 1) {
            repetitionPenalty(logits, seen, nSeen, (float) options.repetitionPenalty());
        }
        if (options.isGreedy()) {
            return argmax(logits);
        }
        temperature(logits, (float) options.temperature());
        if (options.topK() > 0) {
            topK(logits, options.topK());
        }
        if (options.topP() < 1) {
            topP(logits, options.topP());
        }
        return draw(softmax(logits), random.nextDouble());
    }

    /** CTRL penalty as transformers applies it: negative scores times p, positive scores divided by p. */
    static void repetitionPenalty(float[] logits, long[] seen, int nSeen, float p) {
        boolean[] done = new boolean[logits.length];
        for (int i = 0; i < nSeen; i++) {
            int id = (int) seen[i];
            if (id < 0 || id >= logits.length || done[id]) {
                continue;
            }
            done[id] = true;
            float s = logits[id];
            logits[id] = s < 0 ? s * p : s / p;
        }
    }

    static void temperature(float[] logits, float t) {
        for (int i = 0; i < logits.length; i++) {
            logits[i] /= t;
        }
    }

    /** Keeps scores >= the k-th largest (ties at the boundary survive, as with transformers' {@code <} test). */
    static void topK(float[] logits, int k) {
        if (k >= logits.length) {
            return;
        }
        float[] sorted = logits.clone();
        Arrays.sort(sorted);
        float kth = sorted[sorted.length - k];
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] < kth) {
                logits[i] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    /**
     * Nucleus filtering as transformers does it: sort ascending, drop the tokens whose cumulative probability is
     * {@code <= 1 - p}, always keep the most likely one.
     */
    static void topP(float[] logits, double p) {
        int n = logits.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(logits[a], logits[b]));
        double[] probs = softmax(logits);
        double cum = 0;
        for (int r = 0; r < n - 1; r++) { // the last (largest) is always kept
            cum += probs[order[r]];
            if (cum <= 1 - p) {
                logits[order[r]] = Float.NEGATIVE_INFINITY;
            } else {
                break;
            }
        }
    }

    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = logits[i] == Float.NEGATIVE_INFINITY ? 0 : Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    static int draw(double[] probs, double u) {
        double cum = 0;
        int last = 0;
        for (int i = 0; i < probs.length; i++) {
            if (probs[i] > 0) {
                cum += probs[i];
                last = i;
                if (u < cum) {
                    return i;
                }
            }
        }
        return last;
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
