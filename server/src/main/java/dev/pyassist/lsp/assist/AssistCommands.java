package dev.pyassist.lsp.assist;

import dev.pyassist.lsp.DocumentStore;
import dev.pyassist.lsp.ErrorMapping;
import dev.pyassist.lsp.Progress;
import dev.pyassist.lsp.Session;
import dev.pyassist.lsp.TextDocument;
import dev.pyassist.lsp.Uris;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyassist.assist.AssistResult;
import dev.pyassist.assist.AssistService;
import dev.pyassist.assist.Job;
import dev.pyassist.assist.Language;
import dev.pyassist.assist.SendConsent;
import dev.pyassist.assist.Target;
import dev.pyassist.config.Settings;
import dev.pyassist.files.ExternalFiles;
import dev.pyassist.llm.LlmException;
import dev.pyassist.text.LineMap;
import dev.pyassist.text.PositionEncoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.WorkDoneProgressCancelParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * {@code workspace/executeCommand} for the AI actions {@code pyassist.summarize/translate/generate/ask}
 * (ARCHITECTURE.md, "AI actions"): reads the argument object ({@link AssistArgs}), runs the action on a worker thread
 * with {@code $/progress} (cancellable by {@code window/workDoneProgress/cancel} or {@code $/cancelRequest}), then
 * delivers the result through {@link ClientEdits} (a versioned {@code workspace/applyEdit}, a created file plus
 * {@code window/showDocument}) or as a message, and keeps it for rating ({@link FeedbackCommands}). The command's own
 * result is a summary object ({@code task, ok, message, text, applied, file, contextFiles, id}).
 */
public final class AssistCommands {
    /** An action on a file that is not open reads at most this much of it. */
    private static final long MAX_UNOPENED_BYTES = 16L << 20;

    static final String SUMMARIZE = "pyassist.summarize";
    static final String TRANSLATE = "pyassist.translate";
    static final String GENERATE = "pyassist.generate";
    static final String ASK = "pyassist.ask";
    static final List<String> ALL = List.of(SUMMARIZE, TRANSLATE, GENERATE, ASK);

    private final Session session;
    private final DocumentStore documents;
    private final AssistService assist;
    private final Supplier<Settings> settings;
    private final ExecutorService workers;
    private final Map<String, Job> running = new ConcurrentHashMap<>();
    /** Asked before each model call: in an untrusted workspace, whether the code may leave the machine. */
    private final SendConsent consent;
    private final ClientEdits edits;
    private final FeedbackCommands feedback;
    private final CommandReplies replies;

    AssistCommands(Session session, DocumentStore documents, AssistService assist, Supplier<Settings> settings,
            ExecutorService workers, SendConsent consent, ClientEdits edits, FeedbackCommands feedback,
            CommandReplies replies) {
        this.consent = consent;
        this.session = session;
        this.documents = documents;
        this.assist = assist;
        this.settings = settings;
        this.workers = workers;
        this.edits = edits;
        this.feedback = feedback;
        this.replies = replies;
    }

    boolean handles(String command) {
        return ALL.contains(command);
    }

    /** @param arg the command's argument object, null when it sent none or not an object */
    CompletableFuture<Object> execute(ExecuteCommandParams params, JsonNode arg) {
        String command = params.getCommand();
        if (arg == null) {
            return CompletableFuture.completedFuture(failure(command, command + " takes one argument object"));
        }
        if (!settings.get().assist().enabled()) {
            return CompletableFuture.completedFuture(failure(command,
                    "The AI actions are turned off (pyassist.assist.enabled)."));
        }
        AssistArgs args = AssistArgs.read(arg);
        Target target;
        try {
            target = target(args, !ASK.equals(command));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(failure(command, e.getMessage()));
        }
        Language language = null;
        if (TRANSLATE.equals(command)) {
            Optional<Language> l = Language.parse(args.language());
            if (l.isEmpty()) {
                var unsupported = Language.unsupported(args.language());
                return CompletableFuture.completedFuture(failure(command, unsupported.isPresent()
                        ? unsupported.get().answer()
                        : "pyassist.translate needs \"language\": one of java, cpp, javascript, go"));
            }
            language = l.get();
        }
        String question = args.question();
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
                    boolean ask = ASK.equals(command);
                    delivered.put("id", feedback.record(ask ? question : command, ask, result, job));
                    if (ask) {
                        delivered.put("conversation", feedback.askConversation());
                    }
                }
                progress.end(result.ok() ? "Done" : "Not done");
                answer.complete(delivered);
            } catch (SendConsent.Refused e) {
                progress.end("Not sent");
                answer.complete(failure(command, e.getMessage()));
            } catch (LlmException e) {
                boolean cancelled = e.kind() == LlmException.Kind.CANCELLED || job.isCancelled();
                progress.end(cancelled ? "Cancelled" : "Failed");
                answer.complete(cancelled ? CommandReplies.cancelled(command)
                        : failure(command, e.getMessage(), MessageType.Error));
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

    private Target target(AssistArgs arg, boolean required) {
        String uri = arg.uri();
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
        if (arg.range() != null) {
            start = offset(lines, arg.range().start(), enc);
            end = offset(lines, arg.range().end(), enc);
        } else if (arg.position() != null) {
            start = end = offset(lines, arg.position(), enc);
        } else {
            start = end = 0;
        }
        return new Target(uri, path, text, version, Math.min(start, end), Math.max(start, end));
    }

    private static int offset(LineMap lines, AssistArgs.Place pos, PositionEncoding enc) {
        return lines.offset(pos.line(), pos.character(), enc);
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
            String problem = edits.applyEdit(r.edit(), r);
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
                String problem = edits.createFile(r.newFile(), r);
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
            replies.show(ok ? MessageType.Info : MessageType.Warning, message);
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

    private Map<String, Object> failure(String command, String message) {
        return replies.failure(command, message);
    }

    private Map<String, Object> failure(String command, String message, MessageType type) {
        return replies.failure(command, message, type);
    }
}
