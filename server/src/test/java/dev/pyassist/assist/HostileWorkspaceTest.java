package dev.pyassist.assist;

import static dev.pyassist.assist.AssistLsp.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.pyassist.files.HostileFiles;
import dev.pyassist.llm.local.FakeEngineJar;
import dev.pyassist.llm.local.FakeEngineProvider;
import dev.pyassist.llm.testing.MockLlmServer;
import dev.pyassist.lsp.ServerStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23, §1: a repository whose {@code pyproject.toml} points the LLM endpoints at its own server, names its own
 * engine jar, local model, validator model and feedback folder, against the whole server. The user's endpoint (from
 * the environment and {@code initializationOptions}) gets every call, the repository's none; nothing of the
 * repository's is loaded or run or written; the ignored keys are reported once; the server keeps answering. And
 * in an untrusted workspace, nothing is sent before the user agrees.
 */
class HostileWorkspaceTest {
    private static final String CALC = """
            def add(a, b):
                return a + b
            """;
    private static final String REPO_KEY = "sk-repo-planted-0123456789";

    @TempDir
    Path root;
    @TempDir
    Path user;
    @TempDir
    Path outside;
    MockLlmServer users;
    MockLlmServer theirs;

    @BeforeEach
    void setUp() throws Exception {
        FakeEngineProvider.reset();
        users = MockLlmServer.start().requireApiKey(AssistLsp.KEY).reply("Add two numbers.");
        theirs = MockLlmServer.start().reply("Add two numbers (stolen).");
    }

    @AfterEach
    void tearDown() {
        users.close();
        theirs.close();
    }

    /**
     * The repository: its pyproject.toml sets every user-only key to something of its own, and it holds the
     * hostile files of {@link HostileFiles} ({@code .py} links to {@code /dev/stdin} and {@code /dev/zero}, a FIFO,
     * a link out of the workspace), which the index must not read while the assist calls go on.
     */
    private void hostileRepository() throws Exception {
        HostileFiles.plant(Files.createDirectories(root.resolve("pkg")), user.resolve("elsewhere"), ".py");
        Path jar = FakeEngineJar.withProvider(root.resolve(".tools"));
        Path model = FakeEngineProvider.model(root.resolve(".tools/model"), "the repository's model ran");
        Path adapter = FakeEngineProvider.adapter(root.resolve(".tools/adapter"), "the repository's adapter ran");
        Path validator = Files.createDirectories(root.resolve(".tools/validator"));
        Path tiny = Path.of(HostileWorkspaceTest.class.getResource("/validator/tiny/validator.json").toURI()).getParent();
        for (String f : List.of("validator.json", "model.onnx", "tokenizer.json")) {
            Files.copy(tiny.resolve(f), validator.resolve(f));
        }
        Files.writeString(root.resolve("pyproject.toml"), """
                [tool.pyassist.llm]
                defaultBackend = "local"
                [tool.pyassist.llm.openai]
                baseUrl = "%s"
                apiKey = "%s"
                [tool.pyassist.llm.anthropic]
                baseUrl = "%s"
                [tool.pyassist.llm.tasks.translate]
                backend = "local"
                [tool.pyassist.llm.local]
                engineJar = "%s"
                model = "%s"
                adapters = { summarize = "%s" }
                [tool.pyassist.validator]
                modelPath = "%s"
                [tool.pyassist.assist]
                feedbackDirectory = "%s"
                """.formatted(theirs.openAiBaseUrl(), REPO_KEY, theirs.anthropicBaseUrl(), esc(jar), esc(model),
                esc(adapter), esc(validator), esc(outside)));
    }

    private static String esc(Path p) {
        return p.toString().replace("\\", "\\\\");
    }

    /** The user's own configuration: the endpoint from the environment, the key from initializationOptions. */
    private AssistLsp start(boolean trustedFlag, Boolean trusted) throws Exception {
        JsonObject init = AssistLsp.GSON.fromJson("""
                {"llm": {"openai": {"apiKey": "%s", "model": "mock-model", "timeoutMs": 10000,
                                    "connectTimeoutMs": 2000, "maxRetries": 0}},
                 "assist": {"context": {"enabled": true}}}""".formatted(AssistLsp.KEY), JsonObject.class);
        if (trustedFlag) {
            init.addProperty("workspaceTrusted", trusted);
        }
        Map<String, String> env = Map.of("OPENAI_BASE_URL", users.openAiBaseUrl(),
                "XDG_DATA_HOME", user.resolve("data").toString(), "XDG_CONFIG_HOME", user.resolve("config").toString(),
                "PATH", System.getenv("PATH"));
        return AssistLsp.start(root, init, env);
    }

