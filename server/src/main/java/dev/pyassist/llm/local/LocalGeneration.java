package dev.pyassist.llm.local;

import dev.pyassist.llm.FinishReason;

/**
 * The outcome of one {@link LocalEngine#generate} call.
 *
 * @param text            the continuation (without the prompt and without a stop sequence)
 * @param tokenIds        the generated token ids (for tests that compare with reference sequences)
 * @param promptTokens    number of prompt tokens
 * @param cachedTokens    of those, how many the engine's prefix cache had from an earlier call (not computed again)
 * @param finishReason    {@code STOP} (end-of-text token), {@code STOP_SEQUENCE} or {@code LENGTH}
 * @param firstTokenNanos time from the call to the first generated token
 * @param totalNanos      time of the whole call
 */
public record LocalGeneration(String text, int[] tokenIds, int promptTokens, int cachedTokens,
                              FinishReason finishReason, long firstTokenNanos, long totalNanos) {

    /** Without a prefix cache: nothing cached. */
    public LocalGeneration(String text, int[] tokenIds, int promptTokens, FinishReason finishReason,
                           long firstTokenNanos, long totalNanos) {
        this(text, tokenIds, promptTokens, 0, finishReason, firstTokenNanos, totalNanos);
    }

    public int generatedTokens() {
        return tokenIds.length;
    }

    /** Generated tokens over the whole call, prompt processing included; 0 for an instant call. */
    public double tokensPerSecond() {
        return totalNanos > 0 ? generatedTokens() / (totalNanos / 1e9) : 0;
    }

    /** The steady decoding speed: the tokens after the first over the time after the first; 0 without two tokens. */
    public double decodeTokensPerSecond() {
        int n = generatedTokens();
        return n > 1 && totalNanos > firstTokenNanos ? (n - 1) / ((totalNanos - firstTokenNanos) / 1e9) : 0;
    }
}
