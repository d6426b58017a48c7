package dev.pyassist.assist;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.pyassist.llm.testing.MockLlmServer;
import dev.pyassist.lsp.LspHarness;
import dev.pyassist.text.LineMap;
import dev.pyassist.text.PositionEncoding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ShowDocumentCapabilities;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceEditCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;

/** The real server over JSON-RPC with an editor-like client and backends pointed at a {@link MockLlmServer}. */
final class AssistLsp implements AutoCloseable {
    static final String KEY = "sk-test-SUPERSECRET-0123456789abcdef";
    static final Gson GSON = new Gson();

    final LspHarness lsp;
    final Path root;

    private AssistLsp(LspHarness lsp, Path root) {
        this.lsp = lsp;
        this.root = root;
    }

    /** Settings: the OpenAI-compatible backend at {@code baseUrl} with {@link #KEY}, feedback under root/data. */
    static JsonObject settings(String baseUrl, Path root) {
        return GSON.fromJson("""
                {"llm": {"defaultBackend": "openai",
                         "openai": {"baseUrl": "%s", "apiKey": "%s", "model": "mock-model",
                                    "timeoutMs": 10000, "connectTimeoutMs": 2000, "maxRetries": 0}},
                 "assist": {"feedbackDirectory": "%s"}}
                """.formatted(baseUrl, KEY, root.resolve("data").toString().replace("\\", "\\\\")), JsonObject.class);
    }

    static AssistLsp start(Path root, JsonObject initOptions, Map<String, String> env) throws Exception {
        var lsp = new LspHarness(env);
        var params = new InitializeParams();
        params.setProcessId((int) ProcessHandle.current().pid());
        params.setCapabilities(capabilities());
        params.setInitializationOptions(initOptions);
        params.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), "ws")));
        lsp.server.initialize(params).get(20, TimeUnit.SECONDS);
        lsp.server.initialized(new InitializedParams());
        return new AssistLsp(lsp, root);
    }

    static AssistLsp start(Path root, MockLlmServer mock) throws Exception {
        return start(root, settings(mock.openAiBaseUrl(), root), Map.of("PATH", System.getenv("PATH")));
    }

    static ClientCapabilities capabilities() {
        var caps = new ClientCapabilities();
        var ws = new WorkspaceClientCapabilities();
        var we = new WorkspaceEditCapabilities();
        we.setDocumentChanges(true);
        we.setResourceOperations(List.of("create"));
        ws.setWorkspaceEdit(we);
        caps.setWorkspace(ws);
        var window = new WindowClientCapabilities();
        window.setWorkDoneProgress(true);
        window.setShowDocument(new ShowDocumentCapabilities(true));
        caps.setWindow(window);
        return caps;
    }

    String open(String relative, String text) throws Exception {
        Path file = root.resolve(relative);
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, text);
        String uri = file.toUri().toString();
        lsp.open(uri, 1, text);
        return uri;
    }

    List<CodeAction> codeActions(String uri, int line, int ch) throws Exception {
        var params = new CodeActionParams(new TextDocumentIdentifier(uri),
                new Range(new Position(line, ch), new Position(line, ch)), new CodeActionContext(List.of()));
        var result = lsp.server.getTextDocumentService().codeAction(params).get(20, TimeUnit.SECONDS);
        List<CodeAction> out = new ArrayList<>();
        result.forEach(e -> out.add(e.getRight()));
        return out;
    }

    CompletableFuture<Object> executeAsync(String command, Object arg) {
        return lsp.server.getWorkspaceService().executeCommand(new ExecuteCommandParams(command, List.of(arg)));
    }

    JsonObject execute(String command, Object arg) throws Exception {
        Object r = executeAsync(command, arg).get(30, TimeUnit.SECONDS);
        return GSON.toJsonTree(r).getAsJsonObject();
    }

    JsonObject run(CodeAction action) throws Exception {
        return execute(action.getCommand().getCommand(), action.getCommand().getArguments().get(0));
    }

    static JsonObject at(String uri, int line, int ch) {
        JsonObject o = new JsonObject();
        o.addProperty("uri", uri);
        JsonObject p = new JsonObject();
        p.addProperty("line", line);
        p.addProperty("character", ch);
        o.add("position", p);
        return o;
    }

    /** The one text document edit of the last applyEdit. */
    TextDocumentEdit lastTextEdit() {
        var edit = lsp.client.edits.get(lsp.client.edits.size() - 1).getEdit();
        return edit.getDocumentChanges().get(0).getLeft();
    }

    static String apply(String text, List<TextEdit> edits) {
        LineMap lines = new LineMap(text);
        StringBuilder sb = new StringBuilder(text);
        List<TextEdit> sorted = new ArrayList<>(edits);
        sorted.sort((a, b) -> Integer.compare(
                lines.offset(b.getRange().getStart().getLine(), b.getRange().getStart().getCharacter(),
                        PositionEncoding.UTF16),
                lines.offset(a.getRange().getStart().getLine(), a.getRange().getStart().getCharacter(),
                        PositionEncoding.UTF16)));
        for (TextEdit e : sorted) {
            int s = lines.offset(e.getRange().getStart().getLine(), e.getRange().getStart().getCharacter(),
                    PositionEncoding.UTF16);
            int en = lines.offset(e.getRange().getEnd().getLine(), e.getRange().getEnd().getCharacter(),
                    PositionEncoding.UTF16);
            sb.replace(s, en, e.getNewText());
        }
        return sb.toString();
    }

    static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    @Override
    public void close() throws Exception {
        lsp.close();
    }
}
