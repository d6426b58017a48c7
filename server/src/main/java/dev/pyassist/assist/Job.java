package dev.pyassist.assist;

import dev.pyassist.llm.BackendRegistry;
import dev.pyassist.llm.LlmBackend;
import dev.pyassist.llm.LlmCall;
import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.LlmRequest;
import dev.pyassist.llm.LlmResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One running action: its progress reporting, its cancellation (which aborts the model call in flight) and the
 * calls it made. Runs on a worker thread; {@link #cancel()} may come from any thread.
 */
public final class Job {

    /** Receives progress messages (the LSP layer turns them into {@code $/progress}). */
    @FunctionalInterface
    public interface Progress {
        void report(String message);

        Progress NONE = m -> { };
    }

    private final Progress progress;
    private final SendConsent consent;
    private final List<LlmResult> calls = new ArrayList<>();
    /** The request of each call in {@link #calls}, in the same order (the history store keeps the last prompt). */
    private final List<LlmRequest> requests = new ArrayList<>();
    /** Receives the answer's text as it streams (the web chat shows it); progress gets only counts. */
    private final dev.pyassist.llm.TokenListener text;
    private final java.util.concurrent.CompletableFuture<Void> cancellation = new java.util.concurrent.CompletableFuture<>();
    private volatile boolean cancelled;
    private volatile LlmCall current;
    /** One deadline for the whole action, set by its first call with a limit (the job's thread only). */
    private long deadlineNanos;
    private LlmBackend.TimeLimit limit;

    public Job(Progress progress) {
        this(progress, SendConsent.ALWAYS);
    }

    /** @param consent asked before each model call (it may ask the user) */
    public Job(Progress progress, SendConsent consent) {
        this(progress, consent, null);
    }

    /** @param text receives each call's text as it streams, on a backend thread (it must not block) */
    public Job(Progress progress, SendConsent consent, dev.pyassist.llm.TokenListener text) {
        this.progress = progress == null ? Progress.NONE : progress;
        this.consent = consent == null ? SendConsent.ALWAYS : consent;
        this.text = text == null ? dev.pyassist.llm.TokenListener.NONE : text;
    }

    public void cancel() {
        cancelled = true;
        cancellation.complete(null);
        LlmCall c = current;
        if (c != null) {
            c.cancel();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Completes when the job is cancelled (for waits that are not model calls, such as a question to the user). */
    public java.util.concurrent.CompletableFuture<Void> cancellation() {
        return cancellation;
    }

    public void report(String message) {
        progress.report(message);
    }

    /** Throws a {@code CANCELLED} {@link LlmException} when the job was cancelled. */
    public void checkCancelled() {
        if (cancelled) {
            throw new LlmException(LlmException.Kind.CANCELLED, "pyassist", "cancelled");
        }
    }

    /**
     * Runs one model call to the end, reporting streamed progress; throws {@link LlmException} on failure. The first
     * call of the job starts its deadline (the backend's time limit); later calls get only what is left of it, so an
     * action of two steps (ask: classify, then answer) gives up after the limit the message names, not twice that.
     */
    public LlmResult call(BackendRegistry llm, LlmRequest request, String what) {
        checkCancelled();
        consent.confirm(llm, request, this); // the user's time to answer is not the model's
        checkCancelled();
        if (limit == null) {
            llm.timeLimit(request.task()).ifPresent(l -> {
                limit = l;
                deadlineNanos = System.nanoTime() + l.duration().toNanos();
            });
        }
        long left = limit == null ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw timedOut(llm, request);
        }
        AtomicLong chars = new AtomicLong();
        AtomicLong lastReport = new AtomicLong();
        report(what + "…");
        LlmCall call = llm.start(request, delta -> {
            text.onToken(delta);
            long n = chars.addAndGet(delta.length());
            long now = System.nanoTime();
            long last = lastReport.get();
            if (now - last > 250_000_000L && lastReport.compareAndSet(last, now)) {
                report(what + ": " + n + " characters");
            }
        });
        current = call;
        if (cancelled) {
            call.cancel();
        }
        try {
            LlmResult r = limit == null ? call.await() : call.result().get(left, TimeUnit.NANOSECONDS);
            synchronized (calls) {
                calls.add(r);
                requests.add(request);
            }
            return r;
        } catch (InterruptedException e) {
            call.cancel();
            Thread.currentThread().interrupt();
            throw new LlmException(LlmException.Kind.CANCELLED, "pyassist", "cancelled");
        } catch (TimeoutException e) {
            call.cancel();
            throw timedOut(llm, request);
        } catch (ExecutionException e) {
            throw LlmException.unwrap(e);
        } catch (CancellationException e) {
            throw new LlmException(LlmException.Kind.CANCELLED, "pyassist", "cancelled", null, e);
        } finally {
            current = null;
        }
    }

    private LlmException timedOut(BackendRegistry llm, LlmRequest request) {
        long ms = limit.duration().toMillis();
        String within = ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        return new LlmException(LlmException.Kind.TIMEOUT, describe(llm, request), "no complete answer within "
                + within + " (" + limit.setting() + ", for the whole action)");
    }

    private static String describe(BackendRegistry llm, LlmRequest request) {
        try {
            return llm.backendFor(request.task()).describe();
        } catch (LlmException e) {
            return "pyassist";
        }
    }

    /** The requests of {@link #calls()}, in the same order. */
    public List<LlmRequest> requests() {
        synchronized (calls) {
            return List.copyOf(requests);
        }
    }

    public List<LlmResult> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }
}
