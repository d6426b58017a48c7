package dev.pyassist.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of a finished generation.
 *
 * @param text             the whole generated text
 * @param finishReason     normalised reason generation stopped
 * @param rawFinishReason  the provider's own value ({@code null} if none was reported)
 * @param usage            token counts ({@link TokenUsage#UNKNOWN} parts when not reported)
 * @param latency          from {@link LlmBackend#start} to the end of the answer, retries included
 * @param timeToFirstToken from start to the first text delta, or {@code null} if no text was produced
 * @param model            the model that answered (as the backend reported it, else as requested)
 * @param backendId        id of the backend that answered ({@link LlmBackend#id()})
 * @param attempts         HTTP attempts made (1 when no retry happened; 1 for local engines)
 * @param responseId       the provider's id of the response ({@code chatcmpl-…}, {@code msg_…}), or null when none
 */
public record LlmResult(
        String text,
        FinishReason finishReason,
        String rawFinishReason,
        TokenUsage usage,
        Duration latency,
        Duration timeToFirstToken,
        String model,
        String backendId,
        int attempts,
        String responseId) {

    /** A result without a response id (local engines, tests). */
    public LlmResult(String text, FinishReason finishReason, String rawFinishReason, TokenUsage usage, Duration latency,
            Duration timeToFirstToken, String model, String backendId, int attempts) {
        this(text, finishReason, rawFinishReason, usage, latency, timeToFirstToken, model, backendId, attempts, null);
    }

    public LlmResult {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(latency, "latency");
    }
}
