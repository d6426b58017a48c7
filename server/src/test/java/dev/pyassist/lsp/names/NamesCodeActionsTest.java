package dev.pyassist.lsp.names;

import dev.pyassist.lsp.LspHarness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;

/** Names findings and their quick fixes through the whole server, as an editor sees them. */
class NamesCodeActionsTest {
    private static final String URI = "file:///work/names_demo.py";

    private static List<CodeAction> actions(LspHarness lsp, Range range, List<Diagnostic> diagnostics)
            throws Exception {
        var params = new CodeActionParams(new TextDocumentIdentifier(URI), range,
                new CodeActionContext(diagnostics));
        return lsp.server.getTextDocumentService().codeAction(params).get(20, TimeUnit.SECONDS).stream()
                .map(e -> e.getRight()).toList();
    }

    @Test
    void capabilityIsAdvertised() throws Exception {
        try (var lsp = new LspHarness()) {
            var result = lsp.initialize();
            assertNotNull(result.getCapabilities().getCodeActionProvider());
        }
    }

    @Test
    void namesFindingsArePublishedWithTheSyntaxLayerAndFixedByVersionedEdits() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize();
            // 'é' before the names: UTF-16 columns differ from UTF-8 ones
            String text = "s = 'é'; import os\nresult = 1\nprint(s, resutl)\n";
            lsp.open(URI, 3, text);
            var published = lsp.client.awaitDiagnostics(URI, p -> p.getDiagnostics().size() == 2);
            assertEquals(3, published.getVersion());
            Diagnostic unused = published.getDiagnostics().get(0);
            assertEquals("names.unused-import", unused.getCode().getLeft());
            assertEquals(DiagnosticSeverity.Warning, unused.getSeverity());
            assertEquals(new Range(new Position(0, 16), new Position(0, 18)), unused.getRange());
            Diagnostic undefined = published.getDiagnostics().get(1);
            assertEquals("names.undefined-name", undefined.getCode().getLeft());
            assertEquals(DiagnosticSeverity.Error, undefined.getSeverity());
            assertEquals("pyassist", undefined.getSource());

            List<CodeAction> importFixes = actions(lsp, unused.getRange(), List.of(unused));
            assertEquals(1, importFixes.size());
            CodeAction fix = importFixes.get(0);
            assertEquals("Remove unused import 'os'", fix.getTitle());
            assertEquals(CodeActionKind.QuickFix, fix.getKind());
            assertEquals(List.of(unused), fix.getDiagnostics());
            var docEdit = fix.getEdit().getDocumentChanges().get(0).getLeft();
            assertEquals(3, docEdit.getTextDocument().getVersion());
            assertEquals(URI, docEdit.getTextDocument().getUri());
            TextEdit edit = docEdit.getEdits().get(0).getLeft();
            assertEquals(new Range(new Position(0, 7), new Position(0, 18)), edit.getRange());
            assertEquals("", edit.getNewText());

            List<CodeAction> nameFixes = actions(lsp, undefined.getRange(), List.of(undefined));
            assertEquals(1, nameFixes.size());
            assertEquals("Replace with 'result'", nameFixes.get(0).getTitle());
            TextEdit replace = nameFixes.get(0).getEdit().getDocumentChanges().get(0).getLeft().getEdits().get(0)
                    .getLeft();
            assertEquals("result", replace.getNewText());
            assertEquals(undefined.getRange(), replace.getRange());

            // applying the edit as a client would, then the finding is gone
            lsp.replace(URI, 4, 2, 9, 2, 15, "result");
            var after = lsp.client.awaitDiagnostics(URI, p -> p.getVersion() == 4);
            assertEquals(1, after.getDiagnostics().size());
            assertEquals("names.unused-import", after.getDiagnostics().get(0).getCode().getLeft());
        }
    }

    @Test
    void positionsFollowTheNegotiatedEncoding() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize(LspHarness.offering("utf-8"), null);
            String text = "s = 'é'; import os\nprint(s)\n";
            lsp.open(URI, 1, text);
            var published = lsp.client.awaitDiagnostics(URI, p -> !p.getDiagnostics().isEmpty());
            Diagnostic unused = published.getDiagnostics().get(0);
            // 'é' is two UTF-8 bytes
            assertEquals(new Range(new Position(0, 17), new Position(0, 19)), unused.getRange());
            List<CodeAction> fixes = actions(lsp, unused.getRange(), List.of(unused));
            TextEdit edit = fixes.get(0).getEdit().getDocumentChanges().get(0).getLeft().getEdits().get(0).getLeft();
            assertEquals(new Range(new Position(0, 8), new Position(0, 19)), edit.getRange());
        }
    }

    @Test
    void noActionsElsewhereOrForOtherKinds() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize();
            lsp.open(URI, 1, "import os\nx = 1\n");
            lsp.client.awaitDiagnostics(URI, p -> true);
            Range elsewhere = new Range(new Position(1, 0), new Position(1, 1));
            assertTrue(actions(lsp, elsewhere, List.of()).isEmpty());
            var params = new CodeActionParams(new TextDocumentIdentifier(URI),
                    new Range(new Position(0, 7), new Position(0, 7)), new CodeActionContext(List.of()));
            params.getContext().setOnly(List.of(CodeActionKind.Refactor));
            assertTrue(lsp.server.getTextDocumentService().codeAction(params).get(20, TimeUnit.SECONDS).isEmpty());
        }
    }
}
