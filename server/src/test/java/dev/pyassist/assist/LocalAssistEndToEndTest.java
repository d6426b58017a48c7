package dev.pyassist.assist;

import static dev.pyassist.assist.AssistLsp.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.pyassist.llm.local.FakeEngineJar;
import dev.pyassist.llm.local.FakeEngineProvider;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.lsp4j.CodeAction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AI actions end to end through the whole server with every task routed to the local backend (a fake engine). */
class LocalAssistEndToEndTest {
    private static final String CALC = """
            def add(a, b):
                return a + b
            """;

    @TempDir
    Path root;
    @TempDir
    Path models;
    Path jar;

    @BeforeEach
    void setUp() throws Exception {
        FakeEngineProvider.reset();
        jar = FakeEngineJar.withProvider(models.resolve("jar"));
        FakeEngineProvider.model(models.resolve("base"), "base model answer");
        FakeEngineProvider.adapter(models.resolve("summarize"), "Add two numbers.\n\nReturns:\n    The sum of a and b.");
        FakeEngineProvider.adapter(models.resolve("generate"), "```python\nreturn max(lo, min(x, hi))\n```");
    }

    private JsonObject settings(String engineJar) {
        JsonObject s = AssistLsp.GSON.fromJson("""
                {"llm": {"defaultBackend": "local",
                         "local": {"model": "%s", "engineJar": "%s", "threads": 1,
                                   "adapters": {"summarize": "%s", "generate": "%s"}}},
                 "assist": {"feedbackDirectory": "%s", "context": {"enabled": false}}}
                """.formatted(esc(models.resolve("base")), esc(Path.of(engineJar)), esc(models.resolve("summarize")),
                esc(models.resolve("generate")), esc(root.resolve("data"))), JsonObject.class);
        return s;
    }

    private static String esc(Path p) {
        return p.toString().replace("\\", "\\\\");
    }

    private AssistLsp start(String engineJar) throws Exception {
        return AssistLsp.start(root, settings(engineJar), Map.of("PATH", System.getenv("PATH")));
    }

    @Test
    void summarizeRunsOnTheLocalEngineWithTheSummarizeAdapter() throws Exception {
        try (var ws = start(jar.toString())) {
            String uri = ws.open("calc.py", CALC);
            CodeAction action = ws.codeActions(uri, 0, 5).stream()
                    .filter(a -> a.getTitle().startsWith("Write a docstring")).findFirst().orElseThrow();
            assertEquals(0, FakeEngineProvider.LOADS.get(), "opening files and listing actions loads no engine");
            JsonObject result = ws.run(action);
            assertTrue(result.get("ok").getAsBoolean(), result.toString());
            String after = AssistLsp.apply(CALC, ws.lastTextEdit().getEdits().stream().map(e -> e.getLeft()).toList());
            assertTrue(after.startsWith("""
                    def add(a, b):
                        \"""Add two numbers.

                        Returns:
                            The sum of a and b.
                        \"""
                        return a + b
                    """), after);
            var call = FakeEngineProvider.CALLS.get(0);
            assertEquals("summarize", call.adapter());
            assertTrue(call.prompt().contains("def add(a, b)"), call.prompt());
            assertTrue(call.prompt().contains("### Instruction:\n"), call.prompt());
            assertTrue(call.prompt().endsWith("### Response:\n"), call.prompt());
            assertTrue(call.thread().startsWith("pyassist-local-engine"), call.thread());
            assertEquals(512, call.options().maxNewTokens(), "the summarize task's output limit");
        }
    }

