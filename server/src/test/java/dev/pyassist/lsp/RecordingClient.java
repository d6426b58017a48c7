package dev.pyassist.lsp;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ApplyWorkspaceEditResponse;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.CreateFile;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.ShowDocumentParams;
import org.eclipse.lsp4j.ShowDocumentResult;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;

/** A language client that records what the server sends and answers configuration requests from a field. */
public final class RecordingClient implements PyassistClient {
    public final List<PublishDiagnosticsParams> diagnostics = new CopyOnWriteArrayList<>();
    public final List<MessageParams> shown = new CopyOnWriteArrayList<>();
    public final List<MessageParams> logged = new CopyOnWriteArrayList<>();
    public final List<RegistrationParams> registrations = new CopyOnWriteArrayList<>();
    public final List<ConfigurationParams> configurationRequests = new CopyOnWriteArrayList<>();
    public final List<ServerStatus> statuses = new CopyOnWriteArrayList<>();
    public volatile JsonObject configuration = new JsonObject();
    public final List<ApplyWorkspaceEditParams> edits = new CopyOnWriteArrayList<>();
    public final List<ShowDocumentParams> shownDocuments = new CopyOnWriteArrayList<>();
    public final List<WorkDoneProgressCreateParams> progressCreated = new CopyOnWriteArrayList<>();
    public final List<ProgressParams> progress = new CopyOnWriteArrayList<>();
    /** How {@code workspace/applyEdit} is answered; by default applied (files created on disk, as an editor would). */
    public volatile Function<ApplyWorkspaceEditParams, ApplyWorkspaceEditResponse> editAnswer = RecordingClient::applyToDisk;

    @Override
    public synchronized CompletableFuture<ApplyWorkspaceEditResponse> applyEdit(ApplyWorkspaceEditParams params) {
        edits.add(params);
        notifyAll();
        return CompletableFuture.completedFuture(editAnswer.apply(params));
    }

    /** Creates the files a workspace edit creates (never overwriting) and writes text edits into them. */
    public static ApplyWorkspaceEditResponse applyToDisk(ApplyWorkspaceEditParams params) {
        var changes = params.getEdit().getDocumentChanges();
        if (changes != null) {
            try {
                for (var c : changes) {
                    if (c.isRight() && c.getRight() instanceof CreateFile create) {
                        Path p = Path.of(URI.create(create.getUri()));
                        if (Files.exists(p)) {
                            return new ApplyWorkspaceEditResponse(false);
                        }
                        Files.writeString(p, "");
                    } else if (c.isLeft()) {
                        TextDocumentEdit e = c.getLeft();
                        if (e.getTextDocument().getVersion() == null) { // a created file: insert its text
                            Path p = Path.of(URI.create(e.getTextDocument().getUri()));
                            StringBuilder sb = new StringBuilder(Files.readString(p));
                            for (var te : e.getEdits()) {
                                sb.append(te.getLeft().getNewText());
                            }
                            Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
                        }
                    }
                }
            } catch (java.io.IOException e) {
                return new ApplyWorkspaceEditResponse(false);
            }
        }
        return new ApplyWorkspaceEditResponse(true);
    }

    @Override
    public CompletableFuture<ShowDocumentResult> showDocument(ShowDocumentParams params) {
        shownDocuments.add(params);
        return CompletableFuture.completedFuture(new ShowDocumentResult(true));
    }

    @Override
    public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
        progressCreated.add(params);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized void notifyProgress(ProgressParams params) {
        progress.add(params);
        notifyAll();
    }

    /** Waits until some progress notification matches. */
    public synchronized ProgressParams awaitProgress(Predicate<ProgressParams> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            for (ProgressParams p : progress) {
                if (match.test(p)) {
                    return p;
                }
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("no matching progress; got " + progress);
            }
            wait(left);
        }
    }

    @Override
    public void status(ServerStatus status) {
        statuses.add(status);
    }

    @Override
    public void telemetryEvent(Object object) {}

    @Override
    public synchronized void publishDiagnostics(PublishDiagnosticsParams params) {
        diagnostics.add(params);
        notifyAll();
    }

    @Override
    public synchronized void showMessage(MessageParams params) {
        shown.add(params);
        notifyAll();
    }

    /** The {@code window/showMessageRequest} questions the server asked, in order. */
    public final List<ShowMessageRequestParams> questions = new CopyOnWriteArrayList<>();
    /** How a question is answered: by default dismissed (no action picked). */
    public volatile Function<ShowMessageRequestParams, MessageActionItem> questionAnswer = q -> null;

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams params) {
        questions.add(params);
        return CompletableFuture.completedFuture(questionAnswer.apply(params));
    }

    @Override
    public void logMessage(MessageParams params) {
        logged.add(params);
    }

    @Override
    public CompletableFuture<Void> registerCapability(RegistrationParams params) {
        registrations.add(params);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<Object>> configuration(ConfigurationParams params) {
        configurationRequests.add(params);
        List<Object> answer = new ArrayList<>();
        params.getItems().forEach(item -> answer.add(configuration));
        return CompletableFuture.completedFuture(answer);
    }

    /** Waits for the first published diagnostics for {@code uri} that match, after {@code skip} earlier ones. */
    public synchronized PublishDiagnosticsParams awaitDiagnostics(String uri, Predicate<PublishDiagnosticsParams> match)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            for (PublishDiagnosticsParams p : diagnostics) {
                if (p.getUri().equals(uri) && match.test(p)) {
                    return p;
                }
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("no matching diagnostics for " + uri + "; got " + diagnostics);
            }
            wait(left);
        }
    }

    public synchronized MessageParams awaitShown(Predicate<MessageParams> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            for (MessageParams p : shown) {
                if (match.test(p)) {
                    return p;
                }
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("no matching message; got " + shown);
            }
            wait(left);
        }
    }
}
