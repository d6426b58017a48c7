package dev.pyassist.llm.remote;

/**
 * One server-sent event.
 *
 * @param event the {@code event:} field, or {@code "message"} when absent (per the SSE spec)
 * @param data  the {@code data:} lines joined with {@code \n}
 * @param id    the last {@code id:} seen, or {@code null}
 */
public record SseEvent(String event, String data, String id) {
}
