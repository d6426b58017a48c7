package dev.pyassist.lsp;

import dev.pyassist.config.SettingsStore;
import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.diagnostics.SyntaxLayer;
import dev.pyassist.validator.ValidatorLayer;
import dev.pyassist.validator.ValidatorService;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The one place the server's parts are put together. Constructors elsewhere stay plain, so tests build the
 * parts they need by hand.
 */
public final class ServerWiring {
    private final ScheduledExecutorService analysis;
    private final ScheduledExecutorService timer;
    private final java.util.concurrent.ExecutorService assistWorkers;
    private final ScheduledExecutorService indexer;
    private final AssistFeature assist;
    private final java.util.concurrent.ExecutorService requests;
    private final PyassistLanguageServer server;
    private final ParentProcessWatcher parentWatcher;
    private final ScheduledExecutorService validatorLoader;
    private final ValidatorService validatorService;

    /**
     * @param warmUp whether to JIT-warm the parser in the background (the real server does; tests that start
     *     many servers do not)
     */
    public ServerWiring(IntConsumer exit, boolean warmUp) {
        this(exit, warmUp, System.getenv());
    }

    /** @param env the environment the LLM backends and the feedback directory are read from (a map in tests) */
    public ServerWiring(IntConsumer exit, boolean warmUp, java.util.Map<String, String> env) {
        this(exit, warmUp, env, null);
    }

    /** @param model the validator artifact folder from {@code --model}; null for the setting, else the bundled one */
    public ServerWiring(IntConsumer exit, boolean warmUp, java.util.Map<String, String> env, Path model) {
        this.assistWorkers = Executors.newCachedThreadPool(daemonThreads("pyassist-assist"));
        this.analysis = Executors.newScheduledThreadPool(2, daemonThreads("pyassist-analysis"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("pyassist-timer"));
        this.requests = Executors.newCachedThreadPool(daemonThreads("pyassist-request"));
        var session = new Session();
        var settings = new SettingsStore();
        var documents = new DocumentStore();
        var pipeline = exactPipeline();
        if (warmUp) {
            ParserWarmup.start().stopWhen(() -> session.initialized() || documents.hasAny());
        }
        this.validatorLoader = Executors.newSingleThreadScheduledExecutor(daemonThreads("pyassist-validator-load"));
        var validatorService = new ValidatorService(ValidatorService.defaultThreads());
        this.validatorService = validatorService;
        var validatorLayer = new ValidatorLayer(validatorService, settings::current);
        var validator = new ValidatorSupport(session, validatorService, validatorLayer, settings::current, model,
                validatorLoader);
        var diagnostics = new DiagnosticsScheduler(documents, pipeline, new ClientDiagnosticsSink(session), analysis,
                settings::current, List.of(validatorLayer));
        this.indexer = Executors.newSingleThreadScheduledExecutor(daemonThreads("pyassist-index"));
        var trust = new WorkspaceTrust(session);
        var assist = new AssistFeature(session, documents, settings, assistWorkers, indexer, env, trust);
        this.assist = assist;
        var server = new PyassistLanguageServer[1];
        var configuration = new ConfigurationHandler(session, settings, env, () -> {
            validator.settingsChanged();
            diagnostics.refresh(documents.all());
            server[0].sendStatus();
        });
        this.parentWatcher = new ParentProcessWatcher(timer, exit);
        this.server = new PyassistLanguageServer(
                session,
                new PyassistTextDocumentService(session, documents, diagnostics,
                        new DocumentSymbolsFeature(session, documents, requests, settings::current),
                        new CodeActionsFeature(session, documents,
                                List.of(new NamesCodeActions(settings::current), new FlowCodeActions(settings::current),
                                        new ValidatorCodeActions(),
                                        assist.codeActions()), requests),
                        assist, validator, requests),
                new PyassistWorkspaceService(configuration, assist),
                configuration,
                parentWatcher,
                this::stopBackgroundWork,
                exit,
                assist,
                validator,
                requests,
                trust);
        server[0] = this.server;
        validator.onChange(this.server::sendStatus, () -> diagnostics.refresh(documents.all()));
    }

    public PyassistLanguageServer server() {
        return server;
    }

    /** Exits when the given process (the editor, from {@code --clientProcessId}) is gone. */
    public void watchParent(long pid) {
        parentWatcher.watch(pid);
    }

    /** Stops analysis threads; called on {@code shutdown} and when the connection ends. */
    public void stopBackgroundWork() {
        analysis.shutdownNow();
        requests.shutdownNow();
        assistWorkers.shutdownNow();
        assist.stop(); // closes the index between two updates; the indexer thread then finds nothing to do
        indexer.shutdown();
        validatorLoader.shutdownNow(); // the ONNX session stays open: a scoring thread may still be inside it
    }

    /**
     * Before the process exits: no new model load or scoring, waits up to {@code waitMs} for those in flight, closes
     * the ONNX session. See {@link ValidatorService#shutdown}.
     *
     * @return whether nothing is left inside ONNX Runtime (the JVM may exit normally)
     */
    boolean stopValidator(long waitMs) {
        return validatorService.shutdown(waitMs);
    }

    /** The layers that run on every keystroke: syntax, names and flow (the validator is a slow layer on top). */
    static AnalysisPipeline exactPipeline() {
        return new AnalysisPipeline(List.of(new SyntaxLayer(), new dev.pyassist.names.NamesLayer(),
                new dev.pyassist.flow.FlowLayer()));
    }

    static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
