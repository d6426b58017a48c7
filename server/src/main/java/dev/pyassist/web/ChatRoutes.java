package dev.pyassist.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.pyassist.assist.AssistResult;
import dev.pyassist.assist.Chat;
import dev.pyassist.assist.Job;
import dev.pyassist.files.ExternalFiles;
import dev.pyassist.llm.LlmException;
import dev.pyassist.store.Answers;
import dev.pyassist.store.HistoryStore;
import dev.pyassist.store.StoredAnswer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chat's API: conversations and their turns from the store, uploads, a message's answer streamed as
 * server-sent events ({@code route}, {@code delta}..., then {@code done} with the stored answer, or {@code error}),
 * and ratings.
 */
final class ChatRoutes implements WebServer.Route {
    static final int MAX_JSON = 256 * 1024;
    /** Attachments one message carries at most. */
    static final int MAX_ATTACHMENTS = 10;

    private final WebParts parts;
    private final Uploads uploads;

    ChatRoutes(WebParts parts, Uploads uploads) {
        this.parts = parts;
        this.uploads = uploads;
    }

    @Override
    public boolean handle(String method, String path, HttpExchange x) throws IOException {
        switch (method + " " + path) {
            case "GET /api/status" -> Http.json(x, 200, status());
            case "GET /api/conversations" -> Http.json(x, 200, Map.of("conversations", store().conversations()));
            case "POST /api/conversations" -> {
                String title = Http.json(x, MAX_JSON).path("title").asText("New conversation");
                Http.json(x, 200, store().createConversation(title(title)));
            }
            case "POST /api/uploads" -> upload(x);
            case "POST /api/chat" -> chat(x);
            case "POST /api/feedback" -> feedback(x);
            default -> {
                if (method.equals("GET") && path.startsWith("/api/conversations/")) {
                    conversation(x, path.substring("/api/conversations/".length()));
                    return true;
                }
                return false;
            }
        }
        return true;
    }

    private HistoryStore store() {
        return parts.store().get();
    }

