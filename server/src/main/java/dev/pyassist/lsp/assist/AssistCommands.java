package dev.pyassist.lsp.assist;

import dev.pyassist.lsp.ErrorMapping;
import dev.pyassist.lsp.Session;
import dev.pyassist.lsp.DocumentStore;
import dev.pyassist.lsp.TextDocument;
import dev.pyassist.lsp.Uris;
import dev.pyassist.lsp.Json;
import dev.pyassist.lsp.Progress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyassist.assist.AssistResult;
import dev.pyassist.assist.AssistService;
import dev.pyassist.assist.Job;
import dev.pyassist.assist.Language;
import dev.pyassist.assist.Target;
import dev.pyassist.config.Settings;
import dev.pyassist.files.ExternalFiles;
import dev.pyassist.llm.LlmException;
import dev.pyassist.store.Answers;
import dev.pyassist.store.DataDirectory;
import dev.pyassist.store.HistoryStore;
import dev.pyassist.text.LineMap;
import dev.pyassist.text.PositionEncoding;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.lsp4j.AnnotatedTextEdit;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ApplyWorkspaceEditResponse;
import org.eclipse.lsp4j.ChangeAnnotation;
import org.eclipse.lsp4j.CreateFile;
import org.eclipse.lsp4j.CreateFileOptions;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ResourceOperation;
import org.eclipse.lsp4j.ShowDocumentParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.SnippetTextEdit;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressCancelParams;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkDoneProgressReport;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * {@code workspace/executeCommand} for the {@code pyassist.*} commands (DESIGN.md, "Commands and notifications"):
 * reads the argument object, runs the action on a worker thread with {@code $/progress} (cancellable by
 * {@code window/workDoneProgress/cancel} or {@code $/cancelRequest}), then delivers the result as a versioned
 * {@code workspace/applyEdit}, a created file plus {@code window/showDocument}, or a message. The command's own
 * result is a summary object ({@code task, ok, message, text, applied, file, contextFiles}).
 */
public final class AssistCommands {
    private static final Logger LOG = Logger.getLogger(AssistCommands.class.getName());
    /** An action on a file that is not open reads at most this much of it. */
    private static final long MAX_UNOPENED_BYTES = 16L << 20;

    static final String SUMMARIZE = "pyassist.summarize";
    static final String TRANSLATE = "pyassist.translate";
    static final String GENERATE = "pyassist.generate";
    static final String ASK = "pyassist.ask";
    static final String RATE = "pyassist.rate";
    static final List<String> ALL = List.of(SUMMARIZE, TRANSLATE, GENERATE, ASK, RATE);

    private final Session session;
    private final DocumentStore documents;
    private final AssistService assist;
    private final Supplier<Settings> settings;
    private final ExecutorService workers;
    private final Map<String, String> env;
    private final Map<String, Job> running = new ConcurrentHashMap<>();
    /** Asked before each model call: in an untrusted workspace, whether the code may leave the machine. */
    private final dev.pyassist.assist.SendConsent consent;
    /** The id of the last result, rated by a {@code pyassist.rate} that names no id (older clients). */
    private volatile String lastId;
    /** The chat conversation that holds this server's {@code pyassist.ask} results (made on the first one). */
    private String askConversation;

    AssistCommands(Session session, DocumentStore documents, AssistService assist, Supplier<Settings> settings,
            ExecutorService workers, Map<String, String> env, dev.pyassist.assist.SendConsent consent) {
        this.consent = consent;
        this.session = session;
        this.documents = documents;
        this.assist = assist;
        this.settings = settings;
        this.workers = workers;
        this.env = env;
    }

    boolean handles(String command) {
        return ALL.contains(command);
    }

