package dev.pyassist.lsp;

import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
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
 * Runs the analysis pipeline over a bundled sample a few times, and the JSON paths around it, on its own thread
 * from the moment {@code pyassist serve} starts (before settings, LSP4J and the handshake, which take the other
 * core for ~500 ms) until the client is about to send documents. The first file a user opens is then read,
 * analysed and published by JIT-compiled code instead of the interpreter (several times faster on a 5,000-line
 * file). JIT state is the JVM's, so there is one warm-up per JVM.
 */
public final class ParserWarmup {
    private static final Logger LOG = Logger.getLogger(ParserWarmup.class.getName());
    private static final long BUDGET_NANOS = 1_500_000_000L;
    // Measured with bench/lsp_bench.py on 2 cores: 20 + 5 rounds warm the first file as well as 60 + 20, and
    // cost start-up (initialize) 50 ms less; 10 rounds leave the first file twice as slow.
    private static final int MAX_ROUNDS = 20;
    private static final int PROTOCOL_ROUNDS = 5;
    private static ParserWarmup running;

    private volatile BooleanSupplier stop = () -> false;
    private final CompletableFuture<Integer> finished = new CompletableFuture<>();
    private final AnalysisPipeline pipeline;

    private ParserWarmup(AnalysisPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * Starts this JVM's warm-up of {@code pipeline} (the exact layers) on a daemon thread; later calls return the
     * one already started.
     */
    public static synchronized ParserWarmup start(AnalysisPipeline pipeline) {
        if (running == null) {
            running = new ParserWarmup(pipeline);
            Thread thread = new Thread(running::run, "pyassist-warmup");
            thread.setDaemon(true);
            thread.start();
        }
        return running;
    }

    /**
     * Polled between rounds: once it holds (the client sent {@code initialized}, or a document is open), the
     * warm-up ends and leaves both cores to reading, analysing and publishing the real first file.
     */
    void stopWhen(BooleanSupplier condition) {
        stop = condition;
    }

    /** Completes with the number of analyses run once the warm-up has ended (or with what made it fail). */
    CompletableFuture<Integer> finished() {
        return finished;
    }

    private void run() {
        try {
            finished.complete(warmUp());
        } catch (RuntimeException | Error e) {
            // Only start-up speed is lost; the server itself does not depend on the warm-up.
            LOG.log(Level.WARNING, "parser warm-up failed", e);
            finished.completeExceptionally(e);
        }
    }

    private int warmUp() {
        String sample = sample();
        // Every other round with a deleted ':', so the error path (CPython's second pass) gets compiled too.
        String broken = sample.replaceFirst("\\):\n", ")\n");
        Settings settings = everyExactRule();
        long start = System.nanoTime();
        int rounds = 0;
        while (rounds < MAX_ROUNDS && System.nanoTime() - start < BUDGET_NANOS && !stop.getAsBoolean()) {
            pipeline.analyze(rounds % 2 == 0 ? sample : broken, settings);
            rounds++;
        }
        int messages = 0;
        while (messages < PROTOCOL_ROUNDS && !stop.getAsBoolean()) {
            protocolRound(broken, pipeline.analyze(broken, settings));
            messages++;
        }
        LOG.fine("warm-up: " + rounds + " analyses, " + messages + " protocol rounds in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        return rounds;
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

    /**
     * Every syntax and names rule on, whatever the user's settings: all their code gets compiled. Built
     * directly, not from {@code default-settings.json}: Jackson's first use costs ~250 ms of start-up the
     * warm-up would otherwise wait for.
     */
    private static Settings everyExactRule() {
        return new Settings(new Settings.DiagnosticsSettings(0, Integer.MAX_VALUE), new Settings.SyntaxSettings(true),
                new Settings.NamesSettings(true, true, true, true, true, true), null, null, null, null);
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
