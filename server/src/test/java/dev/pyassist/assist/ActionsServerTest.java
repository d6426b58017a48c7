package dev.pyassist.assist;

import static dev.pyassist.assist.AssistLsp.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.pyassist.llm.testing.MockLlmServer;
import dev.pyassist.llm.testing.MockResponse;
import dev.pyassist.llm.testing.ProviderStyle;
import dev.pyassist.python.PythonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.lsp4j.MessageActionItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20 over LSP: what each AI action lands, how it is previewed, and what its message says it did. */
class ActionsServerTest {
    private static final String SHOP = """
            class Stack:
                def __init__(self):
                    self.items = []

                def push(self, item):
                    self.items.append(item)
                    return len(self.items)


            def total(prices):
                subtotal = sum(prices)
                tax = subtotal * 0.2
                return subtotal + tax
            """;

    @TempDir
    Path root;
    MockLlmServer mock;

    @BeforeEach
    void startMock() {
        mock = MockLlmServer.start().requireApiKey(AssistLsp.KEY);
    }

    @AfterEach
    void stopMock() {
        mock.close();
    }

    private static JsonObject ask(String uri, int line, int ch, String question) {
        JsonObject arg = uri == null ? new JsonObject() : AssistLsp.at(uri, line, ch);
        arg.addProperty("question", question);
        return arg;
    }

    private void classifierSays(String label) {
        mock.enqueue(MockResponse.json(200, ProviderStyle.openAiCompletion("mock-model", label, "stop", 5, 1)));
    }

    private static String applied(AssistLsp ws, String before) {
        return AssistLsp.apply(before, ws.lastTextEdit().getEdits().stream().map(e -> e.getLeft()).toList());
    }

    @Test
    void aDocstringWithQuotesOrBackslashesLeavesTheFileParsing() throws Exception {
        String text = "def ok():\n    return 'ok'\n";
        mock.reply("Return the word \"ok\"");
        try (var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("ok.py", text);
            JsonObject result = ws.execute("pyassist.summarize", AssistLsp.at(uri, 1, 4));
            assertTrue(result.get("applied").getAsBoolean(), result.toString());
            String after = applied(ws, text);
            assertTrue(PythonParser.parse(after).ok(), after);
            assertTrue(after.contains("Return the word \"ok\\\""), after);
        }
    }

    @Test
    void askToGeneratePutsANewFunctionAfterTheFunctionAtTheCursor() throws Exception {
        classifierSays("generate");
        mock.reply("```python\ndef discount(price, rate):\n    return price * (1 - rate)\n```");
        try (var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("shop.py", SHOP);
            JsonObject result = ws.execute("pyassist.ask", ask(uri, 10, 8, "write a function that applies a discount"));
            assertTrue(result.get("ok").getAsBoolean(), result.toString());
            String after = applied(ws, SHOP);
            assertEquals(SHOP + "\n\ndef discount(price, rate):\n    return price * (1 - rate)\n", after);
            assertTrue(str(result, "message").contains("after the top-level statement"), result.toString());
        }
    }

    @Test
    void translatingAMethodSendsItsClassAndTheMethodIndentedAsWritten() throws Exception {
        mock.reply("```java\npublic class Stack {\n    private final java.util.List<Object> items = new java.util"
                + ".ArrayList<>();\n\n    public int push(Object item) {\n        items.add(item);\n"
                + "        return items.size();\n    }\n}\n```");
        try (var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("shop.py", SHOP);
            JsonObject arg = AssistLsp.at(uri, 5, 12);
            arg.addProperty("language", "java");
            JsonObject result = ws.execute("pyassist.translate", arg);
            assertTrue(result.get("ok").getAsBoolean(), result.toString());
            String prompt = AssistLsp.GSON.fromJson(mock.requests().get(0).body(), JsonObject.class)
                    .getAsJsonArray("messages").get(1).getAsJsonObject().get("content").getAsString();
            assertTrue(prompt.contains("The class, for context:\n```python\nclass Stack:\n    def __init__(self):"),
                    prompt);
            assertTrue(prompt.contains("The method to translate:\n```python\ndef push(self, item):\n"
                    + "    self.items.append(item)\n    return len(self.items)\n```"), prompt);
            assertTrue(str(result, "message").contains("method Stack.push"), result.toString());
        }
    }