    CompletableFuture<Object> execute(ExecuteCommandParams params) {
        String command = params.getCommand();
        JsonNode arg = params.getArguments() == null || params.getArguments().isEmpty() ? null
                : Json.toJackson(params.getArguments().get(0));
        if (arg == null || !arg.isObject()) {
            return CompletableFuture.completedFuture(failure(command, command + " takes one argument object"));
        }
        if (RATE.equals(command)) {
            return CompletableFuture.completedFuture(rate(arg));
        }
        if (!settings.get().assist().enabled()) {
            return CompletableFuture.completedFuture(failure(command,
                    "The AI actions are turned off (pyassist.assist.enabled)."));
        }
        Target target;
        try {
            target = target(arg, !ASK.equals(command));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(failure(command, e.getMessage()));
        }
        Language language = null;
        if (TRANSLATE.equals(command)) {
            Optional<Language> l = Language.parse(arg.path("language").asText(null));
            if (l.isEmpty()) {
                var unsupported = Language.unsupported(arg.path("language").asText(null));
                return CompletableFuture.completedFuture(failure(command, unsupported.isPresent()
                        ? unsupported.get().answer()
                        : "pyassist.translate needs \"language\": one of java, cpp, javascript, go"));
            }
            language = l.get();
        }
        String question = arg.path("question").asText("");
        if (ASK.equals(command) && question.isBlank()) {
            return CompletableFuture.completedFuture(failure(command, "pyassist.ask needs a \"question\""));
        }
        Either<String, Integer> token = params.getWorkDoneToken();
        String title = switch (command) {
            case SUMMARIZE -> "pyassist: summarize";
            case TRANSLATE -> "pyassist: translate to " + language.display();
            case GENERATE -> "pyassist: generate";
            default -> "pyassist: ask";
        };
        CompletableFuture<Object> answer = new CompletableFuture<>();
        Language lang = language;
        Progress progress = new Progress(session, token, title);
        Job job = new Job(progress::report, consent);
        answer.whenComplete((r, e) -> {
            if (answer.isCancelled()) {
                job.cancel(); // $/cancelRequest
            }
        });
        // an ask from an editor whose chat panel is open: the answer is shown there (its conversation), not here
        boolean inChat = ASK.equals(command) && "chat".equals(arg.path("display").asText(""));
        try {
            workers.submit(() -> run(command, target, lang, question, inChat, job, progress, answer));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            answer.complete(failure(command, "the server is shutting down"));
        }
        return answer;
    }

    private void run(String command, Target target, Language lang, String question, boolean inChat, Job job,
            Progress progress, CompletableFuture<Object> answer) {
        {
            progress.begin();
            running.put(progress.key(), job);
            try {
                AssistResult result = switch (command) {
                    case SUMMARIZE -> assist.summarize(target, job);
                    case TRANSLATE -> assist.translate(target, lang, job);
                    case GENERATE -> assist.generate(target, job);
                    default -> assist.ask(target, question, job);
                };
                job.checkCancelled();
                boolean kept = !result.calls().isEmpty();
                Map<String, Object> delivered = deliver(result, job, inChat && kept && result.ok());
                if (kept) {
                    delivered.put("id", record(command, question, result, job));
                    if (ASK.equals(command)) {
                        synchronized (this) {
                            delivered.put("conversation", askConversation);
                        }
                    }
                }
                progress.end(result.ok() ? "Done" : "Not done");
                answer.complete(delivered);
            } catch (dev.pyassist.assist.SendConsent.Refused e) {
                progress.end("Not sent");
                answer.complete(failure(command, e.getMessage()));
            } catch (LlmException e) {
                boolean cancelled = e.kind() == LlmException.Kind.CANCELLED || job.isCancelled();
                progress.end(cancelled ? "Cancelled" : "Failed");
                answer.complete(cancelled ? cancelled(command) : failure(command, e.getMessage(), MessageType.Error));
            } catch (RuntimeException e) {
                progress.end("Failed");
                answer.complete(failure(command, ErrorMapping.userMessage(command, e), MessageType.Error));
            } finally {
                running.remove(progress.key());
            }
        }
    }

    /** {@code window/workDoneProgress/cancel}. */
    void cancelProgress(WorkDoneProgressCancelParams params) {
        Either<String, Integer> t = params.getToken();
        String key = t == null ? null : t.isLeft() ? t.getLeft() : String.valueOf(t.getRight());
        Job job = key == null ? null : running.get(key);
        if (job != null) {
            job.cancel();
        }
    }

    // ---- arguments ------------------------------------------------------------------------------------------------

