package dev.pyassist.assist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.pyassist.llm.testing.MockLlmServer;
import dev.pyassist.store.HistoryStore;
import java.nio.file.Path;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the editor's chat panel asks of a running server: a chat answer's code block inserted at the cursor or
 * applied as a diff (versioned, refused when stale or when it would not parse), and an editor's ask answered in
 * the chat rather than in a popup.
 */
class ChatInsertServerTest {
    private static final String FILE = "def area(w, h):\n    return w * h\n\n\nx = 1\n";

    @TempDir
    Path root;
    private MockLlmServer mock;
    private AssistLsp ws;

    @BeforeEach
    void start() throws Exception {
        mock = MockLlmServer.start();
        ws = AssistLsp.start(root, mock);
    }

    @AfterEach
    void stop() throws Exception {
        ws.close();
        mock.close();
    }

    private static JsonObject insert(String uri, int version, int line, int ch, int endLine, int endCh, String code,
            String mode) {
        JsonObject o = new JsonObject();
        o.addProperty("uri", uri);
        o.addProperty("version", version);
        o.addProperty("code", code);
        o.addProperty("mode", mode);
        JsonObject range = new JsonObject();
        range.add("start", position(line, ch));
        range.add("end", position(endLine, endCh));
        o.add("range", range);
        return o;
    }

    private static JsonObject position(int line, int ch) {
        JsonObject p = new JsonObject();
        p.addProperty("line", line);
        p.addProperty("character", ch);
        return p;
    }

    @Test
    void aCodeBlockIsInsertedAtTheCursorAsAVersionedEdit() throws Exception {
        String uri = ws.open("shapes.py", FILE);
        JsonObject r = ws.execute("pyassist.insertCode",
                insert(uri, 1, 3, 0, 3, 0, "def perimeter(w, h):\n    return 2 * (w + h)\n", "insert"));
        assertTrue(r.get("ok").getAsBoolean(), r.toString());
        TextDocumentEdit edit = ws.lastTextEdit();
        assertEquals(1, edit.getTextDocument().getVersion(), "against the version the cursor was read from");
        TextEdit e = edit.getEdits().get(0).getLeft();
        assertEquals(null, ws.lsp.client.edits.get(0).getEdit().getChangeAnnotations(),
                "an insert the user clicked needs no second confirmation");
        assertEquals("def area(w, h):\n    return w * h\n\ndef perimeter(w, h):\n    return 2 * (w + h)\nx = 1\n",
                AssistLsp.apply(FILE, edit.getEdits().stream().map(x -> x.getLeft()).toList()));
    }

    @Test
    void aStaleVersionIsRefusedAndNothingIsSent() throws Exception {
        String uri = ws.open("shapes.py", FILE);
        ws.lsp.replaceAll(uri, 2, FILE + "y = 2\n");
        JsonObject r = ws.execute("pyassist.insertCode", insert(uri, 1, 0, 0, 0, 0, "z = 3\n", "insert"));
        assertFalse(r.get("ok").getAsBoolean());
        assertTrue(AssistLsp.str(r, "message").contains("changed (version 1 → 2)"), r.toString());
        assertTrue(ws.lsp.client.edits.isEmpty());
    }

    @Test
    void codeThatWouldNotParseThereIsRefused() throws Exception {
        String uri = ws.open("shapes.py", FILE);
        JsonObject r = ws.execute("pyassist.insertCode", insert(uri, 1, 4, 0, 4, 0, "def broken(:\n", "insert"));
        assertFalse(r.get("ok").getAsBoolean());
        assertTrue(AssistLsp.str(r, "message").contains("would not parse"), r.toString());
        assertTrue(ws.lsp.client.edits.isEmpty());
    }

    @Test
    void applyAsADiffReplacesTheFunctionAtTheCursorAndNeedsConfirmation() throws Exception {
        ws.lsp.recordWire = true;
        String uri = ws.open("shapes.py", FILE);
        JsonObject r = ws.execute("pyassist.insertCode",
                insert(uri, 1, 1, 6, 1, 6, "def area(w, h):\n    \"\"\"w by h.\"\"\"\n    return w * h\n", "diff"));
        assertTrue(r.get("ok").getAsBoolean(), r.toString());
        var we = ws.lsp.client.edits.get(0).getEdit();
        TextEdit e = we.getDocumentChanges().get(0).getLeft().getEdits().get(0).getLeft();
        assertTrue(we.getChangeAnnotations().get("pyassist-chat").getNeedsConfirmation(), "shown as a diff first");
        assertTrue(ws.lsp.wire.toString().contains("\"annotationId\":\"pyassist-chat\""), "the edit names it");
        assertEquals("def area(w, h):\n    \"\"\"w by h.\"\"\"\n    return w * h\n\n\nx = 1\n",
                AssistLsp.apply(FILE, java.util.List.of(e)));
    }

    @Test
    void anAskForTheChatIsShownThereNotInAPopup() throws Exception {
        mock.reply("A dict maps keys to values.");
        JsonObject ask = new JsonObject();
        ask.addProperty("question", "What is a dict?");
        ask.addProperty("display", "chat");
        JsonObject r = ws.execute("pyassist.ask", ask);
        assertTrue(r.get("ok").getAsBoolean(), r.toString());
        String conversation = AssistLsp.str(r, "conversation");
        assertTrue(ws.lsp.client.shown.stream().noneMatch(m -> m.getMessage().contains("keys to values")),
                "no popup: " + ws.lsp.client.shown);
        try (HistoryStore store = new HistoryStore(root.resolve("data"))) {
            assertEquals("Asked in the editor", store.conversation(conversation).orElseThrow().title());
            assertEquals("What is a dict?", store.turns(conversation).get(0).question());
        }
        ask.remove("display");
        ws.execute("pyassist.ask", ask);
        assertTrue(ws.lsp.client.awaitShown(m -> m.getMessage().contains("keys to values")) != null,
                "without the panel the answer is a popup");
    }
}
