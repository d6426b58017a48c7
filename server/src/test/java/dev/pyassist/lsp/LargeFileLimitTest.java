package dev.pyassist.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.config.Settings;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.junit.jupiter.api.Test;

/**
 * With the default settings a document over what the launchers' -Xmx512m heap analyses in reasonable time
 * (README, "Speed": 2 MB keystrokes already take seconds, 4 MB fills the heap, 10 MB runs out of it) gets the
 * {@code pyassist.too-large} notice instead of an analysis.
 */
class LargeFileLimitTest {
    private static final String URI = "file:///work/generated.py";

    @Test
    void aDocumentOverTheDefaultLimitGetsOnlyTheNotice() throws Exception {
        int limit = Settings.defaults().diagnostics().maxFileChars();
        assertTrue(limit <= 1_000_000, "the default limit is what -Xmx512m handles: " + limit);
        String text = "def broken(:\n" + "x = 1\n".repeat(limit / 6 + 1);
        try (var lsp = new LspHarness()) {
            lsp.initialize();
            lsp.open(URI, 1, text);
            var published = lsp.client.awaitDiagnostics(URI, p -> p.getVersion() == 1);
            assertEquals(1, published.getDiagnostics().size(), published.toString());
            var d = published.getDiagnostics().get(0);
            assertEquals("pyassist.too-large", d.getCode().getLeft());
            assertEquals(DiagnosticSeverity.Information, d.getSeverity());
            assertTrue(d.getMessage().getLeft().contains("(setting diagnostics.maxFileChars)"), d.getMessage().getLeft());
        }
    }

    @Test
    void noOutlineIsParsedForADocumentOverTheLimit() throws Exception {
        int limit = Settings.defaults().diagnostics().maxFileChars();
        String unit = "def f(a):\n    return a\n\n";
        try (var lsp = new LspHarness()) {
            lsp.initialize();
            lsp.open(URI, 1, unit.repeat(limit / unit.length() + 1));
            var symbols = lsp.server.getTextDocumentService().documentSymbol(new org.eclipse.lsp4j.DocumentSymbolParams(
                    new org.eclipse.lsp4j.TextDocumentIdentifier(URI))).get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(symbols.isEmpty(), "over the limit: no parse, no outline");
            lsp.open("file:///work/small.py", 1, unit);
            assertEquals(1, lsp.server.getTextDocumentService().documentSymbol(new org.eclipse.lsp4j.DocumentSymbolParams(
                    new org.eclipse.lsp4j.TextDocumentIdentifier("file:///work/small.py")))
                    .get(30, java.util.concurrent.TimeUnit.SECONDS).size());
        }
    }
}
