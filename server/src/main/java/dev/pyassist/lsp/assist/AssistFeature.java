package dev.pyassist.lsp.assist;

import dev.pyassist.lsp.Session;
import dev.pyassist.lsp.DocumentStore;
import dev.pyassist.lsp.TextDocument;
import dev.pyassist.lsp.CodeActionProvider;
import dev.pyassist.lsp.Uris;
import dev.pyassist.lsp.Progress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyassist.assist.AssistService;
import dev.pyassist.assist.CompileCheck;
import dev.pyassist.assist.ContextSource;
import dev.pyassist.assist.PythonCheck;
import dev.pyassist.config.Settings;
import dev.pyassist.config.SettingsStore;
import dev.pyassist.llm.BackendRegistry;
import dev.pyassist.llm.CurrentRegistry;
import dev.pyassist.config.LlmTask;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import dev.pyassist.retrieval.WorkspaceIndex;
import dev.pyassist.retrieval.WorkspaceIndexes;
import java.nio.file.Path;
import org.eclipse.lsp4j.DidChangeWatchedFilesRegistrationOptions;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.FileSystemWatcher;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.ExecuteCommandOptions;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.WorkDoneProgressCancelParams;

/**
 * The AI assist feature as the protocol layer sees it: the {@code pyassist.*} commands, the AI code actions, the
 * backend registry (rebuilt when the {@code llm} settings change) and the backends shown in {@code pyassist/status}.
 */
public final class AssistFeature {

    private static final Logger LOG = Logger.getLogger(AssistFeature.class.getName());

    private final Session session;
    private final DocumentStore documents;
    private final ScheduledExecutorService indexer;
    private final Map<String, ScheduledFuture<?>> pendingUpdates = new ConcurrentHashMap<>();
    private volatile WorkspaceIndex index;
    private final SettingsStore settings;
    private final Map<String, String> env;
    private final AssistCommands commands;
    private final FeedbackCommands feedback;
    private final CommandReplies replies;
    private final AssistCodeActions codeActions;
    /** The local engine, loaded on the first task routed to {@code "local"} and kept across registries. */
    private final dev.pyassist.llm.local.LocalEngineHost localEngine;
    private final CurrentRegistry registries;
    private final WorkspaceIndexes indexes;
    private final WebLauncher web;
    private final CodeInserts inserts;
    private final ExecutorService workers;
    private volatile Path workspaceRoot;
    private final ContextSource context;

    public AssistFeature(Session session, DocumentStore documents, SettingsStore settings, ExecutorService workers,
            ScheduledExecutorService indexer, Map<String, String> env, dev.pyassist.assist.SendConsent consent,
            CurrentRegistry registries, dev.pyassist.llm.local.LocalEngineHost localEngine, WorkspaceIndexes indexes,
            CompileCheck compile, PythonCheck pythonCheck) {
        this.session = session;
        this.documents = documents;
        this.indexer = indexer;
        this.settings = settings;
        this.registries = registries;
        this.indexes = indexes;
        this.context = (query, uri, unit, maxUnits, maxChars) -> {
            WorkspaceIndex i = index;
            return i == null ? List.of() : i.find(query, uri, unit, maxUnits, maxChars);
        };
        this.env = Map.copyOf(env);
        this.localEngine = localEngine;
        var service = new AssistService(this::registry, context, compile, pythonCheck,
                () -> settings.current().assist(),
                p -> Files.exists(p) || documents.get(p.toUri().toString()).isPresent());
        var replies = new CommandReplies(session);
        this.feedback = new FeedbackCommands(settings::current, this.env, replies);
        this.commands = new AssistCommands(session, documents, service, settings::current, workers, consent,
                new ClientEdits(session, documents, settings::current), feedback, replies);
        this.replies = replies;
        this.codeActions = new AssistCodeActions(settings::current);
        this.inserts = new CodeInserts(session, documents);
        this.workers = workers;
        this.web = new WebLauncher(settings::current, service, new dev.pyassist.assist.Chat(service, this::registry,
                context, () -> settings.current().assist(), WorkspaceIndex::ofAttachments), this.env, this::backends, () -> workspaceRoot, consent);
    }

    /** What the web UI's playground checks with (the server's own pipeline and validator); until then it has none. */
    public void enableWeb(dev.pyassist.diagnostics.AnalysisPipeline exact, dev.pyassist.diagnostics.SlowAnalyzer validator,
            java.util.function.Supplier<String> validatorState) {
        web.analysis(new WebLauncher.Analysis(exact, validator, validatorState));
    }

    /** The workspace index as prompts' context (empty until the workspace is indexed); inline completion uses it too. */
    public ContextSource context() {
        return context;
    }

    private BackendRegistry registry() {
        return registries.get();
    }

    public CodeActionProvider codeActions() {
        return codeActions;
    }

    public static void addCapabilities(ServerCapabilities caps) {
        List<String> commands = new java.util.ArrayList<>(AssistCommands.ALL);
        commands.add(FeedbackCommands.RATE);
        commands.add(WebLauncher.OPEN_WEB);
        commands.add(CodeInserts.INSERT_CODE);
        caps.setExecuteCommandProvider(new ExecuteCommandOptions(commands));
        caps.setCodeActionProvider(new CodeActionOptions(List.of(CodeActionKind.QuickFix,
                CodeActionKind.RefactorRewrite, CodeActionKind.Refactor)));
    }

    public boolean handles(String command) {
        return commands.handles(command) || FeedbackCommands.RATE.equals(command)
                || WebLauncher.OPEN_WEB.equals(command) || CodeInserts.INSERT_CODE.equals(command);
    }