    @Test
    void aTranslationThatFailsItsCheckIsRetriedWithTheErrorsThenKeptOnlyIfTheUserSaysSo() throws Exception {
        mock.reply("```java\npublic class Calc {\n    static int add(int a, int b) {\n        return a + ;\n    }\n}\n```");
        String text = "def add(a, b):\n    return a + b\n";
        try (var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("calc.py", text);
            JsonObject arg = AssistLsp.at(uri, 0, 5);
            arg.addProperty("language", "java");
            JsonObject discarded = ws.execute("pyassist.translate", arg); // the question is dismissed
            assertEquals(2, mock.requestCount(), "one more try, with the compiler's errors");
            assertTrue(mock.requests().get(1).body().contains("failed its check: compile check reported"),
                    mock.requests().get(1).body());
            assertFalse(discarded.get("applied").getAsBoolean(), discarded.toString());
            assertTrue(str(discarded, "message").startsWith("Discarded Calc.java"), discarded.toString());
            assertFalse(Files.exists(root.resolve("Calc.java")));
            var question = ws.lsp.client.questions.get(0);
            assertTrue(question.getMessage().contains("Calc.java does not pass its compile check (javac)"),
                    question.getMessage());
            assertEquals(java.util.List.of("Keep it", "Discard"),
                    question.getActions().stream().map(MessageActionItem::getTitle).toList());

            ws.lsp.client.questionAnswer = q -> new MessageActionItem("Keep it");
            JsonObject kept = ws.execute("pyassist.translate", arg);
            assertTrue(kept.get("applied").getAsBoolean(), kept.toString());
            assertTrue(Files.exists(root.resolve("Calc.java")));
            assertTrue(str(kept, "message").contains("Compile check FAILED (javac)"), kept.toString());
        }
    }

    @Test
    void everyAiEditIsAnnotatedForPreviewUnlessTheSettingTurnsItOff() throws Exception {
        mock.reply("```java\npublic class Calc {\n    static int add(int a, int b) {\n        return a + b;\n    }\n}\n```");
        String text = "def add(a, b):\n    return a + b\n";
        try (var ws = AssistLsp.start(root, mock)) {
            ws.lsp.recordWire = true;
            String uri = ws.open("calc.py", text);
            JsonObject arg = AssistLsp.at(uri, 0, 5);
            arg.addProperty("language", "java");
            ws.execute("pyassist.translate", arg);
            mock.reply("Add two numbers.");
            ws.execute("pyassist.summarize", AssistLsp.at(uri, 1, 4));
            assertEquals(2, ws.lsp.client.edits.size());
            for (var params : ws.lsp.client.edits) {
                var annotations = params.getEdit().getChangeAnnotations();
                assertNotNull(annotations, params.toString());
                var annotation = annotations.values().iterator().next();
                assertTrue(annotation.getNeedsConfirmation(), annotation.toString());
            }
            // what the editor receives: the file creation and both text edits name the annotation
            String wire = ws.lsp.wire.toString();
            int annotated = wire.split("\"annotationId\":\"pyassist-ai\"", -1).length - 1;
            assertEquals(3, annotated, wire);
            var summarize = ws.lastTextEdit();
            assertEquals(1, summarize.getTextDocument().getVersion(), "still a versioned edit");
        }
        JsonObject off = AssistLsp.settings(mock.openAiBaseUrl(), root);
        off.getAsJsonObject("assist").addProperty("preview", false);
        mock.reply("Add two numbers.");
        try (var ws = AssistLsp.start(root, off, Map.of())) {
            ws.lsp.recordWire = true;
            String uri = ws.open("calc2.py", text);
            ws.execute("pyassist.summarize", AssistLsp.at(uri, 1, 4));
            assertNull(ws.lsp.client.edits.get(0).getEdit().getChangeAnnotations());
            assertFalse(ws.lsp.wire.toString().contains("annotationId"));
        }
    }

    @Test
    void aRepositoryCannotTurnThePreviewOff() throws Exception {
        Files.writeString(root.resolve("pyproject.toml"), "[tool.pyassist.assist]\npreview = false\n");
        mock.reply("Add two numbers.");
        try (var ws = AssistLsp.start(root, mock)) {
            var notice = ws.lsp.client.awaitShown(m -> m.getMessage().startsWith("pyassist: ignored "));
            assertTrue(notice.getMessage().contains("assist.preview"), notice.getMessage());
            String uri = ws.open("calc.py", "def add(a, b):\n    return a + b\n");
            ws.execute("pyassist.summarize", AssistLsp.at(uri, 1, 4));
            assertTrue(ws.lsp.client.edits.get(0).getEdit().getChangeAnnotations().values().iterator().next()
                    .getNeedsConfirmation());
        }
    }

    @Test
    void anUnsupportedTargetIsAnsweredPlainlyWithTheClosestSupportedOne() throws Exception {
        try (var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("shop.py", SHOP);
            JsonObject result = ws.execute("pyassist.ask", ask(uri, 10, 8, "convert this to Rust"));
            String message = str(result, "message");
            assertTrue(message.startsWith("pyassist translates Python to Java, C++, JavaScript and Go; Rust is not "
                    + "supported. The closest supported target is C++"), message);
            assertEquals(0, mock.requestCount());
            JsonObject arg = AssistLsp.at(uri, 10, 8);
            arg.addProperty("language", "rust");
            assertTrue(str(ws.execute("pyassist.translate", arg), "message").contains("closest supported target is C++"));
        }
    }

