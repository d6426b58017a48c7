package dev.pyassist.assist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonObject;
import dev.pyassist.llm.testing.MockLlmServer;
import dev.pyassist.llm.testing.RecordedRequest;
import dev.pyassist.store.HistoryStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI of a running server, opened by {@code pyassist.openWeb}: chat with follow-ups, attachments, ratings in
 * the store, the playground's diagnostics, and no key in anything the page gets.
 */
class WebChatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path root;
    private MockLlmServer mock;
    private String base;
    private String cookie;
    private final List<String> everything = new ArrayList<>();

    @BeforeEach
    void start() {
        mock = MockLlmServer.start();
    }

    @AfterEach
    void stop() {
        mock.close();
    }

    private JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Cookie", cookie).header("Origin", base).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        everything.add(r.body());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
                .build(), HttpResponse.BodyHandlers.ofString());
        everything.add(r.body());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /** Sends a chat message and returns the {@code done} event's answer. */
    private JsonNode chat(String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/chat"))
                .header("Cookie", cookie).header("Origin", base).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        everything.add(r.body());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        JsonNode done = null;
        for (String event : r.body().split("\n\n")) {
            if (event.startsWith("event: done\n")) {
                done = JSON.readTree(event.substring(event.indexOf("data: ") + 6));
            }
        }
        assertTrue(done != null, r.body());
        return done;
    }

    private String upload(String name, String text) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/uploads?name=" + name))
                .header("Cookie", cookie).header("Origin", base).POST(HttpRequest.BodyPublishers.ofString(text))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("id").asText();
    }

    @Test
    void theChatRemembersTurnsUsesAttachmentsAndKeepsRatings() throws Exception {
        mock.reply("A list holds items in order.");
        try (var ws = AssistLsp.start(root, mock)) {
            JsonObject opened = ws.execute("pyassist.openWeb", new JsonObject());
            assertTrue(opened.get("ok").getAsBoolean(), opened.toString());
            URI url = URI.create(opened.get("url").getAsString());
            base = "http://127.0.0.1:" + url.getPort();
            HttpResponse<String> launch = HTTP.send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(303, launch.statusCode());
            String set = launch.headers().firstValue("Set-Cookie").orElseThrow();
            cookie = set.substring(0, set.indexOf(';'));
            assertEquals(opened.get("url").getAsString(), ws.execute("pyassist.openWeb", new JsonObject())
                    .get("url").getAsString(), "one web UI per server");

            JsonNode first = chat("{\"message\": \"What is a list?\"}");
            assertEquals("A list holds items in order.", first.get("answer").asText());
            assertTrue(first.get("route").asText().startsWith("ask → explain, by rules"), first.toString());
            String conversation = get("/api/conversations").get("conversations").get(0).get("id").asText();

            chat("{\"conversation\": \"" + conversation + "\", \"message\": \"And how do I sort one?\"}");
            RecordedRequest followUp = mock.requests().get(mock.requests().size() - 1);
            assertTrue(followUp.body().contains("What is a list?"), "the follow-up carries the earlier question");
            assertTrue(followUp.body().contains("A list holds items in order."), "and the earlier answer");

            String a = upload("a.py", "def alpha():\n    return 1\n");
            String b = upload("b.py", "def beta():\n    return 2\n");
            String c = upload("c.py", "def gamma():\n    return 3\n");
            JsonNode withFiles = chat("{\"conversation\": \"" + conversation + "\", \"message\": \"What do these "
                    + "files do?\", \"attachments\": [\"" + a + "\", \"" + b + "\", \"" + c + "\"]}");
            List<String> files = new ArrayList<>();
            withFiles.get("contextFiles").forEach(f -> files.add(f.asText()));
            assertEquals(List.of("a.py", "b.py", "c.py"), files);
            assertTrue(mock.requests().get(mock.requests().size() - 1).body().contains("def gamma()"));

            post("/api/feedback", "{\"id\": \"" + withFiles.get("id").asText() + "\", \"rating\": \"down\", "
                    + "\"comment\": \"too vague\"}");
            JsonNode turns = get("/api/conversations/" + conversation).get("turns");
            assertEquals(3, turns.size());
            assertEquals("down", turns.get(2).get("rating").asText());

            JsonNode check = post("/api/check", "{\"code\": \"def f(:\\n    return undefined_name\\n\"}");
            assertEquals("syntax", check.get("diagnostics").get(0).get("layer").asText(), check.toString());

            // pyassist.ask results are turns of the chat too
            JsonObject ask = new JsonObject();
            ask.addProperty("question", "What is a dict?");
            assertTrue(ws.execute("pyassist.ask", ask).get("ok").getAsBoolean());
            JsonNode asked = get("/api/conversations").get("conversations").get(0);
            assertEquals("Asked in the editor", asked.get("title").asText());
            assertEquals("What is a dict?", get("/api/conversations/" + asked.get("id").asText()).get("turns").get(0)
                    .get("question").asText());

            everything.add(get("/api/status").toString());
            for (String s : everything) {
                assertFalse(s.contains(AssistLsp.KEY), s);
            }
        }
        // a new process reads the same history
        try (HistoryStore store = new HistoryStore(root.resolve("data"))) {
            var conversation = store.conversations().stream().filter(c -> !c.title().equals("Asked in the editor"))
                    .findFirst().orElseThrow();
            List<String> questions = store.turns(conversation.id()).stream().map(t -> t.question()).toList();
            assertEquals(List.of("What is a list?", "And how do I sort one?", "What do these files do?"), questions);
            assertEquals("too vague", store.turns(conversation.id()).get(2).comment());
        }
    }
}
