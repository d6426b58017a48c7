package dev.pyassist.lsp;

import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;

/**
 * Runs the analysis pipeline over a bundled sample a few times right after start-up, on an analysis thread,
 * while the editor is still sending {@code initialize}. The first file a user opens is then analysed by
 * JIT-compiled code instead of the interpreter (several times faster on a 5,000-line file).
 */
final class ParserWarmup {
    private static final Logger LOG = Logger.getLogger(ParserWarmup.class.getName());
    private static final long BUDGET_NANOS = 1_500_000_000L;
    private static final int MAX_ROUNDS = 60;
    private static final int PROTOCOL_ROUNDS = 20;

    private ParserWarmup() {}

    /** @param stop polled between rounds: once a real document is waiting, the warm-up yields the CPU to it */
    static void start(Executor executor, AnalysisPipeline pipeline, Supplier<Settings> settings,
            java.util.function.BooleanSupplier stop) {
        executor.execute(() -> {
            String sample = sample();
            // Every other round with a deleted ':', so the error path (CPython's second pass) gets compiled too.
            String broken = sample.replaceFirst("\\):\n", ")\n");
            long start = System.nanoTime();
            int rounds = 0;
            while (rounds < MAX_ROUNDS && System.nanoTime() - start < BUDGET_NANOS
                    && !stop.getAsBoolean()) {
                pipeline.analyze(rounds % 2 == 0 ? sample : broken, settings.get());
                rounds++;
            }
            int messages = 0;
            while (messages < PROTOCOL_ROUNDS && !stop.getAsBoolean()) {
                protocolRound(broken, pipeline.analyze(broken, settings.get()));
                messages++;
            }
            LOG.fine("warm-up: " + rounds + " analyses, " + messages + " protocol rounds in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        });
    }

    /**
     * What happens around an analysis: the {@code didOpen}/{@code didChange} JSON read, the document and line
     * map built, findings converted to LSP diagnostics and the publish written. Cold, that costs about as much as
     * the analysis itself on the first file (Gson's reflective adapters, the converter, the line map); the JIT
     * state is shared, so a private JSON handler warms the real one's code paths.
     */
    private static void protocolRound(String text, java.util.List<dev.pyassist.diagnostics.Finding> findings) {
        var methods = new java.util.LinkedHashMap<String, org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod>();
        methods.putAll(ServiceEndpoints.getSupportedMethods(PyassistClient.class));
        methods.putAll(ServiceEndpoints.getSupportedMethods(org.eclipse.lsp4j.services.LanguageServer.class));
        var json = new MessageJsonHandler(methods);
        String uri = "file:///pyassist-warmup.py";
        var opened = new NotificationMessage();
        opened.setMethod("textDocument/didOpen");
        opened.setParams(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "python", 1, text)));
        json.parseMessage(json.serialize(opened));
        var changed = new NotificationMessage();
        changed.setMethod("textDocument/didChange");
        changed.setParams(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, 2),
                java.util.List.of(new TextDocumentContentChangeEvent(
                        new Range(new Position(0, 0), new Position(0, 0)), "x"))));
        json.parseMessage(json.serialize(changed));
        var document = new TextDocument(uri, 1, text);
        for (var encoding : dev.pyassist.text.PositionEncoding.values()) {
            var published = new NotificationMessage();
            published.setMethod("textDocument/publishDiagnostics");
            published.setParams(new PublishDiagnosticsParams(uri,
                    DiagnosticsConverter.toLsp(findings, document.lines(), encoding), 1));
            json.serialize(published);
        }
    }

    private static String sample() {
        try (InputStream in = ParserWarmup.class.getResourceAsStream("warmup.py")) {
            if (in == null) {
                throw new IllegalStateException("warmup.py missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