    @Test
    void askWithoutADocumentSaysThatItExplainedInstead() throws Exception {
        classifierSays("generate");
        mock.reply("Use a dict comprehension.");
        try (var ws = AssistLsp.start(root, mock)) {
            JsonObject result = ws.execute("pyassist.ask", ask(null, 0, 0, "write code that inverts a dict"));
            assertEquals("explain", str(result, "task"));
            String message = str(result, "message");
            assertTrue(message.contains("[ask → generate by model; answered as explain, since no document is open"),
                    message);
            assertFalse(message.contains("[ask → generate, by model]"), message);
        }
    }

    @Test
    void generateRefusesAGreetingByRuleAndTheModelsNotCodeStillStopsTheRest() throws Exception {
        try (var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("notes.py", "x = 1\n# Thanks for the meeting yesterday\n");
            JsonObject greeting = ws.execute("pyassist.generate", AssistLsp.at(uri, 1, 3));
            assertFalse(greeting.get("ok").getAsBoolean());
            assertTrue(str(greeting, "message").contains("greeting"), greeting.toString());
            assertEquals(0, mock.requestCount());

            mock.reply("NOT_CODE: this asks for a change in people, not in code.");
            String uri2 = ws.open("team.py", "x = 1\n# TODO: make the team meetings shorter\n");
            JsonObject byModel = ws.execute("pyassist.generate", AssistLsp.at(uri2, 1, 3));
            assertFalse(byModel.get("ok").getAsBoolean());
            assertEquals(1, mock.requestCount());
            assertTrue(str(byModel, "message").startsWith("The request does not describe code to write: this asks"),
                    byModel.toString());
            assertTrue(ws.lsp.client.edits.isEmpty());
        }
    }

    @Test
    void summarizeOnAFileThatIsNotOpenSaysSoBeforeCallingTheModel() throws Exception {
        Path file = root.resolve("closed.py");
        Files.writeString(file, "def add(a, b):\n    return a + b\n");
        mock.reply("Add two numbers.");
        try (var ws = AssistLsp.start(root, mock)) {
            JsonObject result = ws.execute("pyassist.summarize", AssistLsp.at(file.toUri().toString(), 1, 4));
            assertFalse(result.get("ok").getAsBoolean());
            assertTrue(str(result, "message").startsWith("Open closed.py in the editor first"), result.toString());
            assertEquals(0, mock.requestCount());
        }
    }

    @Test
    void theStatusSaysWhenAKeyIsMissingAndHowToSetOne() throws Exception {
        JsonObject settings = AssistLsp.GSON.fromJson("{\"llm\": {\"defaultBackend\": \"openai\"}}", JsonObject.class);
        try (var ws = AssistLsp.start(root, settings, Map.of())) {
            ws.open("a.py", "x = 1\n");
            long deadline = System.currentTimeMillis() + 10_000;
            while (ws.lsp.client.statuses.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            var status = ws.lsp.client.statuses.get(ws.lsp.client.statuses.size() - 1);
            assertEquals("openai:gpt-4o-mini (no key: set OPENAI_API_KEY or pyassist.llm.openai.apiKey)",
                    status.backend().get("summarize"), status.toString());
        }
    }

    @Test
    void generatingAStubNeverUsesTheStubAsItsOwnContext() throws Exception {
        Files.writeString(root.resolve("rows.py"), "def parse_rows(text):\n    \"\"\"Parse CSV rows of text into "
                + "dicts.\"\"\"\n    ...\n");
        mock.reply("```python\nreturn [dict(r) for r in text]\n```");
        try (var ws = AssistLsp.start(root, mock)) {
            ws.lsp.client.awaitProgress(p -> p.getValue().getLeft() instanceof org.eclipse.lsp4j.WorkDoneProgressEnd e
                    && String.valueOf(e.getMessage()).startsWith("Indexed"));
            String uri = ws.open("rows.py", Files.readString(root.resolve("rows.py")));
            JsonObject result = ws.execute("pyassist.generate", AssistLsp.at(uri, 0, 6));
            assertTrue(result.get("ok").getAsBoolean(), result.toString());
            String prompt = mock.requests().get(0).body();
            assertFalse(prompt.contains("rows.py — parse_rows"), prompt);
            assertEquals(0, result.getAsJsonArray("contextFiles").size(), result.toString());
        }
    }
}
