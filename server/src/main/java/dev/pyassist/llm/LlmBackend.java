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

    /**
     * Why every call would fail before anything is sent (a required key that is not set), in words for a status line
     * ("no key: set OPENAI_API_KEY or pyassist.llm.openai.apiKey"); empty when the backend can be tried.
     */
    default java.util.Optional<String> notReady() {
        return java.util.Optional.empty();
    }

    /**
     * How a request fits the model's context window, for backends whose window is small enough to matter (a local
     * model's {@code n_positions}): the request's tokens as this backend renders it, and the window. Empty when the
     * backend cannot tell (remote endpoints). May load the model; call it off the JSON-RPC thread.
     */
    record Fit(int promptTokens, int windowTokens) {
        /** Whether the prompt leaves a quarter of the window (at least one token) for the answer. */
        public boolean fits() {
            return promptTokens + Math.max(1, windowTokens / 4) <= windowTokens;
        }
    }

    default java.util.Optional<Fit> fit(LlmRequest request) {
        return java.util.Optional.empty();
    }

    /** Convenience: start without a listener and wait. */
    default LlmResult generate(LlmRequest request) throws InterruptedException {
        return start(request, TokenListener.NONE).await();
    }
}
