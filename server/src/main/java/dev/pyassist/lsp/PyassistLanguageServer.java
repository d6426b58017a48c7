package dev.pyassist.lsp;

import dev.pyassist.Version;
import dev.pyassist.text.PositionEncoding;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import java.util.logging.Logger;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.SaveOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.SetTraceParams;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The LSP lifecycle: handshake (capabilities, position encoding, settings, parent process), shutdown and
 * exit. Everything else is delegated to the document and workspace services.
 */
public final class PyassistLanguageServer implements LanguageServer, LanguageClientAware {
    private static final Logger LOG = Logger.getLogger(PyassistLanguageServer.class.getName());

    private final Session session;
    private final TextDocumentService textDocuments;
    private final WorkspaceService workspace;
    private final ConfigurationHandler configuration;
    private final IntConsumer exit;
    private final ParentProcessWatcher parentWatcher;
    private final Runnable onShutdown;
    private final LateFeatures features;
    private static final long BACKGROUND_START_MS = 1500;
    /**
     * The background starts wait for a pause in typing this long: on 2 cores the model load (~300 ms of CPU plus its
     * compilations) and the workspace index (Lucene's ~260 compilations and the indexing) otherwise share the cores
     * with every keystroke's analysis in the first seconds (bench/lsp_bench.py's CPU per didChange: 50 ms with them,
     * the analysis itself about 6).
     */
    private static final long TYPING_PAUSE_MS = 1000;
    private final java.util.function.LongSupplier sinceLastEdit;
    private final java.util.concurrent.Executor handshakeWork;
    private volatile boolean shutdownRequested;
    private final WorkspaceTrust trust;
    private final ServerEvents events;

    PyassistLanguageServer(
            Session session,
            TextDocumentService textDocuments,
            WorkspaceService workspace,
            ConfigurationHandler configuration,
            ParentProcessWatcher parentWatcher,
            Runnable onShutdown,
            IntConsumer exit,
            LateFeatures features,
            java.util.concurrent.Executor handshakeWork,
            WorkspaceTrust trust,
            ServerEvents events,
            java.util.function.LongSupplier sinceLastEdit) {
        this.sinceLastEdit = sinceLastEdit;
        this.features = features;
        this.trust = trust;
        this.events = events;
        events.onSettingsChanged(this::sendStatus);
        events.onValidatorChanged(change -> sendStatus());
        this.handshakeWork = handshakeWork;
        this.session = session;
        this.textDocuments = textDocuments;
        this.workspace = workspace;
        this.configuration = configuration;
        this.parentWatcher = parentWatcher;
        this.onShutdown = onShutdown;
        this.exit = exit;
    }

    @Override
    public void connect(LanguageClient client) {
        session.connect((PyassistClient) client);
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        session.setCapabilities(params.getCapabilities());
        var general = session.capabilities().getGeneral();
        List<String> offered = general == null ? null : general.getPositionEncodings();
        session.setEncoding(PositionEncoding.negotiate(offered));
        if (params.getProcessId() != null) {
            parentWatcher.watch(params.getProcessId());
        }
        trust.initialize(params);
        configuration.initialize(params);
        LOG.info("initialized for " + clientName(params) + ", position encoding " + session.encoding().lspName());
        return CompletableFuture.completedFuture(new InitializeResult(capabilities(),
                new ServerInfo("pyassist", Version.VERSION)));
    }

    private ServerCapabilities capabilities() {
        var sync = new TextDocumentSyncOptions();
        sync.setOpenClose(true);
        sync.setChange(TextDocumentSyncKind.Incremental);
        sync.setSave(new SaveOptions(false));
        var caps = new ServerCapabilities();
        caps.setTextDocumentSync(sync);
        caps.setPositionEncoding(session.encoding().lspName());
        caps.setDocumentSymbolProvider(true);
        caps.setHoverProvider(true);
        caps.setCodeActionProvider(new org.eclipse.lsp4j.CodeActionOptions(List.of(org.eclipse.lsp4j.CodeActionKind.QuickFix)));
        // the features' capabilities are constants: the answer does not wait for the features themselves
        dev.pyassist.lsp.assist.AssistFeature.addCapabilities(caps);
        dev.pyassist.lsp.complete.CompletionFeature.addCapabilities(caps, session.capabilities());
        return caps;
    }