    private Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backends", parts.backends().get());
        m.put("validator", parts.validatorState().get());
        m.put("history", store().file().toString());
        m.put("workspace", parts.root() == null ? null : parts.root().toString());
        return m;
    }

    private void conversation(HttpExchange x, String id) throws IOException {
        var c = store().conversation(id);
        if (c.isEmpty()) {
            throw new Http.Failure(404, "No such conversation.");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("conversation", c.get());
        m.put("turns", store().turns(id).stream().map(ChatRoutes::turn).toList());
        Http.json(x, 200, m);
    }

    /** What the page shows of a stored answer (the prompt stays in the store). */
    static Map<String, Object> turn(StoredAnswer a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("question", a.question());
        m.put("answer", a.answer());
        m.put("task", a.task());
        m.put("route", a.route());
        m.put("ok", a.ok());
        m.put("contextFiles", a.contextFiles());
        m.put("backend", a.backend());
        m.put("model", a.model());
        m.put("latencyMs", a.latencyMs());
        m.put("inputTokens", a.inputTokens());
        m.put("outputTokens", a.outputTokens());
        m.put("rating", a.rating());
        m.put("comment", a.comment());
        return m;
    }

    private void upload(HttpExchange x) throws IOException {
        String query = x.getRequestURI().getRawQuery();
        String name = query == null ? null : WebServer.parameter(query, "name");
        byte[] body = Http.body(x, Uploads.MAX_FILE);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new Http.Failure(415, "Only UTF-8 text files can be attached.");
        }
        Uploads.Upload u = uploads.add(name, text);
        Http.json(x, 200, Map.of("id", u.id(), "name", u.name(), "size", body.length));
    }

    private void chat(HttpExchange x) throws IOException {
        JsonNode req = Http.json(x, MAX_JSON);
        if (!parts.settings().get().assist().enabled()) {
            throw new Http.Failure(409, "The AI actions are turned off (pyassist.assist.enabled).");
        }
        String message = req.path("message").asText("").strip();
        if (message.isEmpty()) {
            throw new Http.Failure(400, "The message is empty.");
        }
        List<Chat.Attachment> attachments = attachments(req);
        HistoryStore store = store();
        String conversation = req.path("conversation").asText(null);
        if (conversation == null || conversation.isBlank() || store.conversation(conversation).isEmpty()) {
            conversation = store.createConversation(title(message)).id();
        }
        List<Chat.Turn> earlier = new ArrayList<>();
        for (StoredAnswer a : store.turns(conversation)) {
            if (a.ok() && a.answer() != null) {
                earlier.add(new Chat.Turn(a.question(), a.answer()));
            }
        }
        boolean beginner = req.path("beginner").asBoolean(false);
        try (Http.Events events = new Http.Events(x)) {
            events.send("conversation", Map.of("id", conversation));
            Job job = new Job(m -> events.send("progress", Map.of("message", m)), parts.consent(),
                    delta -> events.send("delta", Map.of("text", delta)));
            String id = HistoryStore.newId();
            try {
                Chat.Reply reply = parts.chat().answer(earlier, message, attachments, beginner, job);
                events.send("route", Map.of("route", reply.route()));
                AssistResult r = reply.result();
                AssistResult shown = new AssistResult(r.task(), r.ok(), r.message(), display(r), r.edit(), null,
                        r.contextFiles(), r.calls());
                StoredAnswer a = Answers.of(id, conversation, "chat", message, reply.route(), shown, job.requests());
                store.save(a);
                events.send("done", turn(a));
            } catch (LlmException | dev.pyassist.assist.SendConsent.Refused e) {
                events.send("error", Map.of("message", e.getMessage()));
            }
        }
    }

    /** The answer as Markdown: the explanation, or the action's message with its code. */
    static String display(AssistResult r) {
        if (r.task().equals("explain") || r.text() == null || r.text().isBlank()) {
            return r.task().equals("explain") && r.text() != null ? r.text() : r.message();
        }
        String fence = switch (r.task()) {
            case "translate" -> "";
            case "generate" -> "python";
            default -> null;
        };
        if (fence == null) {
            return r.message();
        }
        return r.message() + "\n\n```" + fence + "\n" + r.text().strip() + "\n```";
    }

    private List<Chat.Attachment> attachments(JsonNode req) throws IOException {
        List<Chat.Attachment> out = new ArrayList<>();
        for (JsonNode id : req.path("attachments")) {
            Uploads.Upload u = uploads.get(id.asText()).orElseThrow(() -> new Http.Failure(400,
                    "An attachment is gone (uploads last while this server runs); attach it again."));
            out.add(new Chat.Attachment(u.name(), u.text()));
        }
        for (JsonNode p : req.path("paths")) {
            out.add(workspaceFile(p.asText()));
        }
        if (out.size() > MAX_ATTACHMENTS) {
            throw new Http.Failure(400, "At most " + MAX_ATTACHMENTS + " attachments a message.");
        }
        return out;
    }

    /** An {@code @path}: a regular file inside the workspace, size-limited. */
    private Chat.Attachment workspaceFile(String relative) throws IOException {
        Path root = parts.root();
        if (root == null) {
            throw new Http.Failure(400, "@" + relative + ": this server has no workspace folder.");
        }
        Path file = root.resolve(relative.startsWith("@") ? relative.substring(1) : relative).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            throw new Http.Failure(400, "@" + relative + " is not a file of the workspace.");
        }
        try {
            return new Chat.Attachment(root.relativize(file).toString(),
                    ExternalFiles.readString(file, root, Uploads.MAX_FILE));
        } catch (IOException e) {
            throw new Http.Failure(400, e.getMessage());
        }
    }

    private void feedback(HttpExchange x) throws IOException {
        JsonNode req = Http.json(x, MAX_JSON);
        String rating = req.path("rating").asText("");
        if (!rating.equals("up") && !rating.equals("down")) {
            throw new Http.Failure(400, "A rating is \"up\" or \"down\".");
        }
        String comment = req.path("comment").asText(null);
        if (comment != null && comment.length() > 4000) {
            throw new Http.Failure(400, "The comment is longer than 4000 characters.");
        }
        if (!store().rate(req.path("id").asText(""), rating, comment)) {
            throw new Http.Failure(404, "No answer has that id.");
        }
        Http.json(x, 200, Map.of("ok", true));
    }

    static String title(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        return t.isEmpty() ? "New conversation" : t.length() > 60 ? t.substring(0, 60) + "…" : t;
    }
}