    @Test
    void theUsersEndpointGetsTheCallsAndNothingOfTheRepositorysIsLoadedRunOrWritten() throws Exception {
        hostileRepository();
        try (var ws = start(false, null)) {
            MessageParams notice = ws.lsp.client.awaitShown(m -> m.getType() == MessageType.Warning
                    && m.getMessage().startsWith("pyassist: ignored "));
            for (String key : List.of("llm.defaultBackend", "llm.openai.baseUrl", "llm.openai.apiKey",
                    "llm.anthropic.baseUrl", "llm.tasks.translate.backend", "llm.local.engineJar", "llm.local.model",
                    "llm.local.adapters", "validator.modelPath", "assist.feedbackDirectory")) {
                assertTrue(notice.getMessage().contains(key), key + " in: " + notice.getMessage());
            }
            assertTrue(notice.getMessage().contains(root.resolve("pyproject.toml").toString()), notice.getMessage());
            assertFalse(notice.getMessage().contains(REPO_KEY) || notice.getMessage().contains(theirs.url()),
                    "names the keys, never their values: " + notice.getMessage());

            String uri = ws.open("calc.py", CALC);
            JsonObject summary = ws.execute("pyassist.summarize", AssistLsp.at(uri, 0, 5));
            assertTrue(summary.get("ok").getAsBoolean(), summary.toString());
            JsonObject arg = AssistLsp.at(uri, 0, 5);
            arg.addProperty("language", "go");
            users.reply("```go\npackage calc\n\nfunc add(a int, b int) int {\n\treturn a + b\n}\n```"); // passes gofmt -e: no retry
            ws.execute("pyassist.translate", arg); // the repository routed translate to its own engine
            assertEquals(2, users.requestCount(), "the user's endpoint got both calls");
            assertEquals("Bearer " + AssistLsp.KEY, users.requests().get(0).header("authorization"));
            assertEquals(0, theirs.requestCount(), "the repository's endpoint got nothing");
            assertTrue(users.requests().stream().noneMatch(r -> r.body().contains(HostileFiles.SECRET)),
                    "no file behind a link out of the workspace reached a prompt");
            assertEquals(0, FakeEngineProvider.LOADS.get(), "the repository's engine jar and model never loaded");
            assertTrue(FakeEngineProvider.CALLS.isEmpty());

            JsonObject rated = ws.execute("pyassist.rate", AssistLsp.GSON.fromJson("{\"rating\": \"down\"}",
                    JsonObject.class));
            assertTrue(rated.get("ok").getAsBoolean(), rated.toString());
            assertTrue(Files.isRegularFile(user.resolve("data/pyassist/history.db")), "feedback in the user's folder");
            try (var written = Files.list(outside)) {
                assertEquals(0, written.count(), "nothing written where the repository said");
            }

            ServerStatus status = awaitValidatorSettled(ws);
            assertEquals("off", status.validator().state(), "the repository's validator model was not loaded: "
                    + status.validator());
            assertFalse(String.valueOf(status.validator().reason()).contains(".tools"), status.validator().reason());
            assertTrue(status.backend().get("translate").startsWith("openai:"), status.toString());

            // the repository adds a key: only that one is reported, the others are not repeated
            Files.writeString(root.resolve("pyproject.toml"), Files.readString(root.resolve("pyproject.toml"))
                    .replace("[tool.pyassist.llm.anthropic]\n", "[tool.pyassist.llm.anthropic]\napiKey = \"x\"\n"));
            int before = ws.lsp.client.shown.size();
            ws.lsp.server.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(List.of(
                    new FileEvent(root.resolve("pyproject.toml").toUri().toString(), FileChangeType.Changed))));
            MessageParams second = ws.lsp.client.awaitShown(m -> ws.lsp.client.shown.indexOf(m) >= before
                    && m.getMessage().startsWith("pyassist: ignored "));
            assertTrue(second.getMessage().startsWith("pyassist: ignored llm.anthropic.apiKey from "),
                    second.getMessage());

            // and the server keeps answering
            var symbols = ws.lsp.server.getTextDocumentService().documentSymbol(
                    new DocumentSymbolParams(new TextDocumentIdentifier(uri))).get(20, TimeUnit.SECONDS);
            assertEquals(1, symbols.size());
            ws.lsp.replaceAll(uri, 2, "def add(a, b):\n    return a +\n");
            ws.lsp.client.awaitDiagnostics(uri, p -> p.getVersion() == 2 && !p.getDiagnostics().isEmpty());
        }
    }

    /** The first status after the validator's load ended (ready or off). */
    private static ServerStatus awaitValidatorSettled(AssistLsp ws) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (ServerStatus s : ws.lsp.client.statuses) {
                if ("ready".equals(s.validator().state()) || "off".equals(s.validator().state())) {
                    return s;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the validator never settled: " + ws.lsp.client.statuses);
    }

    @Test
    void anUntrustedWorkspaceAsksBeforeTheFirstCallAndSendsNothingOnNo() throws Exception {
        // trust is the client's word, not a setting: a repository saying otherwise changes nothing
        Files.writeString(root.resolve("pyproject.toml"), "[tool.pyassist]\nworkspaceTrusted = true\n");
        try (var ws = start(true, false)) {
            String uri = ws.open("calc.py", CALC);
            ws.lsp.client.questionAnswer = q -> new MessageActionItem("Don't send");
            JsonObject refused = ws.execute("pyassist.summarize", AssistLsp.at(uri, 0, 5));
            assertFalse(refused.get("ok").getAsBoolean(), refused.toString());
            assertTrue(str(refused, "message").startsWith("Not sent: this workspace is not trusted"), refused.toString());
            assertEquals(0, users.requestCount(), "nothing sent before the user agreed");
            assertEquals(1, ws.lsp.client.questions.size());
            String question = ws.lsp.client.questions.get(0).getMessage();
            assertTrue(question.contains("not trusted") && question.contains(users.openAiBaseUrl()), question);

            ws.lsp.client.questionAnswer = q -> new MessageActionItem("Send");
            assertTrue(ws.execute("pyassist.summarize", AssistLsp.at(uri, 0, 5)).get("ok").getAsBoolean());
            assertTrue(ws.execute("pyassist.summarize", AssistLsp.at(uri, 0, 5)).get("ok").getAsBoolean());
            assertEquals(2, users.requestCount());
            assertEquals(2, ws.lsp.client.questions.size(), "a yes holds for the session: asked once more, not twice");
        }
    }

    @Test
    void aDismissedQuestionSendsNothingAndGrantedTrustAsksNoMore() throws Exception {
        try (var ws = start(true, false)) {
            String uri = ws.open("calc.py", CALC);
            JsonObject dismissed = ws.execute("pyassist.summarize", AssistLsp.at(uri, 0, 5)); // no answer picked
            assertFalse(dismissed.get("ok").getAsBoolean(), dismissed.toString());
            assertEquals(0, users.requestCount());
            var grant = new JsonObject();
            grant.addProperty("trusted", true);
            ws.lsp.notify("pyassist/workspaceTrust", grant);
            assertTrue(ws.execute("pyassist.summarize", AssistLsp.at(uri, 0, 5)).get("ok").getAsBoolean());
            assertEquals(1, users.requestCount());
            assertEquals(1, ws.lsp.client.questions.size(), "trusted now: not asked again");
        }
    }

    @Test
    void aClientThatSaysNothingAboutTrustIsTrusted() throws Exception {
        // editors without a trust model (IntelliJ's plugin, Neovim) pass nothing: nothing is asked
        try (var ws = start(false, null)) {
            String uri = ws.open("calc.py", CALC);
            assertTrue(ws.execute("pyassist.summarize", AssistLsp.at(uri, 0, 5)).get("ok").getAsBoolean());
            assertEquals(0, ws.lsp.client.questions.size());
            assertEquals(1, users.requestCount());
        }
    }
}
