package dev.pyassist.lsp;

import dev.pyassist.lsp.assist.AssistFeature;
import dev.pyassist.lsp.complete.CompletionFeature;
import dev.pyassist.lsp.validator.ValidatorSupport;
import dev.pyassist.lsp.validator.ValidatorCodeActions;
import dev.pyassist.lsp.flow.FlowCodeActions;
import dev.pyassist.lsp.flow.FlowHovers;
import dev.pyassist.lsp.names.NamesCodeActions;
import dev.pyassist.lsp.symbols.DocumentSymbols;

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
 * The protocol part: the session, the documents, the settings store, the scheduler and every feature's glue, wired
 * to each other through {@link ServerEvents} instead of back-references. The other parts come from their modules.
 */
public final class LspModule extends AbstractModule {
    private final CompletableFuture<ServerOptions> options;
    private final Environment env;

    /**
     * @param options completed by the time the first part is built: {@code serve} makes the injector before its
     *     command line is read, so the bindings are checked while the rest starts
     */
    public LspModule(CompletableFuture<ServerOptions> options, Environment env) {
        this.options = options;
        this.env = env;
    }

    @Override
    protected void configure() {
        bind(ServerOptions.class).toProvider((com.google.inject.Provider<ServerOptions>) options::join);
        bind(Environment.class).toInstance(env);
        bind(Session.class).in(Singleton.class);
        bind(DocumentStore.class).in(Singleton.class);
        bind(SettingsStore.class).in(Singleton.class);
        bind(ServerEvents.class).in(Singleton.class);
        bind(ServerThreads.class).in(Singleton.class);
        bind(ServerWiring.class).in(Singleton.class);
    }

    @Provides
    Supplier<Settings> settings(SettingsStore store) {
        return store::current;
    }

    @Provides
    @Singleton
    WorkspaceTrust trust(Session session) {
        return new WorkspaceTrust(session);
    }

    @Provides
    SendConsent consent(WorkspaceTrust trust) {
        return trust;
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
    DiagnosticsScheduler diagnostics(DocumentStore documents, AnalysisPipeline pipeline, Session session,
            ServerThreads threads, Supplier<Settings> settings, ValidatorLayer validatorLayer, ServerEvents events) {
        var scheduler = new DiagnosticsScheduler(documents, pipeline, new ClientDiagnosticsSink(session, events),
                threads.analysis, settings, List.of(validatorLayer));
        // New settings, or a validator that came or went, change the findings of every open document.
        events.onSettingsChanged(() -> scheduler.refresh(documents.all()));
        events.onValidatorChanged(change -> {
            if (change.findingsChanged()) {
                scheduler.refresh(documents.all());
            }
        });
        return scheduler;
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

    @Provides
    @Singleton
    ConfigurationHandler configuration(Session session, SettingsStore settings, ServerEvents events) {
        return new ConfigurationHandler(session, settings, env.variables(), events::settingsChanged);
    }

    @Provides
    @Singleton
    ParentProcessWatcher parentWatcher(ServerThreads threads, ServerOptions options) {
        return new ParentProcessWatcher(threads.timer, options.exit());
    }

    @Provides
    @Singleton
    PyassistTextDocumentService textDocuments(Session session, DocumentStore documents,
            DiagnosticsScheduler diagnostics, Supplier<Settings> settings, ServerThreads threads,
            AssistFeature assist, ValidatorSupport validator, CompletionFeature completion) {
        return new PyassistTextDocumentService(session, documents, diagnostics,
                new DocumentSymbols(session, documents, threads.requests, settings),
                new CodeActionsFeature(session, documents,
                        List.of(new NamesCodeActions(settings), new FlowCodeActions(settings), new ValidatorCodeActions(),
                                assist.codeActions()),
                        threads.requests),
                assist, validator, new FlowHovers(settings), threads.requests, completion);
    }

    @Provides
    @Singleton
    PyassistLanguageServer server(Session session, PyassistTextDocumentService textDocuments,
            ConfigurationHandler configuration, ParentProcessWatcher parentWatcher, AssistFeature assist,
            ValidatorSupport validator, ServerThreads threads, WorkspaceTrust trust, ServerEvents events,
            ServerOptions options, CompletionFeature completion, DocumentStore documents) {
        return new PyassistLanguageServer(session, textDocuments, new PyassistWorkspaceService(configuration, assist),
                configuration, parentWatcher, () -> threads.stop(assist), options.exit(), assist,
                validator, threads.requests, trust, events, completion, documents::nanosSinceLastChange);
    }
}
