package dev.pyassist.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.pyassist.assist.AssistResult;
import dev.pyassist.llm.LlmMessage;
import dev.pyassist.llm.LlmRequest;
import dev.pyassist.llm.LlmResult;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** An action's outcome as a {@link StoredAnswer}: the one place results become history records. */
public final class Answers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Answers() {}

    /**
     * @param source   {@code chat}, {@code editor} or {@code page}
     * @param question what the user asked or ran
     * @param route    the routing note of a free-form request, or null
     * @param requests the requests of {@code result.calls()}, in order (the last one's messages are kept)
     */
    public static StoredAnswer of(String id, String conversation, String source, String question, String route,
            AssistResult result, List<LlmRequest> requests) {
        List<LlmResult> calls = result.calls();
        LlmResult last = calls.isEmpty() ? null : calls.get(calls.size() - 1);
        long latency = 0;
        int in = 0;
        int out = 0;
        boolean known = !calls.isEmpty();
        for (LlmResult r : calls) {
            latency += r.latency().toMillis();
            known &= r.usage().known();
            in += Math.max(0, r.usage().inputTokens());
            out += Math.max(0, r.usage().outputTokens());
        }
        String answer = result.text() != null && !result.text().isBlank() ? result.text() : result.message();
        return new StoredAnswer(id, conversation, source, result.task(), route, question,
                requests.isEmpty() ? null : prompt(requests.get(requests.size() - 1)), result.contextFiles(), answer,
                result.ok(), last == null ? null : last.backendId(), last == null ? null : last.model(), latency,
                last == null || last.timeToFirstToken() == null ? null : last.timeToFirstToken().toMillis(),
                known ? in : null, known ? out : null, Instant.now().toString(), null, null);
    }

    /** A request's messages as {@code [{"role","content"}]}. */
    static String prompt(LlmRequest request) {
        ArrayNode a = JSON.createArrayNode();
        for (LlmMessage m : request.messages()) {
            a.addObject().put("role", m.role().name().toLowerCase(Locale.ROOT)).put("content", m.content());
        }
        return a.toString();
    }
}
