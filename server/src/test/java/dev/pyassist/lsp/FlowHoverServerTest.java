package dev.pyassist.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.Test;

/** The hover over a name the flow layer flags, through the whole server: why it is unbound, with the path. */
class FlowHoverServerTest {
    private static final String URI = "file:///work/flow_hover.py";

    private static Hover hover(LspHarness lsp, Position at) throws Exception {
        return lsp.server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(URI), at))
                .get(20, TimeUnit.SECONDS);
    }

    @Test
    void hoveringAPossiblyUnboundNameSaysWhichPathLeavesItUnbound() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize();
            String text = "def f(c):\n    if c:\n        x = 1\n    else:\n        pass\n    return x\n";
            lsp.open(URI, 1, text);
            Diagnostic d = lsp.client.awaitDiagnostics(URI, p -> !p.getDiagnostics().isEmpty()).getDiagnostics()
                    .get(0);
            assertEquals("flow.possibly-used-before-assignment", d.getCode().getLeft());
            Hover hover = hover(lsp, new Position(5, 12));
            String md = hover.getContents().getRight().getValue();
            assertEquals("**flow.possibly-used-before-assignment** (pylint's possibly-used-before-assignment)\n\n"
                    + "`x` is unbound when the `else` branch on line 4 is taken.\n\n"
                    + "`# pyassist: ignore` on the line silences it; setting `flow.possiblyUsedBeforeAssignment`"
                    + " turns the rule off.", md);
            assertEquals(d.getRange(), hover.getRange());
            assertNull(hover(lsp, new Position(0, 4)), "no finding, no hover");
        }
    }

    @Test
    void theHoverFollowsTheEdits() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize();
            lsp.open(URI, 1, "def f():\n    del y\n    y = 1\n");
            lsp.client.awaitDiagnostics(URI, p -> true);
            assertNull(hover(lsp, new Position(1, 8)), "pyflakes' undefined name is the names layer's");
            String deletedOnBothSides = "def f(c):\n    y = 1\n    if c:\n        del y\n    else:\n        del y\n"
                    + "    return y\n";
            lsp.replaceAll(URI, 2, deletedOnBothSides);
            lsp.client.awaitDiagnostics(URI, p -> p.getVersion() == 2);
            String md = hover(lsp, new Position(6, 11)).getContents().getRight().getValue();
            assertEquals("`y` is unbound on every path to this line: it is deleted on line 4.", md.split("\n\n")[1]);
            lsp.replaceAll(URI, 3, "import os\n\n" + deletedOnBothSides);
            lsp.client.awaitDiagnostics(URI, p -> p.getVersion() == 3);
            md = hover(lsp, new Position(8, 11)).getContents().getRight().getValue();
            assertEquals("`y` is unbound on every path to this line: it is deleted on line 6.", md.split("\n\n")[1]);
        }
    }
}
