package dev.pyassist.lsp;

import dev.pyassist.lsp.validator.ValidatorCodeActions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.pyassist.text.LineMap;
import dev.pyassist.text.PositionEncoding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validator in the whole server (in process, real JSON-RPC), with the tiny model at sensitivity 1 so every
 * unit is reported: status, the two publishes per version, stale versions, fail-soft, hover, quick fixes.
 */
class ValidatorServerTest {
    static final String URI = "file:///work/demo.py";
    static final String TEXT = "def add(a, b):\n    return a + b\n\n\ndef clamp(x, lo, hi):\n    if x < lo:\n"
            + "        return lo\n    return x\n";

    @TempDir
    Path tmp;

    static Path tiny() throws Exception {
        return Path.of(ValidatorServerTest.class.getResource("/validator/tiny/validator.json").toURI()).getParent();
    }

    static JsonObject options(Path model, double sensitivity) {
        JsonObject validator = new JsonObject();
        validator.addProperty("modelPath", model.toString());
        validator.addProperty("sensitivity", sensitivity);
        JsonObject root = new JsonObject();
        root.add("validator", validator);
        return root;
    }

    static boolean hasValidator(PublishDiagnosticsParams p) {
        return p.getDiagnostics().stream().anyMatch(d -> d.getCode().getLeft().startsWith("validator."));
    }

