package dev.pyassist.llm;

/** Why generation ended, normalised across providers (the raw value is kept in {@link LlmResult#rawFinishReason()}). */
public enum FinishReason {
    /** The model ended its answer (OpenAI {@code stop}, Anthropic {@code end_turn}). */
    STOP,
    /** A stop sequence was hit (Anthropic {@code stop_sequence}; OpenAI reports this as {@link #STOP}). */
    STOP_SEQUENCE,
    /** The max-tokens limit was reached (OpenAI {@code length}, Anthropic {@code max_tokens}). */
    LENGTH,
    /** The provider filtered or refused the content. */
    CONTENT_FILTER,
    /** Anything else, or not reported. */
    OTHER;

    /** Maps a provider's finish/stop reason. */
    public static FinishReason fromProvider(String raw) {
        if (raw == null) {
            return OTHER;
        }
        switch (raw) {
            case "stop":
            case "end_turn":
            case "eos":
                return STOP;
            case "stop_sequence":
                return STOP_SEQUENCE;
            case "length":
            case "max_tokens":
                return LENGTH;
            case "content_filter":
            case "refusal":
                return CONTENT_FILTER;
            default:
                return OTHER;
        }
    }
}
