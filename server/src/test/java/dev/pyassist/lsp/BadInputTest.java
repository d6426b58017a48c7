package dev.pyassist.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.junit.jupiter.api.Test;

/** Hostile buffers: each gets a clear diagnostic in bounded time, and the server keeps serving the others. */
class BadInputTest {
    private static final String HEALTHY = "file:///work/healthy.py";

    private static PublishDiagnosticsParams openAndAwait(LspHarness lsp, String uri, String text) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            lsp.open(uri, 1, text);
            return lsp.client.awaitDiagnostics(uri, p -> true);
        });
    }

    private static void stillServing(LspHarness lsp, int round) throws Exception {
        String uri = HEALTHY + round;
        lsp.open(uri, 1, "if True\n    pass\n");
        var d = lsp.client.awaitDiagnostics(uri, p -> true).getDiagnostics();
        assertEquals("expected ':'", d.get(0).getMessage().getLeft());
    }

    private static void assertSyntaxError(PublishDiagnosticsParams published) {
        assertFalse(published.getDiagnostics().isEmpty(), "expected a diagnostic");
        var d = published.getDiagnostics().get(0);
        assertEquals(DiagnosticSeverity.Error, d.getSeverity());
        assertEquals("syntax", d.getCode().getLeft().split("\\.")[0], d.getCode().getLeft());
    }

    @Test
    void nulBytesLoneSurrogatesAndBinaryGarbage() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize();
            assertSyntaxError(openAndAwait(lsp, "file:///work/nul.py", "x = 1\0\ny = 2\n"));
            stillServing(lsp, 1);
            openAndAwait(lsp, "file:///work/surrogate.py", "s = '\uD800'\nt = \uDC00\n");
            stillServing(lsp, 2);
            byte[] bytes = new byte[64 * 1024];
            new Random(42).nextBytes(bytes);
            assertSyntaxError(openAndAwait(lsp, "file:///work/binary.py",
                    new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)));
            stillServing(lsp, 3);
        }
    }

    @Test
    void deepNestingIsRefusedLikeCPython() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize();
            var published = openAndAwait(lsp, "file:///work/deep.py", "x = " + "(".repeat(100_000) + "\n");
            assertSyntaxError(published);
            assertEquals("too many nested parentheses", published.getDiagnostics().get(0).getMessage().getLeft());
            stillServing(lsp, 1);
        }
    }

    @Test
    void hugeFilesAndLinesAreAnalysedInBoundedTime() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize();
            String line = "x = [" + "1, ".repeat(330_000) + "]\n"; // a 1 MB single line CPython accepts
            assertEquals(0, openAndAwait(lsp, "file:///work/line.py", line).getDiagnostics().size());
            // CPython gives up on these with RecursionError/MemoryError; we must answer, whatever we say.
            openAndAwait(lsp, "file:///work/chain.py", "x = " + "1 + ".repeat(250_000) + "1\n");
            openAndAwait(lsp, "file:///work/unary.py", "x = " + "-".repeat(100_000) + "1\n");
            openAndAwait(lsp, "file:///work/calls.py", "x = f" + "(f".repeat(50_000) + ")".repeat(50_000) + "\n");
            String unit = "def f(a, b):\n    return [a * i for i in range(b) if i % 3]\n\n";
            String big = unit.repeat(990_000 / unit.length()) + "if x\n"; // just under diagnostics.maxFileChars
            var published = openAndAwait(lsp, "file:///work/big.py", big);
            assertEquals("expected ':'", published.getDiagnostics().get(0).getMessage().getLeft());
            // 10 MB: over the default limit (what -Xmx512m handles, README "Speed"), one notice
            String huge = unit.repeat(10_000_000 / unit.length()) + "if x\n";
            published = openAndAwait(lsp, "file:///work/huge.py", huge);
            assertEquals("pyassist.too-large", published.getDiagnostics().get(0).getCode().getLeft());
            stillServing(lsp, 1);
        }
    }
}
