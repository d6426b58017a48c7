package dev.pyassist.llm;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A generation in progress. Text deltas go to the {@link TokenListener} given to {@link LlmBackend#start};
 * the {@link #result()} future completes with the {@link LlmResult}, or exceptionally with an {@link LlmException}.
 */
public interface LlmCall {

    /**
     * Completes with the result, or exceptionally with an {@link LlmException} (kind {@code CANCELLED} after
     * {@link #cancel()}). Cancelling this future ({@code result().cancel(true)}) has the same effect as {@link #cancel()}.
     */
    CompletableFuture<LlmResult> result();

    /**
     * Aborts the generation (for a remote backend: the HTTP exchange, closing the connection; a pending retry is
     * dropped). Idempotent; no effect once the result is complete. After it returns, the listener gets no more text.
     */
    void cancel();

    default boolean isDone() {
        return result().isDone();
    }

    /**
     * Blocks for the result; rethrows the call's {@link LlmException} as is. If the waiting thread is interrupted,
     * the call is cancelled and {@link InterruptedException} thrown.
     */
    default LlmResult await() throws InterruptedException {
        try {
            return result().get();
        } catch (InterruptedException e) {
            cancel();
            throw e;
        } catch (ExecutionException e) {
            throw LlmException.unwrap(e);
        } catch (CancellationException e) {
            throw new LlmException(LlmException.Kind.CANCELLED, "LLM request", "cancelled", null, e);
        }
    }

    /** An already-finished call (for tests and for engines that answer synchronously). */
    static LlmCall completed(LlmResult result) {
        CompletableFuture<LlmResult> f = CompletableFuture.completedFuture(result);
        return new LlmCall() {
            @Override
            public CompletableFuture<LlmResult> result() {
                return f;
            }

            @Override
            public void cancel() {
            }
        };
    }

    /** An already-failed call. */
    static LlmCall failed(LlmException error) {
        CompletableFuture<LlmResult> f = CompletableFuture.failedFuture(error);
        return new LlmCall() {
            @Override
            public CompletableFuture<LlmResult> result() {
                return f;
            }

            @Override
            public void cancel() {
            }
        };
    }

    /** Internal helper: unwraps a {@link CompletionException}. */
    static Throwable unwrapCompletion(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
