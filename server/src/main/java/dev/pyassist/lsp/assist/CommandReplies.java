package dev.pyassist.lsp.assist;

import dev.pyassist.lsp.ErrorMapping;
import dev.pyassist.lsp.Session;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.lsp4j.MessageType;

/**
 * The summary object a {@code pyassist.*} command answers with when it did not do its job
 * ({@code task, ok: false, message}); the message is shown by the server (ErrorMapping), never by the client.
 */
final class CommandReplies {
    private final Session session;

    CommandReplies(Session session) {
        this.session = session;
    }

    /** A refusal (bad arguments, the actions turned off): shown to the user like every outcome. */
    Map<String, Object> failure(String command, String message) {
        return failure(command, message, MessageType.Warning);
    }

    Map<String, Object> failure(String command, String message, MessageType type) {
        show(type, message);
        return summary(command, message);
    }

    void show(MessageType type, String message) {
        ErrorMapping.show(session, type, message);
    }

    /** A cancellation the user asked for: nothing to show. */
    static Map<String, Object> cancelled(String command) {
        return summary(command, "cancelled");
    }

    private static Map<String, Object> summary(String command, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", command.replace("pyassist.", ""));
        out.put("ok", false);
        out.put("message", message);
        return out;
    }
}
