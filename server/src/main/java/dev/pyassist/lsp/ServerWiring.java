package dev.pyassist.lsp;

import dev.pyassist.lsp.assist.AssistFeature;

import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.pyassist.Environment;
import dev.pyassist.Injectors;
import dev.pyassist.analysis.AnalysisModule;
import dev.pyassist.assist.AssistModule;
import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.llm.LlmModule;
import dev.pyassist.retrieval.RetrievalModule;
import dev.pyassist.validator.ValidatorModule;
import dev.pyassist.validator.ValidatorService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

/**
 * One server as the injector built it: the LSP4J-facing {@link PyassistLanguageServer} and what the exit sequence
 * needs (the threads to stop, the validator to wait for). {@link #create} is the composition root of {@code serve}:
 * one injector, one module per part. Constructors elsewhere stay plain, so tests still build parts by hand.
 */
public final class ServerWiring {
    private final ServerThreads threads;
    private final AssistFeature assist;
    private final PyassistLanguageServer server;
    private final ParentProcessWatcher parentWatcher;
    private final ValidatorService validatorService;

    @Inject
    ServerWiring(ServerOptions options, ServerThreads threads, Session session, DocumentStore documents,
            AnalysisPipeline pipeline, AssistFeature assist, PyassistLanguageServer server,
            ParentProcessWatcher parentWatcher, ValidatorService validatorService) {
        this.threads = threads;
        this.assist = assist;
        this.server = server;
        this.parentWatcher = parentWatcher;
        this.validatorService = validatorService;
        if (options.warmUp()) {
            ParserWarmup.start(pipeline).stopWhen(() -> session.initialized() || documents.hasAny());
        }
    }

    /** The modules of one server: every part's, with the LSP part's options and the environment given. */
    public static List<Module> modules(CompletableFuture<ServerOptions> options, Environment env) {
        return List.of(new AnalysisModule(), new ValidatorModule(ValidatorService.defaultThreads()), new LlmModule(),
                new AssistModule(), new RetrievalModule(), new LspModule(options, env));
    }

    /**
     * The injector of one server, from {@link #modules} with {@code overrides} (a test's mock LLM module, say)
     * winning. Nothing is built until {@code injector.getInstance(ServerWiring.class)}, which needs the options.
     */
    public static Injector injector(CompletableFuture<ServerOptions> options, Environment env, Module... overrides) {
        List<Module> modules = modules(options, env);
        return overrides.length == 0 ? Injectors.create(modules.toArray(Module[]::new))
                : Injectors.create(Modules.override(modules).with(overrides));
    }

    /** Builds a server with {@code options}; see {@link #injector}. */
    public static ServerWiring create(ServerOptions options, Environment env, Module... overrides) {
        return injector(CompletableFuture.completedFuture(options), env, overrides).getInstance(ServerWiring.class);
    }

    /** As {@link #create(ServerOptions, Environment, Module...)} with the arguments the runner has. */
    public static ServerWiring create(IntConsumer exit, boolean warmUp, Map<String, String> env, Path model) {
        return create(new ServerOptions(exit, warmUp, Optional.ofNullable(model)), new Environment(env));
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
        threads.stop(assist);
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
}