    @Test
    void promptsAreFittedToTheLocalModelsWindowContextFirstAndRefusedWhenTheCodeAloneIsTooLong() throws Exception {
        java.nio.file.Files.writeString(root.resolve("helpers.py"), "def add_numbers(a, b):\n    \"\"\"Add the two "
                + "numbers a and b and return their sum.\"\"\"\n    return a + b\n");
        Path window = models.resolve("base").resolve("n_positions.txt");
        java.nio.file.Files.writeString(window, "100000");
        JsonObject s = settings(jar.toString());
        s.getAsJsonObject("assist").getAsJsonObject("context").addProperty("enabled", true);
        try (var ws = AssistLsp.start(root, s, Map.of("PATH", System.getenv("PATH")))) {
            ws.lsp.client.awaitProgress(p -> p.getValue().getLeft() instanceof org.eclipse.lsp4j.WorkDoneProgressEnd e
                    && String.valueOf(e.getMessage()).startsWith("Indexed"));
            String uri = ws.open("calc.py", CALC);
            assertTrue(ws.execute("pyassist.summarize", AssistLsp.at(uri, 1, 4)).get("ok").getAsBoolean());
            String withContext = FakeEngineProvider.CALLS.get(0).prompt();
            assertTrue(withContext.contains("add_numbers"), withContext);
            int tokens = withContext.strip().split("\\s+").length;
            int w = 1;
            while (tokens + Math.max(1, w / 4) <= w || tokens + Math.max(1, (w + 1) / 4) > w + 1) {
                w++; // the largest window the prompt with context does not fit
            }
            java.nio.file.Files.writeString(window, String.valueOf(w));
            JsonObject trimmed = ws.execute("pyassist.summarize", AssistLsp.at(uri, 1, 4));
            assertTrue(trimmed.get("ok").getAsBoolean(), trimmed.toString());
            String fitted = FakeEngineProvider.CALLS.get(1).prompt();
            assertFalse(fitted.contains("add_numbers"), "the context went first: " + fitted);
            assertTrue(fitted.contains("def add(a, b)"), "the code stays: " + fitted);
            assertEquals(0, trimmed.getAsJsonArray("contextFiles").size(), trimmed.toString());

            java.nio.file.Files.writeString(window, "16");
            JsonObject refused = ws.execute("pyassist.summarize", AssistLsp.at(uri, 1, 4));
            assertFalse(refused.get("ok").getAsBoolean());
            assertTrue(AssistLsp.str(refused, "message").startsWith("This does not fit the model's context"),
                    refused.toString());
            assertTrue(AssistLsp.str(refused, "message").contains("16 tokens in all (n_positions)"), refused.toString());
            assertEquals(2, FakeEngineProvider.CALLS.size(), "nothing was sent");
        }
    }

    @Test
    void generateUsesTheGenerateAdapterAndTheSameResidentEngine() throws Exception {
        String text = "def clamp(x, lo, hi):\n    \"\"\"Limit x to [lo, hi].\"\"\"\n    ...\n";
        try (var ws = start(jar.toString())) {
            String uri = ws.open("clamp.py", text);
            CodeAction action = ws.codeActions(uri, 0, 6).stream()
                    .filter(a -> a.getTitle().equals("Implement function 'clamp' (AI)")).findFirst().orElseThrow();
            JsonObject result = ws.run(action);
            assertTrue(result.get("ok").getAsBoolean(), result.toString());
            String after = AssistLsp.apply(text, ws.lastTextEdit().getEdits().stream().map(e -> e.getLeft()).toList());
            assertEquals("def clamp(x, lo, hi):\n    \"\"\"Limit x to [lo, hi].\"\"\"\n    return max(lo, min(x, hi))\n",
                    after);
            assertEquals("generate", FakeEngineProvider.CALLS.get(0).adapter());
            String calc = ws.open("calc.py", CALC);
            CodeAction doc = ws.codeActions(calc, 0, 5).stream()
                    .filter(a -> a.getTitle().startsWith("Write a docstring")).findFirst().orElseThrow();
            assertTrue(ws.run(doc).get("ok").getAsBoolean());
            assertEquals(1, FakeEngineProvider.LOADS.get(), "one engine serves both tasks");
            ws.lsp.server.shutdown().get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(1, FakeEngineProvider.closes(), "shutting the server down closes the engine");
        }
    }

    @Test
    void aMissingEngineJarIsReportedWithHowToBuildIt() throws Exception {
        try (var ws = start(models.resolve("missing.jar").toString())) {
            String uri = ws.open("calc.py", CALC);
            JsonObject result = ws.execute("pyassist.summarize", AssistLsp.at(uri, 0, 5));
            assertFalse(result.get("ok").getAsBoolean(), result.toString());
            String message = str(result, "message");
            assertTrue(message.contains("mvn -pl local-engine -am package"), result.toString());
            assertNull(str(result, "stack"));
        }
    }
}
