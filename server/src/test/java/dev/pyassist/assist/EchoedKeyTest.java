package dev.pyassist.assist;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.pyassist.llm.testing.LogCapture;
import dev.pyassist.llm.testing.MockLlmServer;
import dev.pyassist.llm.testing.MockResponse;
import dev.pyassist.llm.testing.ProviderStyle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An endpoint that echoes the keys in successful answers (text, streamed pieces, model name): no key reaches the
 * buffer edit, a created file, a message, the result, the feedback log or a log line. The keys are not shaped like
 * provider keys, so only knowing them scrubs them: the one in the settings, and one from the environment.
 */
class EchoedKeyTest {
    private static final String USED_KEY = "corp-gateway-4c1d9e8b7a6f5e3d";
    private static final String ENV_KEY = "self-hosted-token-0a9b8c7d6e5f";
    private static final String CALC = "def add(a, b):\n    return a + b\n";

    @TempDir
    Path root;
    MockLlmServer mock;

    @BeforeEach
    void startMock() {
        mock = MockLlmServer.start().requireApiKey(USED_KEY);
    }

    @AfterEach
    void stopMock() {
        mock.close();
    }

    private AssistLsp start() throws Exception {
        JsonObject settings = AssistLsp.settings(mock.openAiBaseUrl(), root);
        settings.getAsJsonObject("llm").getAsJsonObject("openai").addProperty("apiKey", USED_KEY);
        return AssistLsp.start(root, settings, Map.of("PATH", System.getenv("PATH"), "ANTHROPIC_API_KEY", ENV_KEY));
    }

    /** A streamed answer with each key cut into pieces across deltas, and the used key as the model's name. */
    private void enqueueStreamed(String before, String after) {
        List<String> deltas = List.of(before, USED_KEY.substring(0, 5), USED_KEY.substring(5, 17),
                USED_KEY.substring(17) + " and " + ENV_KEY.substring(0, 9), ENV_KEY.substring(9) + after);
        mock.enqueue(MockResponse.sse(ProviderStyle.openAiStream(USED_KEY, deltas, "stop", true, 10, 5)));
    }

    @Test
    void noEchoedKeyReachesAnEditAFileAMessageOrALog() throws Exception {
        try (var logs = new LogCapture("dev.pyassist"); var ws = start()) {
            String uri = ws.open("calc.py", CALC);
            List<String> everything = new ArrayList<>();

            enqueueStreamed("Add two numbers, signed ", ".");
            JsonObject summary = ws.execute("pyassist.summarize", AssistLsp.at(uri, 0, 4));
            assertTrue(summary.get("applied").getAsBoolean(), summary.toString());
            String edited = AssistLsp.apply(CALC, ws.lastTextEdit().getEdits().stream().map(e -> e.getLeft()).toList());
            assertTrue(edited.contains("signed [redacted] and [redacted]."), edited);
            everything.add(edited);
            everything.add(summary.toString());

            mock.reply("```java\npublic class Calc {\n    // " + USED_KEY + " " + ENV_KEY + "\n"
                    + "    static int add(int a, int b) {\n        return a + b;\n    }\n}\n```\n");
            JsonObject translated = ws.execute("pyassist.translate", withLanguage(AssistLsp.at(uri, 0, 4), "java"));
            Path created = root.resolve("Calc.java");
            assertTrue(Files.exists(created), translated.toString());
            everything.add(Files.readString(created));
            everything.add(translated.toString());
            everything.add(ws.lsp.client.edits.toString());

            mock.enqueue(MockResponse.json(200, ProviderStyle.openAiCompletion("m", "explain", "stop", 9, 1)));
            enqueueStreamed("It adds; key ", " for you.");
            JsonObject arg = AssistLsp.at(uri, 0, 4);
            arg.addProperty("question", "explain this function");
            JsonObject asked = ws.execute("pyassist.ask", arg);
            assertTrue(asked.toString().contains("It adds; key [redacted] and [redacted] for you."), asked.toString());
            everything.add(asked.toString());

            ws.execute("pyassist.rate", AssistLsp.GSON.fromJson("{\"rating\": \"up\"}", JsonObject.class));
            everything.add(StoreBytes.of(root.resolve("data")));
            everything.addAll(logs.rendered());
            ws.lsp.client.shown.forEach(m -> everything.add(m.getMessage()));
            ws.lsp.client.logged.forEach(m -> everything.add(m.getMessage()));
            ws.lsp.client.progress.forEach(p -> everything.add(p.toString()));
            ws.lsp.client.statuses.forEach(s -> everything.add(s.toString()));
            for (String text : everything) {
                assertFalse(text.contains(USED_KEY), "the used key leaked: " + text);
                assertFalse(text.contains(ENV_KEY), "the environment's key leaked: " + text);
            }
        }
    }

    private static JsonObject withLanguage(JsonObject arg, String language) {
        arg.addProperty("language", language);
        return arg;
    }
}
