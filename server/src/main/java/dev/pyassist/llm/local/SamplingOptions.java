package dev.pyassist.llm.local;

import java.util.List;

/**
 * How to pick tokens. The defaults of {@link #greedy(int)} reproduce {@code transformers}' greedy {@code generate()}.
 *
 * @param maxNewTokens      token limit for the continuation (positive)
 * @param temperature       0 for greedy decoding, otherwise logits are divided by it before sampling
 * @param topK              keep the k most likely tokens; 0 keeps all
 * @param topP              nucleus sampling mass in (0, 1]; 1 keeps all
 * @param repetitionPenalty CTRL-style penalty on tokens already in prompt or output (as {@code transformers} applies
 *                          it); 1 is off
 * @param stop              stop sequences; generation ends when the text produced so far contains one, and the
 *                      stop sequence itself is not returned
 * @param seed              random seed for sampling (greedy ignores it)
 */
public record SamplingOptions(int maxNewTokens, double temperature, int topK, double topP,
                              double repetitionPenalty, List<String> stop, long seed) {

    public SamplingOptions {
        if (maxNewTokens <= 0) {
            throw new IllegalArgumentException("maxNewTokens must be positive: " + maxNewTokens);
        }
        if (temperature < 0 || Double.isNaN(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0: " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0: " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1]: " + topP);
        }
        if (!(repetitionPenalty > 0)) {
            throw new IllegalArgumentException("repetitionPenalty must be positive: " + repetitionPenalty);
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    public static SamplingOptions greedy(int maxNewTokens) {
        return new SamplingOptions(maxNewTokens, 0, 0, 1, 1, List.of(), 0);
    }

    public boolean isGreedy() {
        return temperature == 0;
    }
}
