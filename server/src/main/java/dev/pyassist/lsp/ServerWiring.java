package dev.pyassist.lsp;

import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.pyassist.Environment;
import dev.pyassist.Injectors;
import dev.pyassist.analysis.AnalysisModule;
import dev.pyassist.assist.AssistModule;
import dev.pyassist.config.Settings;
import dev.pyassist.config.SettingsStore;
import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.llm.LlmModule;
import dev.pyassist.lsp.flow.FlowHovers;
import dev.pyassist.lsp.symbols.DocumentSymbols;
import dev.pyassist.retrieval.RetrievalModule;
import dev.pyassist.validator.ValidatorModule;
import dev.pyassist.validator.ValidatorService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The composition root of {@code serve}, in two parts that share their singletons. The core, what {@code
 * initialize} and the first diagnostics need (the server, the two LSP4J services, the session, the documents, the
 * settings and their handler, the exact pipeline, the scheduler and its sink), is built here by plain constructors,
 * so neither waits for Guice. Everything else comes from the one injector ({@link #modules}), which is given this
 * core ({@link LspModule} binds its parts), and is made on its own thread once the {@link Features} are wanted
 * ({@link LateFeatures}), which then resolves them. Constructors elsewhere stay plain, so tests still build parts by hand.
 */
public final class ServerWiring {
    final ServerOptions options;
    final Environment env;
    final ServerThreads threads = new ServerThreads();
    final Session session = new Session();
    final DocumentStore documents = new DocumentStore();
    final SettingsStore settings = new SettingsStore();
    final ServerEvents events = new ServerEvents();
    final WorkspaceTrust trust = new WorkspaceTrust(session);
    final AnalysisPipeline pipeline = AnalysisModule.exactPipeline();
    final ConfigurationHandler configuration;
    final ParentProcessWatcher parentWatcher;
    final DiagnosticsScheduler diagnostics;
    final PyassistLanguageServer server;
    private final LateFeatures features;
    private final CompletableFuture<Injector> injector;

    /** The core, by hand; {@code features} come from {@code injector} (which is given this core) once wanted. */
    private ServerWiring(ServerOptions options, Environment env, LateFeatures features,
            CompletableFuture<Injector> injector) {
        this.options = options;
        this.env = env;
        this.features = features;
        this.injector = injector;
        Supplier<Settings> current = settings::current;
        configuration = new ConfigurationHandler(session, settings, env.variables(), events::settingsChanged);
        parentWatcher = new ParentProcessWatcher(threads.timer, options.exit());
        diagnostics = new DiagnosticsScheduler(documents, pipeline, new ClientDiagnosticsSink(session, events),
                threads.analysis, current, List.of(new LateSlowLayer(features)));
        // New settings, or a validator that came or went, change the findings of every open document.
        events.onSettingsChanged(() -> diagnostics.refresh(documents.all()));
        events.onValidatorChanged(change -> {
            if (change.findingsChanged()) {
                diagnostics.refresh(documents.all());
            }
        });
        var textDocuments = new PyassistTextDocumentService(session, documents, diagnostics,
                new DocumentSymbols(session, documents, threads.requests, current), new FlowHovers(current),
                threads.requests, features);
        server = new PyassistLanguageServer(session, textDocuments, new PyassistWorkspaceService(configuration, features),
                configuration, parentWatcher, this::stopBackgroundWork, options.exit(), features, threads.requests,
                trust, events, documents::nanosSinceLastChange);
        if (options.warmUp()) {
            ParserWarmup.start(pipeline).stopWhen(() -> session.initialized() || documents.hasAny());
        }
    }

    /**
     * The injector of one server, made on its own thread once its features are wanted, and the server it serves
     * once {@link #build} has made that server's core. {@code serve} starts the thread first thing
     * ({@code ServeCommand.composeEarly}); it waits, so Guice costs nothing before the first diagnostics.
     */
    public static final class Composition {
        private final Environment env;
        private final CompletableFuture<ServerWiring> wiring = new CompletableFuture<>();
        private final CompletableFuture<Injector> injector = new CompletableFuture<>();
        private final LateFeatures features = new LateFeatures();

        private Composition(Environment env) {
            this.env = env;
        }

        /**
         * Once the features are wanted, makes the injector and resolves them; on the calling thread. Not sooner:
         * on a first start (no start-up archive) Guice's own classes (about 290, and 230 of Guava) cost some 200 ms
         * of CPU, and made beside the core they delayed {@code initialize} on two cores by as much.
         */
        private void compose(Module... overrides) {
            try {
                features.wanted().join();
                injector.complete(injector(wiring, env, overrides));
                features.resolved(injector.join().getInstance(Features.class));
            } catch (RuntimeException | Error e) {
                injector.completeExceptionally(e);
                features.failed(e);
            }
        }
    }

    /** Starts the thread that composes the server of {@code env} when asked to; see {@link Composition}. */
    public static Composition composeInBackground(Environment env, Module... overrides) {
        var composition = new Composition(env);
        Thread thread = new Thread(() -> composition.compose(overrides), "pyassist-compose");
        thread.setDaemon(true);
        thread.start();
        return composition;
    }

    /** Builds the core of the server {@code composition} is being made for (once per composition). */
    public static ServerWiring build(ServerOptions options, Composition composition) {
        var wiring = new ServerWiring(options, composition.env, composition.features, composition.injector);
        if (!composition.wiring.complete(wiring)) {
            throw new IllegalStateException("a composition serves one server");
        }
        return wiring;
    }

    /** The modules of one server: every part's, with the LSP part given the hand-built core of {@code wiring}. */
    public static List<Module> modules(CompletableFuture<ServerWiring> wiring, Environment env) {
        return List.of(new AnalysisModule(() -> wiring.join().pipeline),
                new ValidatorModule(ValidatorService.defaultThreads()), new LlmModule(), new AssistModule(),
                new RetrievalModule(), new LspModule(wiring, env));
    }

    /**
     * The injector of one server, from {@link #modules} with {@code overrides} (a test's mock LLM module, say)
     * winning. Nothing is built until a part is asked for, and a part of the core only once {@code wiring} is done.
     */
    static Injector injector(CompletableFuture<ServerWiring> wiring, Environment env, Module... overrides) {
        List<Module> modules = modules(wiring, env);
        return overrides.length == 0 ? Injectors.create(modules.toArray(Module[]::new))
                : Injectors.create(Modules.override(modules).with(overrides));
    }

    /**
     * Builds a server with {@code options} and its features at once, on this thread: the injector with
     * {@code overrides} (see {@link #injector}) is made and resolved before this returns (tests).
     */
    public static ServerWiring create(ServerOptions options, Environment env, Module... overrides) {
        var composition = new Composition(env);
        var wiring = build(options, composition);
        composition.features.want();
        composition.compose(overrides);
        return wiring;
    }

    /** As {@link #create(ServerOptions, Environment, Module...)} with the arguments the runner has. */
    public static ServerWiring create(IntConsumer exit, boolean warmUp, Map<String, String> env, Path model) {
        return create(new ServerOptions(exit, warmUp, Optional.ofNullable(model)), new Environment(env));
    }

    public PyassistLanguageServer server() {
        return server;
    }

    /** The features, once resolved (null before); for tests. */
    Features features() {
        return features.now();
    }

    /** This server's injector; waits until it is made. */
    Injector injector() {
        return injector.join();
    }

    /** Exits when the given process (the editor, from {@code --clientProcessId}) is gone. */
    public void watchParent(long pid) {
        parentWatcher.watch(pid);
    }

    /** Stops analysis threads and the features' work; called on {@code shutdown} and when the connection ends. */
    public void stopBackgroundWork() {
        threads.stop();
        // closes the index between two updates (the indexer then finds nothing to do), the web UI and the engine;
        // features resolved later are stopped as they come
        features.whenReady(f -> f.assist().stop());
    }

    /**
     * Before the process exits: no new model load or scoring, waits up to {@code waitMs} for those in flight, closes
     * the ONNX session. See {@link ValidatorService#shutdown}. Without resolved features no model was ever loaded.
     *
     * @return whether nothing is left inside ONNX Runtime (the JVM may exit normally)
     */
    boolean stopValidator(long waitMs) {
        Features f = features.now();
        return f == null || f.validatorService().shutdown(waitMs);
    }
}
