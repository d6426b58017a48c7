package dev.pyassist.llm;

import java.util.Locale;

/** What a generation request is for; the {@link BackendRegistry} routes each task to a backend and model. */
public enum LlmTask {
    SUMMARIZE,
    TRANSLATE,
    GENERATE,
    ASK,
    CLASSIFY,
    /** Inline code completion (fill-in-the-middle); see {@code dev.pyassist.complete}. */
    COMPLETE;

    /** The key used for this task in settings ({@code "summarize"}, ...). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
