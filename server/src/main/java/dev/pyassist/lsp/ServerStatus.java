package dev.pyassist.lsp;

import java.util.Map;

/**
 * The {@code pyassist/status} notification: what clients show in a status bar. See ARCHITECTURE.md,
 * "Commands and notifications (contract)".
 *
 * @param server {@code starting} or {@code ready}
 * @param validator the neural validator's state and, when off, why
 * @param backend the backend serving each assist task, e.g. {@code summarize -> openai:gpt-4o-mini}, and
 *                {@code complete} while inline completion is on
 */
public record ServerStatus(String server, Validator validator, Map<String, String> backend) {
    public record Validator(String state, String reason) {}
}
