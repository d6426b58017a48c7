package dev.pyassist.config;

import java.util.Locale;

/**
 * What a generation request is for, as the settings route it ({@code llm.tasks.<key>}); {@code llm.BackendRegistry}
 * sends each task to its backend and model. With {@link LlmSettings} and {@link Secret} it lives in {@code config}, so
 * the settings do not depend on the LLM layer.
 */
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
