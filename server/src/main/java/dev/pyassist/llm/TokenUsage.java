package dev.pyassist.llm;

/**
 * Token counts reported by the backend. A count is {@code -1} when the backend did not report it
 * (for example an OpenAI-compatible server that ignores {@code stream_options.include_usage}).
 */
public record TokenUsage(int inputTokens, int outputTokens) {

    public static final TokenUsage UNKNOWN = new TokenUsage(-1, -1);

    public boolean known() {
        return inputTokens >= 0 && outputTokens >= 0;
    }
}
