package dev.pyassist.store;

import java.util.List;

/**
 * One AI result as the store keeps it.
 *
 * @param id            the result's id (what {@code pyassist.rate} and the web UI name)
 * @param conversation  the chat conversation it belongs to, or null (an editor action, a task page)
 * @param source        {@code chat}, {@code editor} or {@code page}
 * @param task          {@code explain}, {@code summarize}, {@code translate}, {@code generate}
 * @param route         how a free-form request was routed ("ask → translate:java, by model"), or null
 * @param question      what the user asked or ran (the chat message, the command)
 * @param prompt        the messages of the last model call, as JSON ({@code [{"role","content"}]})
 * @param contextFiles  files whose code went into the prompt
 * @param answer        the text shown to the user
 * @param ok            whether the action produced what was asked
 * @param backend       the backend of the last call, or null when no model was called
 * @param model         the model of the last call, or null
 * @param latencyMs     the model calls' time, summed
 * @param firstTokenMs  the last call's time to its first token, or null
 * @param inputTokens   prompt tokens, summed, or null when a backend did not report them
 * @param outputTokens  answer tokens, summed, or null
 * @param created       ISO-8601 instant
 * @param rating        {@code up}, {@code down} or null
 * @param comment       the rating's comment, or null
 */
public record StoredAnswer(String id, String conversation, String source, String task, String route, String question,
        String prompt, List<String> contextFiles, String answer, boolean ok, String backend, String model,
        long latencyMs, Long firstTokenMs, Integer inputTokens, Integer outputTokens, String created, String rating,
        String comment) {

    public StoredAnswer {
        contextFiles = contextFiles == null ? List.of() : List.copyOf(contextFiles);
    }
}
