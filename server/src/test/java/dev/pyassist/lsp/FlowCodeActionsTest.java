package dev.pyassist.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;

/** Flow findings through the whole server: published beside names on open, and the unreachable-code fix. */
class FlowCodeActionsTest {
    private static final String URI = "file:///work/flow_demo.py";

    @Test
    void flowFindingsArePublishedAndUnreachableCodeIsRemovedByAVersionedEdit() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize();
            String text = "def f(c):\n    if c:\n        x = 1\n    return x\n    print('never')\n";
            lsp.open(URI, 2, text);
            var published = lsp.client.awaitDiagnostics(URI, p -> p.getDiagnostics().size() == 2);
            Diagnostic possibly = published.getDiagnostics().get(0);
            assertEquals("flow.possibly-used-before-assignment", possibly.getCode().getLeft());
            assertEquals(DiagnosticSeverity.Warning, possibly.getSeverity());
            assertEquals("Possibly using variable 'x' before assignment: it is unbound when the `if` condition on"
                    + " line 2 is false", possibly.getMessage().getLeft());
            Diagnostic dead = published.getDiagnostics().get(1);
            assertEquals("flow.unreachable", dead.getCode().getLeft());
            assertEquals(new Range(new Position(4, 4), new Position(4, 18)), dead.getRange());

            var params = new CodeActionParams(new TextDocumentIdentifier(URI), dead.getRange(),
                    new CodeActionContext(List.of(dead)));
            List<CodeAction> fixes = lsp.server.getTextDocumentService().codeAction(params).get(20, TimeUnit.SECONDS)
                    .stream().map(e -> e.getRight()).filter(a -> a.getTitle().equals("Remove unreachable code"))
                    .toList();
            assertEquals(1, fixes.size());
            assertEquals(List.of(dead), fixes.get(0).getDiagnostics());
            var docEdit = fixes.get(0).getEdit().getDocumentChanges().get(0).getLeft();
            assertEquals(2, docEdit.getTextDocument().getVersion());
            TextEdit edit = docEdit.getEdits().get(0).getLeft();
            assertEquals(new Range(new Position(4, 0), new Position(5, 0)), edit.getRange());
            assertEquals("", edit.getNewText());
        }
    }
}
