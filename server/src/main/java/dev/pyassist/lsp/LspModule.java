package dev.pyassist.lsp;

import dev.pyassist.lsp.assist.AssistFeature;
import dev.pyassist.lsp.complete.CompletionFeature;
import dev.pyassist.lsp.validator.ValidatorSupport;
import dev.pyassist.lsp.validator.ValidatorCodeActions;
import dev.pyassist.lsp.flow.FlowCodeActions;
import dev.pyassist.lsp.names.NamesCodeActions;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.pyassist.Environment;
import dev.pyassist.assist.CompileCheck;
import dev.pyassist.assist.PythonCheck;
import dev.pyassist.assist.SendConsent;
import dev.pyassist.config.Settings;
import dev.pyassist.config.SettingsStore;
import dev.pyassist.complete.SuggestionCheck;
import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.ParsedText;
import dev.pyassist.diagnostics.Severity;
import dev.pyassist.llm.Backends;
import dev.pyassist.llm.CurrentRegistry;
import dev.pyassist.llm.local.LocalEngineHost;
import dev.pyassist.retrieval.WorkspaceIndexes;
import dev.pyassist.validator.ValidatorLayer;
import dev.pyassist.validator.ValidatorService;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The protocol part. The core of the server (session, documents, settings store and handler, events, threads, trust,
 * the scheduler and the server itself) is built by hand in {@link ServerWiring}, off Guice's path to
 * {@code initialize}; this module binds those very instances, so every part shares them, and builds the rest: the
 * validator's glue, the AI actions, completion and the code actions, as {@link Features}. The parts react to each
 * other through {@link ServerEvents} instead of back-references. The other parts come from their modules.
 */
public final class LspModule extends AbstractModule {
    private final CompletableFuture<ServerWiring> core;
    private final Environment env;

    /**
     * @param core completed by the time the first part is built: {@code serve} makes the injector before its
     *     command line is read, so the bindings are checked while the rest starts
     */
    public LspModule(CompletableFuture<ServerWiring> core, Environment env) {
        this.core = core;
        this.env = env;
    }

    @Override
    protected void configure() {
        bind(Environment.class).toInstance(env);
        fromCore(ServerWiring.class, w -> w);
        fromCore(ServerOptions.class, w -> w.options);
        fromCore(ServerThreads.class, w -> w.threads);
        fromCore(Session.class, w -> w.session);
        fromCore(DocumentStore.class, w -> w.documents);
        fromCore(SettingsStore.class, w -> w.settings);
        fromCore(ServerEvents.class, w -> w.events);
        fromCore(WorkspaceTrust.class, w -> w.trust);
        fromCore(ConfigurationHandler.class, w -> w.configuration);
        fromCore(ParentProcessWatcher.class, w -> w.parentWatcher);
        fromCore(DiagnosticsScheduler.class, w -> w.diagnostics);
        fromCore(PyassistLanguageServer.class, w -> w.server);
    }

    /** Binds {@code type} to the hand-built core's one instance (the core keeps it: no scope needed). */
    private <T> void fromCore(Class<T> type, Function<ServerWiring, T> part) {
        bind(type).toProvider((com.google.inject.Provider<T>) () -> part.apply(core.join()));
    }

    @Provides
    Supplier<Settings> settings(SettingsStore store) {
        return store::current;
    }

    @Provides
    SendConsent consent(WorkspaceTrust trust) {
        return trust;
    }

    @Provides
    @Singleton
    Features features(AssistFeature assist, ValidatorSupport validator, ValidatorLayer validatorLayer,
            ValidatorService validatorService, CompletionFeature completion, CodeActionsFeature codeActions) {
        return new Features(assist, validator, validatorLayer, validatorService, completion, codeActions);
    }

    @Provides
    @Singleton
    ValidatorLayer validatorLayer(ValidatorService service, Supplier<Settings> settings) {
        return new ValidatorLayer(service, settings);
    }

    @Provides
    @Singleton
    ValidatorSupport validator(Session session, ValidatorService service, ValidatorLayer layer,
            Supplier<Settings> settings, ServerThreads threads, ServerEvents events, ServerOptions options) {
        return new ValidatorSupport(session, service, layer, settings, options.model().orElse(null),
                threads.validatorLoader, events);
    }

    @Provides
    @Singleton
    AssistFeature assist(Session session, DocumentStore documents, SettingsStore settings, ServerThreads threads,
            SendConsent consent, CurrentRegistry registries, LocalEngineHost localEngine, WorkspaceIndexes indexes,
            CompileCheck compile, PythonCheck pythonCheck, AnalysisPipeline pipeline, ValidatorLayer validatorLayer,
            ValidatorService validatorService) {
        var feature = new AssistFeature(session, documents, settings, threads.assistWorkers, threads.indexer,
                env.variables(), consent, registries, localEngine, indexes, compile, pythonCheck);
        feature.enableWeb(pipeline, validatorLayer, () -> validatorState(validatorService.status()));
        return feature;
    }
    /** The one backend registry of the server, for the current {@code llm} settings. */
    @Provides
    @Singleton
    CurrentRegistry registries(SettingsStore settings, Backends backends, LocalEngineHost localEngine) {
        return new CurrentRegistry(() -> settings.current().llm(), backends, localEngine);
    }

    /** The validator's state for the web UI: {@code ready}, {@code loading} or {@code off: why}. */
    static String validatorState(ValidatorService.Status s) {
        return s.state() == ValidatorService.State.OFF ? "off: " + s.reason() : s.label();
    }

    @Provides
    @Singleton
    CompletionFeature completion(Session session, DocumentStore documents, Supplier<Settings> settings,
            ServerThreads threads, AssistFeature assist, CurrentRegistry registries,
            ConfigurationHandler configuration, ValidatorLayer validatorLayer) {
        // the workspace index (assist's context) is the one AssistFeature keeps; the registry is the server's one
        var completer = new dev.pyassist.complete.Completer(registries::get, assist.context(),
                () -> settings.get().complete(), threads.timer, threads.requests,
                validatorFlags(validatorLayer, settings));
        return new CompletionFeature(session, documents, settings, completer, configuration::workspaceRoot);
    }

    /**
     * Completion's {@code dropFlagged} gate, validator side: a finding at Warning or above that overlaps the
     * suggestion. Only the unit holding the suggestion is scored; the others come from the engine's unit cache.
     */
    static SuggestionCheck validatorFlags(ValidatorLayer layer, Supplier<Settings> settings) {
        return validatorFlags(() -> layer.enabled(settings.get()), layer::analyze);
    }

    static SuggestionCheck validatorFlags(BooleanSupplier enabled, Function<ParsedText, List<Finding>> findings) {
        return (spliced, parsed, from, to) -> enabled.getAsBoolean()
                && findings.apply(new ParsedText(spliced, parsed)).stream().anyMatch(f ->
                        f.severity().compareTo(Severity.WARNING) <= 0 && f.start() < to && f.end() > from);
    }

    /** The code actions: the names and flow layers' quick fixes, the validator's repairs, the AI actions. */
    @Provides
    @Singleton
    CodeActionsFeature codeActions(Session session, DocumentStore documents, Supplier<Settings> settings,
            ServerThreads threads, AssistFeature assist) {
        return new CodeActionsFeature(session, documents, List.of(new NamesCodeActions(settings),
                new FlowCodeActions(settings), new ValidatorCodeActions(), assist.codeActions()), threads.requests);
    }
}
