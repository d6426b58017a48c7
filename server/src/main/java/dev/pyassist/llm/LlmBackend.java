package dev.pyassist.llm;

/**
 * A text generator: a remote HTTP backend (OpenAI-compatible, Anthropic) or an in-process engine.
 * Implementations are thread safe; {@link #start} never blocks on the network or the model.
 */
public interface LlmBackend {

    /** Stable id used in settings and feedback records ({@code "openai"}, {@code "anthropic"}, {@code "local"}). */
    String id();

    /** Human description used in messages, e.g. {@code "OpenAI-compatible backend at http://127.0.0.1:1234/v1"}. */
    String describe();

    /** The model used when a request names none. */
    String defaultModel();

    /**
     * Starts generating. Never throws for backend problems: configuration errors (a missing key) and transport
     * errors arrive through {@link LlmCall#result()} as an {@link LlmException}.
     */
    LlmCall start(LlmRequest request, TokenListener listener);

    /**
     * How long one generation may take, and the setting that says so ({@code pyassist.llm.openai.timeoutMs}); empty
     * for a backend without a limit. A user action that makes several calls gets this once, for all of them.
     */
    record TimeLimit(java.time.Duration duration, String setting) {}

    /**
     * Whether {@link #start} takes {@link LlmRequest#raw} prompts (a completions endpoint, the local engine); the
     * others get a chat prompt instead.
     */
    default boolean continuesRawPrompts() {
        return false;
    }

    default java.util.Optional<TimeLimit> timeLimit() {
        return java.util.Optional.empty();
    }

    /** Convenience: start without a listener and wait. */
    default LlmResult generate(LlmRequest request) throws InterruptedException {
        return start(request, TokenListener.NONE).await();
    }
}
