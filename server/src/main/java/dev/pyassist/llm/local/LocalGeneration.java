package dev.pyassist.llm.local;

import dev.pyassist.llm.FinishReason;

/**
 * The outcome of one {@link LocalEngine#generate} call.
 *
 * @param text            the continuation (without the prompt and without a stop sequence)
 * @param tokenIds        the generated token ids (for tests that compare with reference sequences)
 * @param promptTokens    number of prompt tokens
 * @param finishReason    {@code STOP} (end-of-text token), {@code STOP_SEQUENCE} or {@code LENGTH}
 * @param firstTokenNanos time from the call to the first generated token
 * @param totalNanos      time of the whole call
 */
public record LocalGeneration(String text, int[] tokenIds, int promptTokens, FinishReason finishReason,
                              long firstTokenNanos, long totalNanos) {

    public int generatedTokens() {
        return tokenIds.length;
    }
}
