package dev.pyassist.lsp;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link Features} of one server, which come from the injector later than the core (built by hand, so that
 * {@code initialize} and the first diagnostics never wait for Guice). They are resolved once {@link #want wanted}:
 * by the first request that needs one, or after the first publish, in the first pause in typing. A request that needs a feature before then waits
 * for it, it never fails; a notification whose only effect on a feature is state that feature builds later anyway
 * (the workspace index's open buffers, a superseded completion) is skipped with {@link #ifReady}.
 */
final class LateFeatures {
    private static final Logger LOG = Logger.getLogger(LateFeatures.class.getName());

    private final CompletableFuture<Void> wanted = new CompletableFuture<>();
    private final CompletableFuture<Features> ready = new CompletableFuture<>();

    /** Asks for the features now (idempotent). */
    void want() {
        wanted.complete(null);
    }

    /** Completes when someone asked for the features: the composition resolves them then. */
    CompletableFuture<Void> wanted() {
        return wanted;
    }

    void resolved(Features features) {
        ready.complete(features);
    }

    /** The injector failed to resolve them (a bug): requests that need them fail, the core keeps working. */
    void failed(Throwable error) {
        LOG.log(Level.SEVERE, "the server's features could not be built; only the exact diagnostics work", error);
        ready.completeExceptionally(error);
    }

    /** The features if they are resolved, else null; never waits and never asks for them. */
    Features now() {
        return ready.isDone() && !ready.isCompletedExceptionally() ? ready.join() : null;
    }

    /** Runs {@code action} now if the features are resolved; else nothing. */
    void ifReady(Consumer<Features> action) {
        Features f = now();
        if (f != null) {
            action.accept(f);
        }
    }

    /**
     * Runs {@code action} once the features are resolved (now if they are), without asking for them, on the thread
     * that resolves them or on this one.
     */
    void whenReady(Consumer<Features> action) {
        ready.thenAccept(action).exceptionally(e -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            if (cause instanceof java.util.concurrent.RejectedExecutionException) {
                LOG.fine("a feature started after the server stopped: " + cause); // its threads are gone
            } else {
                LOG.log(Level.WARNING, "a feature's start failed", cause);
            }
            return null;
        });
    }

    /** Asks for the features and answers with {@code request} of them: at once if they are resolved, else later. */
    <T> CompletableFuture<T> then(Function<Features, CompletableFuture<T>> request) {
        want();
        return ready.thenCompose(request);
    }
}
