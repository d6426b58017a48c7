package dev.pyassist.assist;

import static dev.pyassist.assist.AssistLsp.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonObject;
import dev.pyassist.llm.testing.LogCapture;
import dev.pyassist.llm.testing.MockLlmServer;
import dev.pyassist.llm.testing.MockResponse;
import dev.pyassist.llm.testing.ProviderStyle;
import dev.pyassist.llm.testing.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.WorkDoneProgressCancelParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each action end to end: code action list, command, applied WorkspaceEdit or created file, against the mock LLM. */
class AssistEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALC = """
            def add(a, b):
                return a + b


            class Stack:
                def push(self, item):
                    self.items.append(item)
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

    @Test
    void listingCodeActionsNeverCallsTheModel() throws Exception {
        try (var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("calc.py", CALC);
            List<String> titles = ws.codeActions(uri, 1, 4).stream().map(CodeAction::getTitle).toList();
            assertTrue(titles.contains("Write a docstring for function 'add' (AI)"), titles.toString());
            assertTrue(titles.contains("Translate function 'add' to Java (AI)"), titles.toString());
            assertTrue(titles.contains("Translate function 'add' to Go (AI)"), titles.toString());
            List<String> method = ws.codeActions(uri, 6, 8).stream().map(CodeAction::getTitle).toList();
            assertTrue(method.contains("Write a docstring for function 'Stack.push' (AI)"), method.toString());
            assertEquals(0, mock.requestCount());
        }
    }

    @Test
    void summarizeWritesTheDocstringAsAVersionedEditAndFeedbackIsRecorded() throws Exception {
        mock.reply("Add two numbers.\n\nReturns:\n    The sum of a and b.");
        try (var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("calc.py", CALC);
            CodeAction action = ws.codeActions(uri, 0, 5).stream()
                    .filter(a -> a.getTitle().startsWith("Write a docstring")).findFirst().orElseThrow();
            JsonObject result = ws.run(action);
            assertTrue(result.get("ok").getAsBoolean(), result.toString());
            assertTrue(result.get("applied").getAsBoolean(), result.toString());
            var edit = ws.lastTextEdit();
            assertEquals(1, edit.getTextDocument().getVersion());
            assertEquals(uri, edit.getTextDocument().getUri());
            String after = AssistLsp.apply(CALC, edit.getEdits().stream().map(e -> e.getLeft()).toList());
            assertTrue(after.startsWith("""
                    def add(a, b):
                        \"""Add two numbers.

                        Returns:
                            The sum of a and b.
                        \"""
                        return a + b
                    """), after);
            // progress: begin .. end, cancellable
            ws.lsp.client.awaitProgress(p -> p.getValue().getLeft() instanceof org.eclipse.lsp4j.WorkDoneProgressEnd);
            var begin = ws.lsp.client.progress.stream().map(p -> p.getValue().getLeft())
                    .filter(v -> v instanceof org.eclipse.lsp4j.WorkDoneProgressBegin)
                    .map(v -> (org.eclipse.lsp4j.WorkDoneProgressBegin) v)
                    .filter(b -> b.getTitle().equals("pyassist: summarize")).findFirst().orElseThrow();
            assertTrue(begin.getCancellable());
            // the prompt carried the function
            RecordedRequest req = mock.requests().get(0);
            assertTrue(req.body().contains("def add(a, b)"));

            String id = result.get("id").getAsString();
            JsonObject rated = ws.execute("pyassist.rate", AssistLsp.GSON.fromJson(
                    "{\"id\": \"" + id + "\", \"rating\": \"down\"}", JsonObject.class));
            assertTrue(rated.get("ok").getAsBoolean(), rated.toString());
            // a second rating of the same result replaces the first
            rated = ws.execute("pyassist.rate", AssistLsp.GSON.fromJson(
                    "{\"id\": \"" + id + "\", \"rating\": \"up\", \"comment\": \"nice docstring\"}",
                    JsonObject.class));
            assertTrue(rated.get("ok").getAsBoolean(), rated.toString());
            try (var store = new dev.pyassist.store.HistoryStore(root.resolve("data"))) {
                var kept = store.answer(id).orElseThrow();
                assertEquals("up", kept.rating());
                assertEquals("nice docstring", kept.comment());
                assertEquals("summarize", kept.task());
                assertEquals("openai", kept.backend());
                assertEquals("mock-model", kept.model());
                assertTrue(kept.outputTokens() > 0);
                assertTrue(kept.inputTokens() > 0);
                assertTrue(kept.prompt().contains("def add(a, b)"), kept.prompt());
                assertTrue(kept.answer().startsWith("Add two numbers."), kept.answer());
                var out = new java.io.StringWriter();
                assertEquals(1, store.export(out, "all"), "one record per result, however often it was rated");
            }
            assertFalse(StoreBytes.of(root.resolve("data")).contains(AssistLsp.KEY));
        }
    }

    @Test
    void summarizeReplacesAnExistingDocstring() throws Exception {
        String text = "def f(x):\n    '''Old.'''\n    return x\n";
        mock.reply("Return x unchanged.");
        try (var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("f.py", text);
            ws.execute("pyassist.summarize", AssistLsp.at(uri, 2, 4));
            String after = AssistLsp.apply(text, ws.lastTextEdit().getEdits().stream().map(e -> e.getLeft()).toList());
            assertEquals("def f(x):\n    \"\"\"Return x unchanged.\"\"\"\n    return x\n", after);
        }
    }

    @Test
    void translateToJavaCreatesACompileCheckedFileBesideTheSourceAndNeverOverwrites() throws Exception {
        mock.reply("Here you go:\n```java\npublic class Calc {\n    static int add(int a, int b) {\n"
                + "        return a + b;\n    }\n}\n```\n");
        try (var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("calc.py", CALC);
            CodeAction action = ws.codeActions(uri, 0, 5).stream()
                    .filter(a -> a.getTitle().equals("Translate function 'add' to Java (AI)")).findFirst().orElseThrow();
            JsonObject first = ws.run(action);
            assertTrue(first.get("applied").getAsBoolean(), first.toString());
            Path created = root.resolve("Calc.java");
            assertEquals(created.toUri().toString(), str(first, "file"));
            assertTrue(Files.readString(created).contains("return a + b;"));
            assertTrue(str(first, "message").contains("Compile check passed (javac)"), str(first, "message"));
            var create = ws.lsp.client.edits.get(0).getEdit().getDocumentChanges().get(0).getRight();
            assertEquals("create", create.getKind());
            assertEquals(created.toUri().toString(), ws.lsp.client.shownDocuments.get(0).getUri());

            JsonObject second = ws.run(action);
            assertEquals(root.resolve("Calc2.java").toUri().toString(), str(second, "file"));
            assertTrue(Files.readString(created).contains("return a + b;"), "the first file is untouched");
        }
    }

    @Test
    void theCompileCheckCatchesABrokenJavaTranslation() throws Exception {
        mock.reply("```java\npublic class Calc {\n    static int add(int a, int b) {\n        return a + ;\n    }\n}\n```");
        try (var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("calc.py", CALC);
            JsonObject arg = AssistLsp.at(uri, 0, 5);
            arg.addProperty("language", "java");
            ws.lsp.client.questionAnswer = q -> new org.eclipse.lsp4j.MessageActionItem("Keep it");
            JsonObject result = ws.execute("pyassist.translate", arg);
            String message = str(result, "message");
            assertTrue(message.contains("Compile check FAILED (javac)"), message);
            assertTrue(message.contains("line 3"), message);
            assertFalse(result.get("ok").getAsBoolean());
            assertTrue(Files.exists(root.resolve("Calc.java")), "kept when the user says so, with the verdict");
            ws.lsp.client.awaitShown(m -> m.getType() == MessageType.Warning && m.getMessage().contains("FAILED"));
        }
    }

    @Test
    void theTranslationPrecheckRefusesNumpyCodeWithoutAskingTheModel() throws Exception {
        String text = "import numpy as np\n\ndef norm(v):\n    return np.sqrt(np.sum(v * v))\n";
        try (var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("vec.py", text);
            JsonObject arg = AssistLsp.at(uri, 3, 8);
            arg.addProperty("language", "go");
            JsonObject result = ws.execute("pyassist.translate", arg);
            assertFalse(result.get("ok").getAsBoolean());
            String message = str(result, "message");
            assertTrue(message.contains("cannot be translated faithfully to Go"), message);
            assertTrue(message.contains("numpy"), message);
            assertTrue(ws.lsp.client.awaitShown(m -> m.getMessage().contains("numpy")).getMessage().contains("Go"),
                    "delivered results are shown by the server");
            assertFalse(result.has("shown"), "no flag for clients to consult: the server shows every outcome");
            assertEquals(0, mock.requestCount());
            assertTrue(ws.lsp.client.edits.isEmpty());
        }
    }

    @Test
    void generateImplementsAStubFunction() throws Exception {
        String text = "def clamp(x, lo, hi):\n    \"\"\"Limit x to [lo, hi].\"\"\"\n    ...\n\n\nprint(clamp(5, 0, 3))\n";
        mock.reply("```python\nreturn max(lo, min(x, hi))\n```");
        try (var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("clamp.py", text);
            CodeAction action = ws.codeActions(uri, 0, 6).stream()
                    .filter(a -> a.getTitle().equals("Implement function 'clamp' (AI)")).findFirst().orElseThrow();
            JsonObject result = ws.run(action);
            assertTrue(result.get("ok").getAsBoolean(), result.toString());
            String after = AssistLsp.apply(text, ws.lastTextEdit().getEdits().stream().map(e -> e.getLeft()).toList());
            assertEquals("def clamp(x, lo, hi):\n    \"\"\"Limit x to [lo, hi].\"\"\"\n    return max(lo, min(x, hi))\n"
                    + "\n\nprint(clamp(5, 0, 3))\n", after);
        }
    }

    @Test
    void generateFromATodoRetriesOnceWhenTheCodeDoesNotParse() throws Exception {
        String text = "items = [3, 1, 2]\n# TODO: sort items in place and print the largest\n";
        mock.enqueue(MockResponse.sse(ProviderStyle.openAiStream("mock-model",
                ProviderStyle.tokens("```python\nitems.sort(\nprint(items[-1])\n```"), "stop", true, 5, 5)));
        mock.reply("```python\nitems.sort()\nprint(items[-1])\n```");
        try (var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("todo.py", text);
            CodeAction action = ws.codeActions(uri, 1, 3).stream()
                    .filter(a -> a.getTitle().equals("Generate code for this comment (AI)")).findFirst().orElseThrow();
            JsonObject result = ws.run(action);
            assertTrue(result.get("ok").getAsBoolean(), result.toString());
            assertEquals(2, mock.requestCount());
            assertTrue(mock.requests().get(1).body().contains("did not parse"));
            String after = AssistLsp.apply(text, ws.lastTextEdit().getEdits().stream().map(e -> e.getLeft()).toList());
            assertEquals(text + "items.sort()\nprint(items[-1])\n", after);
        }
    }

    @Test
    void generateRefusesARequestThatDescribesNoCode() throws Exception {
        String text = "x = 1\n# hmm\n";
        try (var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("t.py", text);
            JsonObject result = ws.execute("pyassist.generate", AssistLsp.at(uri, 1, 2));
            assertFalse(result.get("ok").getAsBoolean());
            assertTrue(str(result, "message").contains("too short to describe code"), result.toString());
            assertEquals(0, mock.requestCount());
        }
    }

    @Test
    void askIsClassifiedByTheModelAndRoutedToExplain() throws Exception {
        mock.enqueue(MockResponse.json(200, ProviderStyle.openAiCompletion("mock-model", "explain", "stop", 9, 1)));
        mock.reply("A function adds two numbers and gives back the result.");
        try (var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("calc.py", CALC);
            JsonObject arg = AssistLsp.at(uri, 1, 4);
            arg.addProperty("question", "What does this do? I am new to Python.");
            JsonObject result = ws.execute("pyassist.ask", arg);
            assertEquals("explain", str(result, "task"));
            assertTrue(str(result, "message").contains("[ask → explain, by model]"), result.toString());
            assertTrue(str(result, "text").contains("adds two numbers"));
            assertTrue(mock.requests().get(1).body().contains("def add(a, b)"), "the explanation sees the function");
        }
    }

    @Test
    void askFallsBackToRulesWhenTheClassifierFails() throws Exception {
        mock.enqueue(MockResponse.json(500, ProviderStyle.openAiError("boom", "server_error", null)));
        mock.reply("```go\npackage calc\n\nfunc Add(a, b int) int {\n\treturn a + b\n}\n```");
        try (var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("calc.py", CALC);
            JsonObject arg = AssistLsp.at(uri, 1, 4);
            arg.addProperty("question", "translate this into golang please");
            JsonObject result = ws.execute("pyassist.ask", arg);
            assertEquals("translate", str(result, "task"));
            assertTrue(str(result, "message").contains("by rules"), result.toString());
            assertTrue(Files.exists(root.resolve("calc_add.go")), result.toString());
        }
    }

    @Test
    void cancellingTheRequestAbortsTheStreamAndChangesNothing() throws Exception {
        mock.slowDelay(Duration.ofMillis(50));
        Path r = root;
        try (var ws = AssistLsp.start(r, AssistLsp.settings(mock.openAiBaseUrl(MockLlmServer.Scenario.SLOW), r),
                Map.of())) {
            String uri = ws.open("calc.py", CALC);
            var pending = ws.executeAsync("pyassist.summarize", AssistLsp.at(uri, 1, 4));
            ws.lsp.client.awaitProgress(p -> p.getValue().getLeft() instanceof org.eclipse.lsp4j.WorkDoneProgressReport
                    && ((org.eclipse.lsp4j.WorkDoneProgressReport) p.getValue().getLeft()).getMessage()
                    .contains("characters"));
            pending.cancel(true); // $/cancelRequest
            assertTrue(mock.awaitDisconnect(Duration.ofSeconds(10)), "the HTTP stream was closed");
            Thread.sleep(300);
            assertTrue(ws.lsp.client.edits.isEmpty());
        }
    }

    @Test
    void theProgressCancelButtonAbortsTheStream() throws Exception {
        mock.slowDelay(Duration.ofMillis(50));
        try (var ws = AssistLsp.start(root, AssistLsp.settings(mock.openAiBaseUrl(MockLlmServer.Scenario.SLOW), root),
                Map.of())) {
            String uri = ws.open("calc.py", CALC);
            var pending = ws.executeAsync("pyassist.summarize", AssistLsp.at(uri, 1, 4));
            var report = ws.lsp.client.awaitProgress(p -> p.getValue().getLeft()
                    instanceof org.eclipse.lsp4j.WorkDoneProgressReport r && r.getMessage().contains("characters"));
            ws.lsp.server.cancelProgress(new WorkDoneProgressCancelParams(report.getToken()));
            JsonObject result = AssistLsp.GSON.toJsonTree(pending.get(20, TimeUnit.SECONDS)).getAsJsonObject();
            assertEquals("cancelled", str(result, "message"));
            assertTrue(mock.awaitDisconnect(Duration.ofSeconds(10)));
            assertTrue(ws.lsp.client.edits.isEmpty());
        }
    }

    @Test
    void anEditForAnOlderVersionIsNeverApplied() throws Exception {
        mock.enqueue(MockResponse.sse(ProviderStyle.openAiStream("mock-model",
                ProviderStyle.tokens("Add two numbers and return the sum."), "stop", true, 5, 5))
                .frameDelay(Duration.ofMillis(150)));
        try (var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("calc.py", CALC);
            var pending = ws.executeAsync("pyassist.summarize", AssistLsp.at(uri, 1, 4));
            ws.lsp.client.awaitProgress(p -> p.getValue().getLeft() instanceof org.eclipse.lsp4j.WorkDoneProgressBegin);
            ws.lsp.replace(uri, 2, 0, 0, 0, 0, "import math\n");
            JsonObject result = AssistLsp.GSON.toJsonTree(pending.get(20, TimeUnit.SECONDS)).getAsJsonObject();
            assertFalse(result.get("applied").getAsBoolean(), result.toString());
            assertTrue(str(result, "message").contains("the document changed (version 1 → 2)"), result.toString());
            assertTrue(ws.lsp.client.edits.isEmpty());
            ws.lsp.client.awaitShown(m -> m.getMessage().contains("was not applied"));
        }
    }

    @Test
    void aMissingKeyIsReportedWithoutSendingAnything() throws Exception {
        JsonObject settings = AssistLsp.GSON.fromJson("{\"llm\": {\"defaultBackend\": \"anthropic\", \"anthropic\": "
                + "{\"baseUrl\": \"" + mock.anthropicBaseUrl() + "\"}}}", JsonObject.class);
        try (var ws = AssistLsp.start(root, settings, Map.of())) {
            String uri = ws.open("calc.py", CALC);
            JsonObject result = ws.execute("pyassist.summarize", AssistLsp.at(uri, 1, 4));
            assertFalse(result.get("ok").getAsBoolean());
            var shown = ws.lsp.client.awaitShown(m -> m.getType() == MessageType.Error);
            assertTrue(shown.getMessage().contains("ANTHROPIC_API_KEY"), shown.getMessage());
            assertFalse(result.has("shown"), "no flag for clients to consult: the server shows every outcome");
            assertEquals(0, mock.requestCount());
            var status = ws.lsp.client.statuses.get(ws.lsp.client.statuses.size() - 1);
            assertTrue(status.backend().get("summarize").startsWith("anthropic:"), status.toString());
        }
    }

    @Test
    void noKeyAppearsInAnyLogLineMessageOrFile() throws Exception {
        mock.reply("Adds numbers.");
        try (var logs = new LogCapture("dev.pyassist"); var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("calc.py", CALC);
            ws.execute("pyassist.summarize", AssistLsp.at(uri, 1, 4));
            ws.execute("pyassist.rate", AssistLsp.GSON.fromJson("{\"rating\": \"down\"}", JsonObject.class));
            // and a server that rejects the key and echoes part of it
            mock.requireApiKey("sk-other-key-0000000000000000");
            ws.execute("pyassist.summarize", AssistLsp.at(uri, 1, 4));
            ws.lsp.client.awaitShown(m -> m.getType() == MessageType.Error);
            List<String> everything = new java.util.ArrayList<>(logs.rendered());
            ws.lsp.client.logged.forEach(m -> everything.add(m.getMessage()));
            ws.lsp.client.shown.forEach(m -> everything.add(m.getMessage()));
            ws.lsp.client.statuses.forEach(s -> everything.add(s.toString()));
            everything.add(StoreBytes.of(root.resolve("data")));
            assertFalse(everything.isEmpty());
            for (String line : everything) {
                assertFalse(line.contains(AssistLsp.KEY), line);
                assertFalse(line.contains("SUPERSECRET"), line);
            }
        }
    }

    @Test
    void workspaceContextGoesIntoThePromptAndTheAnswerNamesItsFiles() throws Exception {
        Files.createDirectories(root.resolve("util"));
        Files.writeString(root.resolve("util/money.py"), "def to_cents(amount):\n    \"\"\"Convert an amount in "
                + "euros to integer cents.\"\"\"\n    return round(amount * 100)\n");
        Files.writeString(root.resolve("util/unrelated.py"), "def colour_wheel():\n    return ['red', 'green']\n");
        String text = "def total_cents(prices):\n    return sum(to_cents(p) for p in prices)\n";
        mock.reply("Sum a list of euro prices as integer cents.");
        try (var ws = AssistLsp.start(root, mock)) {
            ws.lsp.client.awaitProgress(p -> p.getValue().getLeft() instanceof org.eclipse.lsp4j.WorkDoneProgressEnd
                    && String.valueOf(((org.eclipse.lsp4j.WorkDoneProgressEnd) p.getValue().getLeft()).getMessage())
                    .startsWith("Indexed"));
            String uri = ws.open("billing.py", text);
            JsonObject result = ws.execute("pyassist.summarize", AssistLsp.at(uri, 1, 4));
            assertTrue(str(result, "message").contains("context from util/money.py"), result.toString());
            assertEquals("util/money.py", result.getAsJsonArray("contextFiles").get(0).getAsString());
            String prompt = mock.requests().get(0).body();
            assertTrue(prompt.contains("def to_cents(amount)"), prompt);
            assertFalse(prompt.contains("colour_wheel"), prompt);
        }
    }

    @Test
    void theUserSettingsFileRoutesATaskToAnthropicAndPyprojectPicksItsModel() throws Exception {
        // endpoint, key, routing and output folder are the user's (here: the user settings file); the model name
        // may come from the repository
        Path config = Files.createDirectories(root.resolve("home/.config/pyassist"));
        Files.writeString(config.resolve("settings.json"), """
                {"llm": {"defaultBackend": "openai",
                         "anthropic": {"baseUrl": "%s", "apiKey": "%s"},
                         "tasks": {"summarize": {"backend": "anthropic"}}},
                 "assist": {"feedbackDirectory": "%s"}}
                """.formatted(mock.anthropicBaseUrl(), AssistLsp.KEY, root.resolve("fb")));
        Files.writeString(root.resolve("pyproject.toml"), """
                [tool.pyassist.llm.tasks.summarize]
                model = "claude-test-model"
                """);
        mock.reply("Add two numbers.");
        try (var ws = AssistLsp.start(root, new JsonObject(),
                Map.of("XDG_CONFIG_HOME", root.resolve("home/.config").toString()))) {
            String uri = ws.open("calc.py", CALC);
            JsonObject result = ws.execute("pyassist.summarize", AssistLsp.at(uri, 1, 4));
            assertTrue(result.get("ok").getAsBoolean(), result.toString());
            RecordedRequest req = mock.requests().get(0);
            assertEquals("/v1/messages", req.path());
            assertEquals(AssistLsp.KEY, req.header("x-api-key"));
            assertEquals("claude-test-model", JSON.readTree(req.body()).get("model").asText());
            var status = ws.lsp.client.statuses.get(ws.lsp.client.statuses.size() - 1);
            assertEquals("anthropic:claude-test-model", status.backend().get("summarize"));
            assertTrue(status.backend().get("translate").startsWith("openai:"), status.toString());
            ws.execute("pyassist.rate", AssistLsp.GSON.fromJson("{\"rating\": \"up\"}", JsonObject.class));
            try (var store = new dev.pyassist.store.HistoryStore(root.resolve("fb"))) {
                var kept = store.answer(result.get("id").getAsString()).orElseThrow();
                assertEquals("up", kept.rating());
                assertEquals("anthropic", kept.backend());
                assertEquals("claude-test-model", kept.model());
            }
        }
    }

    @Test
    void changedConfigurationRebuildsTheBackendsAndUpdatesTheStatus() throws Exception {
        try (var ws = AssistLsp.start(root, mock)) {
            JsonObject change = AssistLsp.GSON.fromJson("{\"pyassist\": {\"llm\": {\"openai\": "
                    + "{\"model\": \"other-model\"}}}}", JsonObject.class);
            ws.lsp.server.getWorkspaceService().didChangeConfiguration(
                    new org.eclipse.lsp4j.DidChangeConfigurationParams(change));
            long deadline = System.currentTimeMillis() + 10_000;
            while (ws.lsp.client.statuses.stream().noneMatch(st -> "openai:other-model".equals(st.backend().get("ask")))
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(ws.lsp.client.statuses.stream().anyMatch(st -> "openai:other-model".equals(
                    st.backend().get("ask"))), ws.lsp.client.statuses.toString());
            String uri = ws.open("calc.py", CALC);
            ws.execute("pyassist.summarize", AssistLsp.at(uri, 1, 4));
            assertEquals("other-model", JSON.readTree(mock.requests().get(0).body()).get("model").asText());
        }
    }

    @Test
    void theIndexFollowsOpenBuffers() throws Exception {
        mock.reply("Explained.");
        try (var ws = AssistLsp.start(root, mock)) {
            ws.lsp.client.awaitProgress(p -> p.getValue().getLeft() instanceof org.eclipse.lsp4j.WorkDoneProgressEnd e
                    && String.valueOf(e.getMessage()).startsWith("Indexed"));
            ws.open("helpers.py", "def slugify_title(title):\n    return title.lower().replace(' ', '-')\n");
            String uri = ws.open("main.py", "print(1)\n");
            Thread.sleep(800); // the buffer is indexed after a short debounce
            JsonObject arg = AssistLsp.at(uri, 0, 0);
            arg.addProperty("question", "how do I slugify a title?");
            mock.enqueue(MockResponse.json(200, ProviderStyle.openAiCompletion("mock-model", "explain", "stop", 1, 1)));
            JsonObject result = ws.execute("pyassist.ask", arg);
            assertEquals("helpers.py", result.getAsJsonArray("contextFiles").get(0).getAsString(), result.toString());
            assertTrue(mock.requests().get(1).body().contains("slugify_title"));
        }
    }

    @Test
    void askWithoutADocumentExplains() throws Exception {
        mock.enqueue(MockResponse.json(200, ProviderStyle.openAiCompletion("mock-model", "generate", "stop", 1, 1)));
        mock.reply("A dictionary maps keys to values.");
        try (var ws = AssistLsp.start(root, mock)) {
            JsonObject arg = new JsonObject();
            arg.addProperty("question", "write me an explanation of dictionaries");
            JsonObject result = ws.execute("pyassist.ask", arg);
            assertEquals("explain", str(result, "task"), result.toString());
            assertEquals("A dictionary maps keys to values.", str(result, "text"));
            ws.lsp.client.awaitShown(m -> m.getMessage().startsWith("A dictionary maps keys to values."));
        }
    }

    @Test
    void aRefusalIsShownByTheServerLikeEveryOutcome() throws Exception {
        try (var ws = AssistLsp.start(root, mock)) {
            JsonObject result = ws.execute("pyassist.ask", new JsonObject());
            assertFalse(result.get("ok").getAsBoolean());
            assertEquals("pyassist.ask needs a \"question\"", str(result, "message"));
            assertFalse(result.has("shown"));
            assertEquals("pyassist.ask needs a \"question\"",
                    ws.lsp.client.awaitShown(m -> m.getType() == MessageType.Warning).getMessage());
            assertEquals(0, mock.requestCount());
        }
    }

    @Test
    void aSelectionIsSummarisedIntoAMessage() throws Exception {
        mock.reply("A stack class whose push appends an item.");
        try (var ws = AssistLsp.start(root, mock)) {
            String uri = ws.open("calc.py", CALC);
            var params = new org.eclipse.lsp4j.CodeActionParams(new org.eclipse.lsp4j.TextDocumentIdentifier(uri),
                    new org.eclipse.lsp4j.Range(new org.eclipse.lsp4j.Position(4, 0), new org.eclipse.lsp4j.Position(7, 0)),
                    new org.eclipse.lsp4j.CodeActionContext(List.of()));
            List<CodeAction> actions = ws.lsp.server.getTextDocumentService().codeAction(params).get(20, TimeUnit.SECONDS)
                    .stream().map(e -> e.getRight()).toList();
            List<String> titles = actions.stream().map(CodeAction::getTitle).toList();
            assertTrue(titles.contains("Translate the selection to C++ (AI)"), titles.toString());
            assertEquals(0, mock.requestCount());
            JsonObject result = ws.run(actions.stream().filter(a -> a.getTitle().equals("Summarize the selection (AI)"))
                    .findFirst().orElseThrow());
            assertTrue(str(result, "message").startsWith("Summary of the selected code: A stack class"), result.toString());
            assertTrue(mock.requests().get(0).body().contains("class Stack:"));
            assertFalse(mock.requests().get(0).body().contains("def add"));
            assertTrue(ws.lsp.client.edits.isEmpty());
        }
    }
    @Test
    void rangesFollowTheNegotiatedEncoding() throws Exception {
        String text = "def f(x):\n    '''Old \uD83D\uDE00 docs.'''\n    return x\n";
        mock.reply("Return x.");
        var lsp = new dev.pyassist.lsp.LspHarness(Map.of());
        try (lsp) {
            var caps = AssistLsp.capabilities();
            var general = new org.eclipse.lsp4j.GeneralClientCapabilities();
            general.setPositionEncodings(List.of("utf-8"));
            caps.setGeneral(general);
            var params = new org.eclipse.lsp4j.InitializeParams();
            params.setCapabilities(caps);
            params.setInitializationOptions(AssistLsp.settings(mock.openAiBaseUrl(), root));
            assertEquals("utf-8", lsp.server.initialize(params).get(20, TimeUnit.SECONDS).getCapabilities()
                    .getPositionEncoding());
            lsp.server.initialized(new org.eclipse.lsp4j.InitializedParams());
            String uri = root.resolve("enc.py").toUri().toString();
            lsp.open(uri, 1, text);
            Object r = lsp.server.getWorkspaceService().executeCommand(new org.eclipse.lsp4j.ExecuteCommandParams(
                    "pyassist.summarize", List.of(AssistLsp.at(uri, 2, 5)))).get(30, TimeUnit.SECONDS);
            assertTrue(AssistLsp.GSON.toJsonTree(r).getAsJsonObject().get("applied").getAsBoolean(), r.toString());
            var edit = lsp.client.edits.get(0).getEdit().getDocumentChanges().get(0).getLeft().getEdits().get(0)
                    .getLeft();
            assertEquals(new org.eclipse.lsp4j.Range(new org.eclipse.lsp4j.Position(1, 4),
                    new org.eclipse.lsp4j.Position(1, 24)), edit.getRange(), "UTF-8 columns: the emoji is 4 bytes (UTF-16: 22)");
            assertEquals("\"\"\"Return x.\"\"\"", edit.getNewText());
        }
    }
    @Test
    void aTruncatedStreamIsReportedAndNothingIsApplied() throws Exception {
        try (var ws = AssistLsp.start(root, AssistLsp.settings(mock.openAiBaseUrl(MockLlmServer.Scenario.TRUNCATED),
                root), Map.of())) {
            String uri = ws.open("calc.py", CALC);
            JsonObject result = ws.execute("pyassist.summarize", AssistLsp.at(uri, 1, 4));
            assertFalse(result.get("ok").getAsBoolean(), result.toString());
            var shown = ws.lsp.client.awaitShown(m -> m.getType() == MessageType.Error);
            assertTrue(shown.getMessage().startsWith("OpenAI-compatible backend"), shown.getMessage());
            assertTrue(ws.lsp.client.edits.isEmpty());
            var end = ws.lsp.client.awaitProgress(p -> p.getValue().getLeft() instanceof org.eclipse.lsp4j.WorkDoneProgressEnd e
                    && "Failed".equals(e.getMessage()));
            assertTrue(end != null);
        }
    }
}
