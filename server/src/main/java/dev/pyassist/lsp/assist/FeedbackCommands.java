package dev.pyassist.lsp.assist;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyassist.assist.AssistResult;
import dev.pyassist.assist.Job;
import dev.pyassist.config.Settings;
import dev.pyassist.store.Answers;
import dev.pyassist.store.DataDirectory;
import dev.pyassist.store.HistoryStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.lsp4j.MessageType;

/**
 * The results of the AI actions in the history store (ARCHITECTURE.md, "History store"): every result with a model
 * call is kept under a new id, {@code pyassist.ask} results as turns of one "Asked in the editor" conversation, and
 * {@code pyassist.rate {id?, rating, comment?}} rates one (no id: the last result).
 */
final class FeedbackCommands {
    private static final Logger LOG = Logger.getLogger(FeedbackCommands.class.getName());
    static final String RATE = "pyassist.rate";

    private final Supplier<Settings> settings;
    private final Map<String, String> env;
    private final CommandReplies replies;
    /** The id of the last result, rated by a {@code pyassist.rate} that names no id (older clients). */
    private volatile String lastId;
    /** The chat conversation that holds this server's {@code pyassist.ask} results (made on the first one). */
    private String askConversation;

    FeedbackCommands(Supplier<Settings> settings, Map<String, String> env, CommandReplies replies) {
        this.settings = settings;
        this.env = env;
        this.replies = replies;
    }

    private HistoryStore store() {
        return HistoryStore.in(DataDirectory.of(settings.get().assist().feedbackDirectory(), env));
    }

    /**
     * Keeps the result in the history store under a new id (returned, for {@code pyassist.rate}).
     *
     * @param question what was asked: the question of an ask, else the command's name
     * @param chatTurn whether it is a turn of the "Asked in the editor" conversation (an ask)
     */
    String record(String question, boolean chatTurn, AssistResult result, Job job) {
        String id = HistoryStore.newId();
        lastId = id;
        try {
            HistoryStore store = store();
            String conversation = null;
            if (chatTurn) { // asks are chat turns too: the web UI's chat lists them
                synchronized (this) {
                    if (askConversation == null || store.conversation(askConversation).isEmpty()) {
                        askConversation = store.createConversation("Asked in the editor").id();
                    }
                    conversation = askConversation;
                }
            }
            store.save(Answers.of(id, conversation, "editor", question, null, result, job.requests()));
        } catch (RuntimeException e) {
            LOG.warning("the result was not kept for rating: " + e.getMessage());
        }
        return id;
    }

    /** The conversation that holds this server's asks, null before the first one was kept. */
    synchronized String askConversation() {
        return askConversation;
    }

    /** {@code pyassist.rate {id?, rating, comment?}}: a second rating of the same result replaces the first. */
    Map<String, Object> rate(JsonNode arg) {
        String rating = arg.path("rating").asText("");
        if (!rating.equals("up") && !rating.equals("down")) {
            return replies.failure(RATE, "pyassist.rate needs \"rating\": \"up\" or \"down\"");
        }
        String id = arg.path("id").asText(null);
        if (id == null || id.isBlank()) {
            id = lastId;
        }
        if (id == null) {
            return replies.failure(RATE, "There is no pyassist result to rate yet.", MessageType.Info);
        }
        HistoryStore store = store();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", "rate");
        out.put("id", id);
        try {
            if (!store.rate(id, rating, arg.path("comment").asText(null))) {
                return replies.failure(RATE, "No pyassist result has the id " + id + " (results are kept in "
                        + store.file() + ").");
            }
            out.put("ok", true);
            out.put("file", store.file().toString());
            out.put("message", "Thanks: rating saved to " + store.file() + " (kept on this machine only).");
            replies.show(MessageType.Info, (String) out.get("message"));
        } catch (RuntimeException e) {
            out.put("ok", false);
            out.put("message", e.getMessage());
            replies.show(MessageType.Warning, e.getMessage());
        }
        return out;
    }
}