    private Target target(JsonNode arg, boolean required) {
        String uri = arg.path("uri").asText(null);
        if (uri == null || uri.isBlank()) {
            if (required) {
                throw new IllegalArgumentException("the command needs a \"uri\"");
            }
            return null;
        }
        Path path = Uris.pathOf(uri);
        Optional<TextDocument> open = documents.get(uri);
        String text;
        int version;
        if (open.isPresent()) {
            text = open.get().text();
            version = open.get().version();
        } else if (path != null && Files.exists(path)) {
            try {
                // the client named it, so it may lie anywhere; still a regular file, and no larger than a buffer
                text = ExternalFiles.readString(path, null, MAX_UNOPENED_BYTES);
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            version = -1;
        } else {
            throw new IllegalArgumentException(uri + " is not open and not a readable file");
        }
        LineMap lines = new LineMap(text);
        PositionEncoding enc = session.encoding();
        int start;
        int end;
        if (arg.path("range").isObject()) {
            start = offset(lines, arg.path("range").path("start"), enc);
            end = offset(lines, arg.path("range").path("end"), enc);
        } else if (arg.path("position").isObject()) {
            start = end = offset(lines, arg.path("position"), enc);
        } else {
            start = end = 0;
        }
        return new Target(uri, path, text, version, Math.min(start, end), Math.max(start, end));
    }

    private static int offset(LineMap lines, JsonNode pos, PositionEncoding enc) {
        return lines.offset(pos.path("line").asInt(0), pos.path("character").asInt(0), enc);
    }

    // ---- delivering -----------------------------------------------------------------------------------------------

    /** The result's edit, file or message delivered; {@code quiet}: its message is shown by the chat, not here. */
    private Map<String, Object> deliver(AssistResult r, Job job, boolean quiet) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", r.task());
        out.put("ok", r.ok());
        out.put("text", r.text());
        out.put("contextFiles", r.contextFiles());
        String message = r.message();
        boolean ok = r.ok();
        if (r.edit() != null) {
            String problem = applyEdit(r.edit(), r);
            out.put("applied", problem == null);
            if (problem != null) {
                message = problem;
                ok = false;
            }
        } else if (r.newFile() != null) {
            if (r.newFile().keepQuestion() != null && !keep(r.newFile(), job)) {
                out.put("applied", false);
                message = "Discarded " + r.newFile().path().getFileName() + ": nothing was created. " + message;
                ok = false;
            } else {
                String problem = createFile(r.newFile(), r);
                out.put("applied", problem == null);
                out.put("file", r.newFile().path().toUri().toString());
                if (problem != null) {
                    message = problem + " " + message;
                    ok = false;
                }
            }
        }
        out.put("message", message);
        if (!quiet || !ok) {
            show(ok ? MessageType.Info : MessageType.Warning, message);
        }
        return out;
    }

    static final String KEEP = "Keep it";
    static final String DISCARD = "Discard";

    /**
     * Asks ({@code window/showMessageRequest}) whether to keep a file that failed its check; a dismissed question, a
     * client that cannot ask, or a cancelled job discard it.
     */
    private boolean keep(AssistResult.NewFile f, Job job) {
        var client = session.client();
        if (client == null) {
            return false;
        }
        var params = new ShowMessageRequestParams(List.of(
                new MessageActionItem(KEEP), new MessageActionItem(DISCARD)));
        params.setType(MessageType.Warning);
        params.setMessage("pyassist: " + f.keepQuestion() + ". Keep " + f.path().getFileName() + " or discard it?");
        try {
            var answer = client.showMessageRequest(params);
            CompletableFuture.anyOf(answer, job.cancellation()).get();
            if (job.isCancelled()) {
                answer.cancel(true);
                return false;
            }
            var item = answer.get();
            return item != null && KEEP.equals(item.getTitle());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException ex) {
            return false;
        }
    }

    /** The annotation every AI edit carries while previews are on: the editor shows the change before applying it. */
    private static final String ANNOTATION = "pyassist-ai";

    private boolean preview() {
        return settings.get().assist().preview();
    }

