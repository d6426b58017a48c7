package dev.pyassist.assist;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pyassist.llm.LlmResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;

/**
 * Ratings of results, appended to {@code feedback.jsonl} in the user's data directory: one JSON object a line with the
 * rating, the comment, the task, the backend, the model, timings and token counts. Nothing is sent anywhere; prompts,
 * code and keys are never written.
 */
public final class FeedbackLog {

    public static final String FILE_NAME = "feedback.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public FeedbackLog(Path directory) {
        this.file = directory.resolve(FILE_NAME);
    }

    /**
     * The data directory: {@code configured} when set, else {@code $XDG_DATA_HOME/pyassist}, else
     * {@code ~/.local/share/pyassist}.
     */
    public static Path directory(String configured, Map<String, String> env) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.strip());
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "pyassist");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "pyassist");
    }

    public Path file() {
        return file;
    }

    /** What is remembered of the last result until it is rated. */
    public record Rated(String task, boolean ok, Instant finished, java.util.List<LlmResult> calls) {}

    /** Appends one rating; returns the line written. */
    public synchronized String append(Rated result, String rating, String comment) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("time", Instant.now().toString());
        n.put("rating", rating);
        if (comment != null && !comment.isBlank()) {
            n.put("comment", comment);
        }
        n.put("task", result.task());
        n.put("ok", result.ok());
        n.put("resultTime", result.finished().toString());
        long latency = 0;
        int in = 0;
        int out = 0;
        boolean tokensKnown = true;
        ArrayNode calls = n.putArray("calls");
        for (LlmResult r : result.calls()) {
            ObjectNode c = calls.addObject();
            c.put("backend", r.backendId());
            c.put("model", r.model());
            c.put("latencyMs", r.latency().toMillis());
            if (r.timeToFirstToken() != null) {
                c.put("timeToFirstTokenMs", r.timeToFirstToken().toMillis());
            }
            c.put("inputTokens", r.usage().inputTokens());
            c.put("outputTokens", r.usage().outputTokens());
            c.put("finishReason", r.finishReason().name().toLowerCase(java.util.Locale.ROOT));
            c.put("attempts", r.attempts());
            latency += r.latency().toMillis();
            tokensKnown &= r.usage().known();
            in += Math.max(0, r.usage().inputTokens());
            out += Math.max(0, r.usage().outputTokens());
        }
        LlmResult last = result.calls().isEmpty() ? null : result.calls().get(result.calls().size() - 1);
        n.put("backend", last == null ? null : last.backendId());
        n.put("model", last == null ? null : last.model());
        n.put("latencyMs", latency);
        if (tokensKnown) {
            n.put("inputTokens", in);
            n.put("outputTokens", out);
        }
        String line = JSON.writeValueAsString(n);
        Files.createDirectories(file.getParent());
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        return line;
    }
}