    @Override
    public void initialized(InitializedParams params) {
        session.markInitialized();
        // Off the JSON-RPC thread: the client's first didOpen is already on its way, and reading it should not
        // wait for the status, the settings pull and the registrations (~10 ms of cold JSON on the first run).
        handshakeWork.execute(() -> {
            configuration.initialized();
            features.whenReady(f -> sendStatus());
            // Loading the model and indexing the workspace take CPU the first file's diagnostics need more (on a
            // 2-core laptop, a second per file), and so do the keystrokes right after it: start them once those
            // are out (or after a short while), in the first pause in typing. So do the features themselves (Guice
            // making the injector and the validator's, the AI actions' and completion's parts, some 300 ms of CPU on a
            // first start), unless a request wanted them sooner.
            var soon = CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(
                    BACKGROUND_START_MS, java.util.concurrent.TimeUnit.MILLISECONDS));
            CompletableFuture.anyOf(events.firstPublish(), soon).thenRun(() -> whenTypingPauses(System.nanoTime(), () -> {
                features.want();
                features.whenReady(f -> {
                    f.validator().start();
                    f.assist().initialized(configuration.workspaceRoot());
                });
            }));
        });
    }

    /**
     * Runs {@code start} off this thread once neither an edit nor {@code since} (the first publish: the user is
     * about to type) is more recent than {@link #TYPING_PAUSE_MS}.
     */
    private void whenTypingPauses(long since, Runnable start) {
        long pause = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(TYPING_PAUSE_MS);
        long quiet = Math.min(sinceLastEdit.getAsLong(), System.nanoTime() - since);
        long waitMs = quiet >= pause ? 0 : java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(pause - quiet) + 1;
        CompletableFuture.delayedExecutor(waitMs, java.util.concurrent.TimeUnit.MILLISECONDS).execute(() -> {
            if (shutdownRequested) {
                return;
            }
            if (Math.min(sinceLastEdit.getAsLong(), System.nanoTime() - since) >= pause) {
                start.run();
            } else {
                whenTypingPauses(since, start);
            }
        });
    }

    /**
     * Sends {@code pyassist/status} once the features are resolved (it names the validator's state and the
     * backends); again whenever settings or the validator's state change.
     */
    void sendStatus() {
        var client = session.client();
        Features f = features.now();
        if (client != null && f != null) {
            client.status(new ServerStatus("ready", f.validator().status(), f.assist().backends()));
        }
    }

    /** Parameters of {@code pyassist/workspaceTrust}. */
    public static final class WorkspaceTrustParams {
        public Boolean trusted;
    }

    /** {@code pyassist/workspaceTrust}: the client's workspace trust changed (VS Code: the user granted it). */
    @org.eclipse.lsp4j.jsonrpc.services.JsonNotification("pyassist/workspaceTrust")
    public void workspaceTrust(WorkspaceTrustParams params) {
        if (params != null && params.trusted != null) {
            trust.changed(params.trusted);
        }
    }

    @Override
    public void cancelProgress(org.eclipse.lsp4j.WorkDoneProgressCancelParams params) {
        features.ifReady(f -> f.assist().cancelProgress(params)); // no feature, no progress of one
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdownRequested = true;
        onShutdown.run();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {
        // LSP: exit code 0 after shutdown, 1 when the client exits without asking for shutdown first.
        exit.accept(shutdownRequested ? 0 : 1);
    }

    @Override
    public void setTrace(SetTraceParams params) {
        // Tracing is the client's concern (it logs the traffic); nothing to change on our side.
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return textDocuments;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return workspace;
    }

    private static String clientName(InitializeParams params) {
        var info = params.getClientInfo();
        return info == null ? "an unnamed client" : info.getName() + " " + info.getVersion();
    }
}
