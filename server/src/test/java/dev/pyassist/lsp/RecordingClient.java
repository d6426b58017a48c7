package dev.pyassist.lsp;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.lsp4j.ConfigurationParams;
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

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams params) {
        return CompletableFuture.completedFuture(null);
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