    private static Map<String, ChangeAnnotation> annotations(AssistResult r) {
        var a = new ChangeAnnotation("pyassist: " + r.task() + " (AI)");
        a.setNeedsConfirmation(true);
        a.setDescription("Made by a language model: review before applying.");
        return Map.of(ANNOTATION, a);
    }

    /** Applies a versioned edit; returns why it was not applied, or null. */
    private String applyEdit(AssistResult.Edit e, AssistResult r) {
        Integer current = documents.currentVersion(e.uri());
        if (e.version() < 0 || current == null) {
            return "The edit was not applied: " + e.uri() + " is not open in the editor.";
        }
        if (current != e.version()) {
            return "The edit was not applied: the document changed (version " + e.version() + " → " + current
                    + ") while the result was being computed. Run the action again.";
        }
        TextDocument doc = documents.get(e.uri()).orElse(null);
        if (doc == null) {
            return "The edit was not applied: " + e.uri() + " was closed.";
        }
        // The snapshot at that version: positions are computed on exactly the text the edit was made for.
        LineMap lines = doc.lines();
        PositionEncoding enc = session.encoding();
        Range range = new Range(position(lines, e.start(), enc), position(lines, e.end(), enc));
        TextEdit edit = new TextEdit(range, e.newText());
        WorkspaceEdit we;
        if (supportsDocumentChanges()) {
            Either<TextEdit, SnippetTextEdit> one = preview()
                    ? Either.forLeft(new AnnotatedTextEdit(range, e.newText(), ANNOTATION))
                    : Either.forLeft(edit);
            we = new WorkspaceEdit(List.of(Either.forLeft(new TextDocumentEdit(
                    new VersionedTextDocumentIdentifier(e.uri(), e.version()), List.of(one)))));
            if (preview()) {
                we.setChangeAnnotations(annotations(r));
            }
        } else {
            we = new WorkspaceEdit(Map.of(e.uri(), List.of(edit)));
        }
        return apply(session, we, "pyassist");
    }

    /** Sends {@code workspace/applyEdit} and waits for the answer; returns why it was not applied, or null. */
    static String apply(Session session, WorkspaceEdit we, String label) {
        try {
            ApplyWorkspaceEditResponse response = session.client()
                    .applyEdit(new ApplyWorkspaceEditParams(we, label)).get(60, TimeUnit.SECONDS);
            if (response == null || !response.isApplied()) {
                String reason = response == null || response.getFailureReason() == null ? "no reason given"
                        : response.getFailureReason();
                return "The editor did not apply the edit (" + reason + ").";
            }
            return null;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "The edit was not applied: interrupted.";
        } catch (Exception ex) {
            return "The edit was not applied: " + ex.getMessage();
        }
    }