    static ServerStatus awaitStatus(RecordingClient client, Predicate<ServerStatus> match) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (ServerStatus s : client.statuses) {
                if (match.test(s)) {
                    return s;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no matching status; got " + client.statuses);
    }

    @Test
    void statusIsTruthfulAndFindingsFollowTheExactOnesForTheSameVersion() throws Exception {
        try (var lsp = new LspHarness()) {
            var caps = lsp.initialize(new ClientCapabilities(), options(tiny(), 1)).getCapabilities();
            assertTrue(caps.getHoverProvider().getLeft());
            awaitStatus(lsp.client, s -> "ready".equals(s.validator().state()));
            assertEquals("loading", lsp.client.statuses.get(0).validator().state(), "loading is said first");
            lsp.open(URI, 1, TEXT);
            PublishDiagnosticsParams full = lsp.client.awaitDiagnostics(URI, ValidatorServerTest::hasValidator);
            assertEquals(1, full.getVersion());
            PublishDiagnosticsParams first = lsp.client.diagnostics.get(0);
            assertEquals(1, first.getVersion());
            assertFalse(hasValidator(first), "the exact layers are published first, before any scoring");
            assertEquals(2, full.getDiagnostics().size(), "one finding per function at sensitivity 1");
            for (Diagnostic d : full.getDiagnostics()) {
                assertEquals("pyassist", d.getSource());
                assertEquals(DiagnosticSeverity.Warning, d.getSeverity());
                assertTrue(d.getMessage().getLeft().matches(".* \\(validator, 0\\.\\d\\d\\)"), d.getMessage().getLeft());
                assertEquals(d.getRange().getStart().getLine(), d.getRange().getEnd().getLine());
                assertNotNull(d.getData(), "scores travel in data");
            }
            // an edit inside one function: the other function's finding comes at once, from the cache
            int before = lsp.client.diagnostics.size();
            lsp.replace(URI, 2, 7, 11, 7, 12, "y");
            PublishDiagnosticsParams v2 = lsp.client.awaitDiagnostics(URI, p -> p.getVersion() == 2);
            assertTrue(lsp.client.diagnostics.indexOf(v2) >= before);
            assertEquals(1, v2.getDiagnostics().stream().filter(d -> d.getRange().getStart().getLine() < 3).count(),
                    "the untouched function keeps its finding in the first publish of version 2");
        }
    }

    @Test
    void staleVersionsAreNeverPublished() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize(new ClientCapabilities(), options(tiny(), 1));
            awaitStatus(lsp.client, s -> "ready".equals(s.validator().state()));
            List<String> texts = new ArrayList<>();
            texts.add(TEXT);
            lsp.open(URI, 1, TEXT);
            for (int v = 2; v <= 12; v++) {
                String t = "# edit " + v + " " + "é".repeat(v) + "\n" + TEXT.replace("a + b", "a + b * " + v);
                texts.add(t);
                lsp.replaceAll(URI, v, t);
            }
            lsp.client.awaitDiagnostics(URI, p -> p.getVersion() == 12 && hasValidator(p));
            Thread.sleep(300); // anything late would show up now
            int last = 0;
            for (PublishDiagnosticsParams p : lsp.client.diagnostics) {
                assertTrue(p.getVersion() >= last, "versions never go back: " + p.getVersion() + " after " + last);
                last = p.getVersion();
                String text = texts.get(p.getVersion() - 1);
                LineMap lines = new LineMap(text);
                for (Diagnostic d : p.getDiagnostics()) {
                    int s = lines.offset(d.getRange().getStart().getLine(), d.getRange().getStart().getCharacter(),
                            PositionEncoding.UTF16);
                    int e = lines.offset(d.getRange().getEnd().getLine(), d.getRange().getEnd().getCharacter(),
                            PositionEncoding.UTF16);
                    assertFalse(text.substring(s, e).isBlank(), "ranges fit the text of their own version");
                }
            }
            assertEquals(12, last);
        }
    }

    @Test
    void aCorruptModelTurnsTheValidatorOffOnceWithTheReasonAndSyntaxKeepsWorking() throws Exception {
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        for (String f : new String[] {"model.onnx", "tokenizer.json", "validator.json"}) {
            Files.copy(tiny().resolve(f), broken.resolve(f));
        }
        byte[] bytes = Files.readAllBytes(broken.resolve("model.onnx"));
        bytes[100] ^= 1;
        Files.write(broken.resolve("model.onnx"), bytes);
        try (var lsp = new LspHarness()) {
            lsp.initialize(new ClientCapabilities(), options(broken, 1));
            ServerStatus off = awaitStatus(lsp.client, s -> "off".equals(s.validator().state())
                    && s.validator().reason() != null);
            assertTrue(off.validator().reason().contains("corrupt"), off.validator().reason());
            lsp.client.awaitShown(m -> m.getMessage().contains("validator is off") && m.getMessage().contains("corrupt"));
            lsp.open(URI, 1, "def f(:\n    pass\n");
            var d = lsp.client.awaitDiagnostics(URI, p -> !p.getDiagnostics().isEmpty());
            assertTrue(d.getDiagnostics().get(0).getCode().getLeft().startsWith("syntax"));
            lsp.server.getWorkspaceService().didChangeConfiguration(
                    new org.eclipse.lsp4j.DidChangeConfigurationParams(options(broken, 0.5)));
            Thread.sleep(300);
            assertEquals(1, lsp.client.shown.stream().filter(m -> m.getMessage().contains("validator is off")).count(),
                    "told once");
        }
    }

    @Test
    void withoutAModelTheStatusSaysWhy() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize();
            ServerStatus off = awaitStatus(lsp.client, s -> "off".equals(s.validator().state()));
            assertTrue(off.validator().reason().contains("no validator model"), off.validator().reason());
        }
    }

    @Test
    void hoverExplainsAFinding() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize(new ClientCapabilities(), options(tiny(), 1));
            awaitStatus(lsp.client, s -> "ready".equals(s.validator().state()));
            lsp.open(URI, 1, TEXT);
            Diagnostic d = lsp.client.awaitDiagnostics(URI, ValidatorServerTest::hasValidator).getDiagnostics().get(0);
            Hover hover = lsp.server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(URI),
                    d.getRange().getStart())).get(10, TimeUnit.SECONDS);
            String md = hover.getContents().getRight().getValue();
            assertTrue(md.contains(d.getCode().getLeft()), md);
            assertTrue(md.contains("# pyassist: ignore"), md);
            assertEquals(d.getRange(), hover.getRange());
            assertNull(lsp.server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(URI),
                    new Position(2, 0))).get(10, TimeUnit.SECONDS), "no finding, no hover");
        }
    }

    @Test
    void quickFixesRepairTheOperatorOrIgnoreTheLineForTheRightVersion() {
        String text = "def clamp(x, lo):\n    if x < lo:\n        return lo\n";
        var doc = new TextDocument(URI, 7, text);
        var diagnostic = new Diagnostic(new Range(new Position(1, 9), new Position(1, 10)),
                "comparison looks inverted (validator, 0.93)", DiagnosticSeverity.Warning, "pyassist",
                "validator.inverted-comparison");
        var params = new CodeActionParams(new TextDocumentIdentifier(URI), diagnostic.getRange(),
                new CodeActionContext(List.of(diagnostic)));
        List<CodeAction> actions = new ValidatorCodeActions().actions(doc, params, new Session());
        assertEquals(2, actions.size());
        CodeAction repair = actions.get(0);
        assertEquals("Change '<' to '>=' (validator)", repair.getTitle());
        var edit = repair.getEdit().getDocumentChanges().get(0).getLeft();
        assertEquals(7, edit.getTextDocument().getVersion());
        TextEdit e = edit.getEdits().get(0).getLeft();
        assertEquals(">=", e.getNewText());
        assertEquals(diagnostic.getRange(), e.getRange());
        CodeAction ignore = actions.get(1);
        TextEdit comment = ignore.getEdit().getDocumentChanges().get(0).getLeft().getEdits().get(0).getLeft();
        assertEquals(new Position(1, 14), comment.getRange().getStart());
        assertEquals("  # pyassist: ignore", comment.getNewText());
        // not offered for other layers' diagnostics
        var other = new Diagnostic(diagnostic.getRange(), "x", DiagnosticSeverity.Error, "pyassist", "syntax");
        assertTrue(new ValidatorCodeActions().actions(doc, new CodeActionParams(new TextDocumentIdentifier(URI),
                other.getRange(), new CodeActionContext(List.of(other))), new Session()).isEmpty());
    }
}
