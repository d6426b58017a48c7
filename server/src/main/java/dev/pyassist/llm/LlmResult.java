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
        int attempts) {

    public LlmResult {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(latency, "latency");
    }
}