    /** Creates a new file (never overwriting) through the editor when it can, else on disk; then shows it. */
    private String createFile(AssistResult.NewFile f, AssistResult r) {
        String uri = f.path().toUri().toString();
        String problem;
        if (supportsCreate()) {
            CreateFile create = new CreateFile(uri, new CreateFileOptions(false, false));
            Range start = new Range(new Position(0, 0), new Position(0, 0));
            TextEdit content = preview() ? new AnnotatedTextEdit(start, f.content(), ANNOTATION)
                    : new TextEdit(start, f.content());
            if (preview()) {
                create.setAnnotationId(ANNOTATION);
            }
            WorkspaceEdit we = new WorkspaceEdit(List.of(
                    Either.<TextDocumentEdit, ResourceOperation>forRight(create),
                    Either.<TextDocumentEdit, ResourceOperation>forLeft(new TextDocumentEdit(
                            new VersionedTextDocumentIdentifier(uri, null), List.of(Either.forLeft(content))))));
            if (preview()) {
                we.setChangeAnnotations(annotations(r));
            }
            problem = apply(session, we, "pyassist: new file");
        } else {
            try {
                Files.writeString(f.path(), f.content(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
                problem = null;
            } catch (IOException e) {
                problem = "Could not create " + f.path() + ": " + e.getMessage() + ".";
            }
        }
        if (problem == null && supportsShowDocument()) {
            ShowDocumentParams show = new ShowDocumentParams(uri);
            show.setTakeFocus(true);
            session.client().showDocument(show);
        }
        return problem;
    }

    private static Position position(LineMap lines, int offset, PositionEncoding enc) {
        var p = lines.position(offset, enc);
        return new Position(p.line(), p.column());
    }

    private boolean supportsDocumentChanges() {
        var ws = session.capabilities().getWorkspace();
        return ws != null && ws.getWorkspaceEdit() != null
                && Boolean.TRUE.equals(ws.getWorkspaceEdit().getDocumentChanges());
    }

    private boolean supportsCreate() {
        var ws = session.capabilities().getWorkspace();
        return supportsDocumentChanges() && ws.getWorkspaceEdit().getResourceOperations() != null
                && ws.getWorkspaceEdit().getResourceOperations().contains("create");
    }

    private boolean supportsShowDocument() {
        var w = session.capabilities().getWindow();
        return w != null && w.getShowDocument() != null && w.getShowDocument().isSupport();
    }

    private void show(MessageType type, String message) {
        ErrorMapping.show(session, type, message);
    }

    /** A refusal (bad arguments, the actions turned off): shown to the user like every outcome (ErrorMapping). */
    private Map<String, Object> failure(String command, String message) {
        return failure(command, message, MessageType.Warning);
    }

    private Map<String, Object> failure(String command, String message, MessageType type) {
        show(type, message);
        return summary(command, message);
    }

    /** A cancellation the user asked for: nothing to show. */
    private static Map<String, Object> cancelled(String command) {
        return summary(command, "cancelled");
    }

    private static Map<String, Object> summary(String command, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", command.replace("pyassist.", ""));
        out.put("ok", false);
        out.put("message", message);
        return out;
    }

    // ---- feedback -------------------------------------------------------------------------------------------------

    private HistoryStore store() {
        return HistoryStore.in(DataDirectory.of(settings.get().assist().feedbackDirectory(), env));
    }

    /** Keeps the result in the history store under a new id (returned, for {@code pyassist.rate}). */
    private String record(String command, String question, AssistResult result, Job job) {
        String id = HistoryStore.newId();
        lastId = id;
        String asked = ASK.equals(command) ? question : command;
        try {
            HistoryStore store = store();
            String conversation = null;
            if (ASK.equals(command)) { // asks are chat turns too: the web UI's chat lists them
                synchronized (this) {
                    if (askConversation == null || store.conversation(askConversation).isEmpty()) {
                        askConversation = store.createConversation("Asked in the editor").id();
                    }
                    conversation = askConversation;
                }
            }
            store.save(Answers.of(id, conversation, "editor", asked, null, result, job.requests()));
        } catch (RuntimeException e) {
            LOG.warning("the result was not kept for rating: " + e.getMessage());
        }
        return id;
    }

    /** {@code pyassist.rate {id?, rating, comment?}}: a second rating of the same result replaces the first. */
    private Map<String, Object> rate(JsonNode arg) {
        String rating = arg.path("rating").asText("");
        if (!rating.equals("up") && !rating.equals("down")) {
            return failure(RATE, "pyassist.rate needs \"rating\": \"up\" or \"down\"");
        }
        String id = arg.path("id").asText(null);
        if (id == null || id.isBlank()) {
            id = lastId;
        }
        if (id == null) {
            return failure(RATE, "There is no pyassist result to rate yet.", MessageType.Info);
        }
        HistoryStore store = store();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", "rate");
        out.put("id", id);
        try {
            if (!store.rate(id, rating, arg.path("comment").asText(null))) {
                return failure(RATE, "No pyassist result has the id " + id + " (results are kept in " + store.file()
                        + ").");
            }
            out.put("ok", true);
            out.put("file", store.file().toString());
            out.put("message", "Thanks: rating saved to " + store.file() + " (kept on this machine only).");
            show(MessageType.Info, (String) out.get("message"));
        } catch (RuntimeException e) {
            out.put("ok", false);
            out.put("message", e.getMessage());
            show(MessageType.Warning, e.getMessage());
        }
        return out;
    }

    static Path pathOf(String uri) {
        try {
            return Path.of(URI.create(uri));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
