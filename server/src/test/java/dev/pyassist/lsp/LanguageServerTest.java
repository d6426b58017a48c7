package dev.pyassist.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.junit.jupiter.api.Test;

/** The whole server through JSON-RPC, as an editor drives it. */
class LanguageServerTest {
    private static final String URI = "file:///work/demo.py";
    private static final String BROKEN = "import os\n\nif os.sep\n    print('no colon')\n";

    @Test
    void initializeAdvertisesIncrementalSyncAndUtf16ByDefault() throws Exception {
        try (var lsp = new LspHarness()) {
            var result = lsp.initialize();
            var sync = result.getCapabilities().getTextDocumentSync().getRight();
            assertEquals(TextDocumentSyncKind.Incremental, sync.getChange());
            assertTrue(sync.getOpenClose());
            assertEquals("utf-16", result.getCapabilities().getPositionEncoding());
            assertEquals("pyassist", result.getServerInfo().getName());
        }
    }

    @Test
    void openPublishesSyntaxErrorsWithTheDocumentVersion() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize();
            lsp.open(URI, 7, BROKEN);
            var published = lsp.client.awaitDiagnostics(URI, p -> true);
            assertEquals(7, published.getVersion());
            assertEquals(1, published.getDiagnostics().size());
            var d = published.getDiagnostics().get(0);
            assertEquals("expected ':'", d.getMessage().getLeft());
            assertEquals(2, d.getRange().getStart().getLine());
            assertEquals(DiagnosticSeverity.Error, d.getSeverity());
            assertEquals("pyassist", d.getSource());
            assertEquals("syntax.expected-colon", d.getCode().getLeft());
        }
    }

    @Test
    void incrementalEditFixesTheErrorAndCloseClearsDiagnostics() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize();
            lsp.open(URI, 1, BROKEN);
            lsp.client.awaitDiagnostics(URI, p -> p.getVersion() == 1);
            lsp.replace(URI, 2, 2, 9, 2, 9, ":"); // "if os.sep" + ":"
            var fixed = lsp.client.awaitDiagnostics(URI, p -> p.getVersion() == 2);
            assertEquals(List.of(), fixed.getDiagnostics());
            // counted from here: a re-analysis the server makes on its own (settings or validator state arriving
            // late on a loaded machine) may have published version 2 once more before the save
            long beforeSave = lsp.client.diagnostics.stream().filter(p -> Integer.valueOf(2).equals(p.getVersion())).count();
            lsp.server.getTextDocumentService().didSave(new DidSaveTextDocumentParams(new TextDocumentIdentifier(URI)));
            // wait for the save's publication before closing (a close cancels an analysis still running)
            lsp.client.awaitDiagnostics(URI, p -> lsp.client.diagnostics.stream()
                    .filter(q -> Integer.valueOf(2).equals(q.getVersion())).count() == beforeSave + 1);
            lsp.server.getTextDocumentService().didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(URI)));
            var cleared = lsp.client.awaitDiagnostics(URI, p -> p.getVersion() == null);
            assertTrue(cleared.getDiagnostics().isEmpty());
            long afterFix = lsp.client.diagnostics.stream().filter(p -> Integer.valueOf(2).equals(p.getVersion())).count();
            assertEquals(beforeSave + 1, afterFix, "didSave re-publishes the saved version once");
        }
    }

    @Test
    void nonAsciiRangesAreRightInEveryEncoding() throws Exception {
        // The '(' after an emoji (2 UTF-16 units, 4 UTF-8 bytes) and two CJK characters (3 bytes each) is never closed.
        String text = "x = \"😀中文\" + (1,\n";
        int[][] expected = {{13, 19, 12}}; // utf-16, utf-8, utf-32 columns of '('
        String[] names = {"utf-16", "utf-8", "utf-32"};
        for (int i = 0; i < names.length; i++) {
            try (var lsp = new LspHarness()) {
                var caps = names[i].equals("utf-16") ? new ClientCapabilities() : LspHarness.offering(names[i]);
                assertEquals(names[i], lsp.initialize(caps, null).getCapabilities().getPositionEncoding());
                lsp.open(URI, 1, text);
                var d = lsp.client.awaitDiagnostics(URI, p -> true).getDiagnostics().get(0);
                assertEquals("'(' was never closed", d.getMessage().getLeft());
                assertEquals(0, d.getRange().getStart().getLine());
                assertEquals(expected[0][i], d.getRange().getStart().getCharacter(), names[i]);
                // An edit addressed in the same encoding: close the bracket right after "1,".
                lsp.replace(URI, 2, 0, expected[0][i] + 3, 0, expected[0][i] + 3, ")");
                assertEquals(List.of(), lsp.client.awaitDiagnostics(URI, p -> p.getVersion() == 2).getDiagnostics(),
                        names[i]);
            }
        }
    }

    @Test
    void rapidEditsNeverPublishAStaleVersion() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize();
            StringBuilder text = new StringBuilder(BROKEN.repeat(200));
            lsp.open(URI, 1, text.toString());
            for (int v = 2; v <= 60; v++) {
                lsp.replace(URI, v, 0, 0, 0, 0, "#");
            }
            lsp.client.awaitDiagnostics(URI, p -> p.getVersion() == 60);
            Thread.sleep(200); // anything still in flight would arrive now
            int last = 0;
            for (PublishDiagnosticsParams p : lsp.client.diagnostics) {
                assertTrue(p.getVersion() >= last, "published version went back: " + p.getVersion() + " after " + last);
                last = p.getVersion();
            }
            assertEquals(60, last);
        }
    }

    @Test
    void outOfRangeEditsAreClampedAndTheServerKeepsServing() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize();
            lsp.open(URI, 1, "x = 1\n");
            lsp.replace(URI, 2, 99, 5, 120, 0, "\nif x\n    pass\n");
            var d = lsp.client.awaitDiagnostics(URI, p -> p.getVersion() == 2).getDiagnostics();
            assertEquals("expected ':'", d.get(0).getMessage().getLeft());
            assertEquals(2, d.get(0).getRange().getStart().getLine());
            lsp.replace(URI, 3, 0, 40, 0, 2, ""); // end before start: treated as an empty range at the end
            lsp.client.awaitDiagnostics(URI, p -> p.getVersion() == 3);
        }
    }

    @Test
    void pushedConfigurationSwitchesTheSyntaxLayer() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize();
            lsp.open(URI, 1, BROKEN);
            lsp.client.awaitDiagnostics(URI, p -> !p.getDiagnostics().isEmpty());
            var settings = JsonParser.parseString("{\"pyassist\": {\"syntax\": {\"enabled\": false}}}");
            lsp.server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(settings));
            lsp.client.awaitDiagnostics(URI, p -> p.getDiagnostics().isEmpty());
        }
    }

    @Test
    void pulledConfigurationAndInitializationOptionsAreMerged() throws Exception {
        try (var lsp = new LspHarness()) {
            JsonObject off = JsonParser.parseString("{\"syntax\": {\"enabled\": false}}").getAsJsonObject();
            lsp.initialize(pullingConfiguration(), off);
            lsp.open(URI, 1, BROKEN);
            lsp.client.awaitDiagnostics(URI, p -> p.getDiagnostics().isEmpty());
            lsp.client.configuration = JsonParser.parseString("{\"syntax\": {\"enabled\": true}}").getAsJsonObject();
            lsp.server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(new JsonObject()));
            lsp.client.awaitDiagnostics(URI, p -> !p.getDiagnostics().isEmpty());
            assertFalse(lsp.client.configurationRequests.isEmpty());
            assertEquals("pyassist", lsp.client.configurationRequests.get(0).getItems().get(0).getSection());
        }
    }

    @Test
    void configurationThatChangesNothingDoesNotReanalyse() throws Exception {
        try (var lsp = new LspHarness()) {
            // No model: its loading would publish again when it is ready.
            lsp.initialize(pullingConfiguration(), JsonParser.parseString("{\"validator\": {\"enabled\": false}}"));
            lsp.open(URI, 1, BROKEN);
            lsp.client.awaitDiagnostics(URI, p -> !p.getDiagnostics().isEmpty());
            int published = lsp.client.diagnostics.size();
            int pulls = lsp.client.configurationRequests.size();
            lsp.client.configuration = JsonParser.parseString("{\"syntax\": {\"enabled\": true}}").getAsJsonObject();
            lsp.server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(new JsonObject()));
            while (lsp.client.configurationRequests.size() == pulls) {
                Thread.sleep(10);
            }
            Thread.sleep(300); // a re-analysis would publish by now
            assertEquals(published, lsp.client.diagnostics.size(), "the same settings re-published the document");
        }
    }

    /** A client that answers {@code workspace/configuration}. */
    private static ClientCapabilities pullingConfiguration() {
        var caps = new ClientCapabilities();
        var workspace = new WorkspaceClientCapabilities();
        workspace.setConfiguration(true);
        caps.setWorkspace(workspace);
        return caps;
    }

    @Test
    void invalidSettingsAreRefusedWithAMessage() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize();
            var bad = JsonParser.parseString("{\"diagnostics\": {\"debounceMs\": \"later\"}}");
            lsp.server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(bad));
            var shown = lsp.client.awaitShown(m -> m.getType() == MessageType.Error);
            assertTrue(shown.getMessage().contains("invalid pyassist setting diagnostics.debounceMs"), shown.getMessage());
            assertFalse(shown.getMessage().contains("later"), "names the key, never the value: " + shown.getMessage());
            lsp.open(URI, 1, BROKEN);
            lsp.client.awaitDiagnostics(URI, p -> !p.getDiagnostics().isEmpty());
        }
    }

    @Test
    void shutdownThenExitEndsWithZero() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize();
            assertNull(lsp.server.shutdown().get(10, TimeUnit.SECONDS));
            lsp.server.exit();
            assertEquals(0, lsp.exitCode.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void exitWithoutShutdownEndsWithOne() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize();
            lsp.server.exit();
            assertEquals(1, lsp.exitCode.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void endOfInputEndsTheServer() throws Exception {
        var lsp = new LspHarness();
        lsp.initialize();
        lsp.close();
        assertEquals(1, lsp.exitCode.get(10, TimeUnit.SECONDS));
    }
}
