package dev.pyassist.lsp;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.GeneralClientCapabilities;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * The whole server, in process, behind a real JSON-RPC connection (NIO pipes), with a {@link RecordingClient}
 * on the other end. {@link #exitCode} completes with what the server process would exit with.
 */
public final class LspHarness implements AutoCloseable {
    public final RecordingClient client = new RecordingClient();
    public final LanguageServer server;
    public final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private final Pipe toServer;
    private final MemoryPipe toClient = new MemoryPipe();
    private final org.eclipse.lsp4j.jsonrpc.Launcher<LanguageServer> launcher;

    public LspHarness() throws IOException {
        this(System.getenv());
    }

    /** The server's JSON-RPC bytes as they crossed the wire, while {@link #recordWire} is set (fields no typed class keeps). */
    public final StringBuffer wire = new StringBuffer();
    public volatile boolean recordWire;

    /** A server that reads backend settings from {@code env} instead of the process environment. */
    public LspHarness(java.util.Map<String, String> env) throws IOException {
        this(env, new com.google.inject.Module[0]);
    }

    /** A server from the injector, with {@code overrides} replacing bindings of the parts' modules. */
    public LspHarness(java.util.Map<String, String> env, com.google.inject.Module... overrides) throws IOException {
        toServer = Pipe.open();
        CompletableFuture<Integer> serverExit = new CompletableFuture<>();
        var wiring = ServerWiring.create(new ServerOptions(serverExit::complete, false, java.util.Optional.empty()),
                new dev.pyassist.Environment(env), overrides);
        Thread serverThread = new Thread(() -> exitCode.complete(LspServerRunner.run(
                Channels.newInputStream(toServer.source()), toClient.out, null,
                wiring, serverExit, false)),
                "test-server");
        serverThread.setDaemon(true);
        serverThread.start();
        java.io.InputStream fromServer = toClient.in;
        launcher = LSPLauncher.createClientLauncher(client, new java.io.FilterInputStream(fromServer) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0 && recordWire) {
                    wire.append((char) b);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0 && recordWire) {
                    wire.append(new String(buf, off, n, java.nio.charset.StandardCharsets.UTF_8));
                }
                return n;
            }
        }, Channels.newOutputStream(toServer.sink()));
        launcher.startListening();
        server = launcher.getRemoteProxy();
    }

    public InitializeResult initialize(ClientCapabilities capabilities, Object initializationOptions)
            throws Exception {
        var params = new InitializeParams();
        params.setProcessId((int) ProcessHandle.current().pid());
        params.setCapabilities(capabilities);
        params.setInitializationOptions(initializationOptions);
        InitializeResult result = server.initialize(params).get(20, TimeUnit.SECONDS);
        server.initialized(new InitializedParams());
        return result;
    }

    public InitializeResult initialize() throws Exception {
        return initialize(new ClientCapabilities(), null);
    }

    public static ClientCapabilities offering(String... encodings) {
        var caps = new ClientCapabilities();
        var general = new GeneralClientCapabilities();
        general.setPositionEncodings(List.of(encodings));
        caps.setGeneral(general);
        return caps;
    }

    /** Sends a request by name (one the server may not know), as a client could. */
    public CompletableFuture<Object> request(String method, Object params) {
        return launcher.getRemoteEndpoint().request(method, params);
    }

    /** Sends a notification the {@link LanguageServer} interface does not have (pyassist's own). */
    public void notify(String method, Object params) {
        launcher.getRemoteEndpoint().notify(method, params);
    }

    public void open(String uri, int version, String text) {
        server.getTextDocumentService().didOpen(
                new DidOpenTextDocumentParams(new TextDocumentItem(uri, "python", version, text)));
    }

    public void replace(String uri, int version, int line, int col, int endLine, int endCol, String text) {
        var change = new TextDocumentContentChangeEvent(
                new Range(new Position(line, col), new Position(endLine, endCol)), text);
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, version), List.of(change)));
    }

    public void replaceAll(String uri, int version, String text) {
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, version), List.of(new TextDocumentContentChangeEvent(text))));
    }

    @Override
    public void close() throws IOException {
        toServer.sink().close();
        toClient.out.close();
    }
}