    public CompletableFuture<Object> execute(ExecuteCommandParams params) {
        if (WebLauncher.OPEN_WEB.equals(params.getCommand())) {
            return CompletableFuture.supplyAsync(web::open); // starting a server is not JSON-RPC work
        }
        var arg = AssistArgs.argumentObject(params);
        if (CodeInserts.INSERT_CODE.equals(params.getCommand())) {
            JsonNode insert = arg == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : arg;
            return CompletableFuture.supplyAsync(() -> inserts.insert(insert), workers); // waits on the editor
        }
        if (FeedbackCommands.RATE.equals(params.getCommand())) {
            return CompletableFuture.completedFuture(arg == null
                    ? replies.failure(FeedbackCommands.RATE, FeedbackCommands.RATE + " takes one argument object")
                    : feedback.rate(arg));
        }
        return commands.execute(params, arg);
    }

    public void cancelProgress(WorkDoneProgressCancelParams params) {
        commands.cancelProgress(params);
    }

    /**
     * {@code task -> backend:model} for {@code pyassist/status}: the assist tasks when assist is on, and
     * {@code complete} when inline completion is on.
     */
    public Map<String, String> backends() {
        Settings s = settings.current();
        List<LlmTask> tasks = new ArrayList<>();
        if (s.assist().enabled()) {
            tasks.addAll(List.of(LlmTask.SUMMARIZE, LlmTask.TRANSLATE, LlmTask.GENERATE, LlmTask.ASK));
        }
        if (s.complete().enabled()) {
            tasks.add(LlmTask.COMPLETE);
        }
        return tasks.isEmpty() ? Map.of() : registry().assignments(tasks, true);
    }

    // ---- workspace context ----------------------------------------------------------------------------------------

    /** After the handshake: index the workspace in the background (with progress) and watch its Python files. */
    public void initialized(Path root) {
        workspaceRoot = root;
        Settings s = settings.current();
        if (root == null || !s.assist().enabled() || !s.assist().context().enabled()) {
            return;
        }
        WorkspaceIndex created = indexes.open(root);
        index = created;
        int maxFiles = s.assist().context().maxFiles();
        indexer.submit(() -> {
            var progress = new Progress(session, null, "pyassist: indexing the workspace");
            progress.begin(false);
            try {
                long[] last = {0};
                int files = created.build(maxFiles, (done, total) -> {
                    long now = System.nanoTime();
                    if (now - last[0] > 200_000_000L || done.equals(total)) {
                        last[0] = now;
                        progress.report(done + "/" + total + " files");
                    }
                });
                // Open buffers are newer than the files on disk.
                documents.all().forEach(d -> pathOf(d.uri())
                        .ifPresent(p -> created.update(p, d.text(), d.parsed().parse())));
                created.refresh();
                progress.end("Indexed " + created.size() + " functions and classes in " + files + " files");
            } catch (org.apache.lucene.store.AlreadyClosedException e) {
                // the server shut down while indexing: nothing to report
                LOG.fine("indexing stopped: the index was closed");
            } catch (Exception | VirtualMachineError e) {
                // an Error too (OutOfMemoryError): the progress ends with the reason instead of silently never
                LOG.warning("indexing the workspace failed: " + e);
                progress.end("Indexing failed: " + e);
            }
        });
        var ws = session.capabilities().getWorkspace();
        if (ws != null && ws.getDidChangeWatchedFiles() != null
                && Boolean.TRUE.equals(ws.getDidChangeWatchedFiles().getDynamicRegistration())) {
            var watcher = new FileSystemWatcher(Either.forLeft("**/*.{py,pyi}"));
            session.client().registerCapability(new RegistrationParams(List.of(new Registration(
                    "pyassist-python-files", "workspace/didChangeWatchedFiles",
                    new DidChangeWatchedFilesRegistrationOptions(List.of(watcher))))));
        }
    }

    /** A buffer changed: re-index it shortly (edits in quick succession are indexed once). */
    public void documentChanged(TextDocument doc) {
        WorkspaceIndex i = index;
        if (i == null) {
            return;
        }
        pathOf(doc.uri()).ifPresent(p -> {
            ScheduledFuture<?> previous = pendingUpdates.put(doc.uri(), indexer.schedule(() -> {
                pendingUpdates.remove(doc.uri());
                documents.get(doc.uri()).ifPresent(latest -> i.update(p, latest.text(), latest.parsed().parse()));
            }, 300, TimeUnit.MILLISECONDS));
            if (previous != null) {
                previous.cancel(false);
            }
        });
    }

    /** A buffer closed: the file on disk is the truth again. */
    public void documentClosed(String uri) {
        pathOf(uri).ifPresent(p -> fileChanged(p, false));
    }

    public void watchedFilesChanged(List<FileEvent> changes) {
        for (FileEvent e : changes) {
            boolean python = e.getUri().endsWith(".py") || e.getUri().endsWith(".pyi");
            if (python && documents.get(e.getUri()).isEmpty()) {
                pathOf(e.getUri()).ifPresent(p -> fileChanged(p, e.getType() == FileChangeType.Deleted));
            }
        }
    }

    private void fileChanged(Path p, boolean deleted) {
        WorkspaceIndex i = index;
        if (i == null) {
            return;
        }
        indexer.submit(() -> {
            try {
                if (deleted) {
                    i.remove(p);
                } else {
                    i.updateFromDisk(p); // regular files inside the workspace only, size-limited
                }
            } catch (Exception ex) {
                LOG.fine("re-indexing " + p + " failed: " + ex);
            }
        });
    }

    public void stop() {
        web.stop();
        WorkspaceIndex i = index;
        if (i != null) {
            i.close();
        }
        localEngine.close();
    }

    WorkspaceIndex index() {
        return index;
    }

    private static java.util.Optional<Path> pathOf(String uri) {
        return java.util.Optional.ofNullable(Uris.pathOf(uri));
    }
}
