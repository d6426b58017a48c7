package dev.pyassist.complete;

import dev.pyassist.assist.ContextSource;
import dev.pyassist.config.Settings.CompleteSettings;
import dev.pyassist.llm.BackendRegistry;
import dev.pyassist.llm.LlmBackend;
import dev.pyassist.llm.LlmCall;
import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.LlmRequest;
import dev.pyassist.config.LlmTask;
import dev.pyassist.python.ParseResult;
import dev.pyassist.python.PythonParser;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Inline completion: one suggestion per request, at most one request in flight per document. A newer request or an
 * edit of the document supersedes the one in flight: its debounce is dropped, or its model call aborted (the HTTP
 * exchange closed, the local engine stopped between tokens), and it is answered with no suggestion. A request
 * whose buffer a cached suggestion fits is answered from the {@link SuggestionCache} at once. Otherwise, after the
 * debounce (typed requests only), the prompt is built ({@link PromptContext}, {@link CompletionPrompts}), the
 * model streams until the suggestion passes its {@link StopRule} extent, and the {@link SuggestionGates} decide what
 * is shown.
 *
 * <p>Nothing here runs on the caller's thread but the cache lookup: the prompt, the call and the gates run on
 * {@code workers}, the debounce on {@code timer}.
 */
public final class Completer {
    private static final Logger LOG = Logger.getLogger(Completer.class.getName());

    private final Supplier<BackendRegistry> registry;
    private final ContextSource related;
    private final Supplier<CompleteSettings> settings;
    private final ScheduledExecutorService timer;
    private final Executor workers;
    private final SuggestionCheck validator;
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private volatile SuggestionCache cache;
    private volatile int cacheCapacity = -1;

    public Completer(Supplier<BackendRegistry> registry, ContextSource related, Supplier<CompleteSettings> settings,
            ScheduledExecutorService timer, Executor workers) {
        this(registry, related, settings, timer, workers, SuggestionCheck.NONE);
    }

    /** With {@code validator}, the check that {@code complete.dropFlagged} applies beside the names layer's. */
    public Completer(Supplier<BackendRegistry> registry, ContextSource related, Supplier<CompleteSettings> settings,
            ScheduledExecutorService timer, Executor workers, SuggestionCheck validator) {
        this.validator = validator == null ? SuggestionCheck.NONE : validator;
        this.registry = registry;
        this.related = related == null ? ContextSource.NONE : related;
        this.settings = settings;
        this.timer = timer;
        this.workers = workers;
    }

    /**
     * A suggestion for {@code in}, or none. Cancelling the returned future aborts the work; an
     * {@link LlmException} (a backend that is not set up, say) completes it exceptionally.
     */
    public CompletableFuture<Optional<Suggestion>> complete(CompletionInput in) {
        supersede(in.uri());
        CompleteSettings s = settings.get();
        if (!s.enabled()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Optional<String> hit = cache(s).find(in.uri(), in.prefix(), in.suffix());
        if (hit.isPresent()) {
            LOG.fine(() -> "completion from the cache for " + in.uri());
            return CompletableFuture.completedFuture(Optional.of(new Suggestion(hit.get(), true)));
        }
        Pending p = new Pending(in, s);
        inFlight.put(in.uri(), p);
        long delay = in.invoked() ? 0 : Math.max(0, s.debounceMs());
        try {
            if (delay == 0) {
                workers.execute(p::run);
            } else {
                p.debounce = timer.schedule(() -> workers.execute(p::run), delay, TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            p.finish(Optional.empty()); // shutting down
        }
        return p.result;
    }

    /** The document changed: the suggestion in flight for it is for a buffer that is gone. */
    public void documentChanged(String uri) {
        supersede(uri);
    }

    public void documentClosed(String uri) {
        supersede(uri);
        SuggestionCache c = cache;
        if (c != null) {
            c.forget(uri);
        }
    }

    private void supersede(String uri) {
        Pending old = inFlight.remove(uri);
        if (old != null) {
            old.abort();
        }
    }

    private SuggestionCache cache(CompleteSettings s) {
        SuggestionCache c = cache;
        if (c == null || cacheCapacity != s.cacheEntries()) {
            synchronized (this) {
                if (cache == null || cacheCapacity != s.cacheEntries()) {
                    cache = new SuggestionCache(s.cacheEntries());
                    cacheCapacity = s.cacheEntries();
                }
                c = cache;
            }
        }
        return c;
    }

    /** One request, from its debounce to its answer. */
    private final class Pending {
        private final CompletionInput in;
        private final CompleteSettings s;
        private final Object lock = new Object();
        volatile ScheduledFuture<?> debounce;
        private LlmCall call;
        private boolean aborted;
        private boolean enough; // the stream passed the extent: the call was stopped on purpose
        private final StringBuilder streamed = new StringBuilder();
        final CompletableFuture<Optional<Suggestion>> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterrupt) {
                boolean cancelled = super.cancel(mayInterrupt);
                abort();
                return cancelled;
            }
        };

        Pending(CompletionInput in, CompleteSettings s) {
            this.in = in;
            this.s = s;
        }

        void abort() {
            LlmCall c;
            synchronized (lock) {
                aborted = true;
                c = call;
            }
            ScheduledFuture<?> d = debounce;
            if (d != null) {
                d.cancel(false);
            }
            if (c != null) {
                c.cancel();
            }
            inFlight.remove(in.uri(), this);
            result.complete(Optional.empty());
        }

        void finish(Optional<Suggestion> s) {
            inFlight.remove(in.uri(), this);
            result.complete(s);
        }

        void fail(Throwable t) {
            inFlight.remove(in.uri(), this);
            result.completeExceptionally(t);
        }

        private boolean aborted() {
            synchronized (lock) {
                return aborted || result.isDone();
            }
        }

        void run() {
            if (aborted()) {
                return;
            }
            try {
                BackendRegistry r = registry.get();
                LlmBackend backend = r.backendFor(LlmTask.COMPLETE);
                String model = r.settings().task(LlmTask.COMPLETE).model();
                Optional<FimTemplate> template = CompletionPrompts.template(s, backend,
                        model != null ? model : backend.defaultModel());
                // one parse for the prompt's units and the gates (the document's shared one when it has one)
                ParseResult parsed = in.parse() != null ? in.parse().get() : PythonParser.parse(in.text(), in.target());
                PromptContext context = PromptContext.build(in.text(), parsed, in.cursor(), in.uri(), in.path(),
                        s.maxPrefixTokens(), s.maxSuffixTokens(), s.snippetChars(), related);
                LlmRequest request = template.map(t -> CompletionPrompts.fim(t, context))
                        .orElseGet(() -> CompletionPrompts.chat(context));
                StopRule.Extent extent = StopRule.extent(in.linePrefix(), in.lineSuffix(), in.invoked());
                long started = System.nanoTime();
                LlmCall c = r.start(request, delta -> onDelta(delta, extent, template.isPresent()));
                boolean stopNow;
                synchronized (lock) {
                    call = c;
                    stopNow = aborted || enough;
                }
                if (stopNow) {
                    c.cancel();
                }
                c.result().whenCompleteAsync((res, err) -> {
                    String text;
                    synchronized (lock) {
                        if (aborted) {
                            return;
                        }
                        text = enough || err != null ? streamed.toString() : res.text();
                        if (err != null && !enough) {
                            fail(LlmCall.unwrapCompletion(err));
                            return;
                        }
                    }
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    Optional<Suggestion> out = gate(text, extent, template.isPresent(), parsed);
                    LOG.fine(() -> "completion for " + in.uri() + " in " + ms + " ms"
                            + (out.isEmpty() ? ", nothing passed the gates" : ""));
                    out.ifPresent(sug -> cache(s).put(in.uri(), in.prefix(), in.suffix(), sug.text()));
                    finish(out);
                }, workers);
            } catch (LlmException e) {
                fail(e);
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        private void onDelta(String delta, StopRule.Extent extent, boolean fim) {
            LlmCall stop = null;
            synchronized (lock) {
                if (aborted || enough) {
                    return;
                }
                streamed.append(delta);
                String sofar = fim ? streamed.toString() : CompletionPrompts.fromChat(streamed.toString(),
                        in.linePrefix());
                if (!sofar.contains("```") && StopRule.pastExtent(sofar, extent, in.linePrefix())) {
                    enough = true;
                    stop = call;
                }
            }
            if (stop != null) {
                stop.cancel();
            }
        }

        private Optional<Suggestion> gate(String raw, StopRule.Extent extent, boolean fim, ParseResult parse) {
            String text = fim ? raw : CompletionPrompts.fromChat(raw, in.linePrefix());
            text = StopRule.cut(text, extent, in.linePrefix());
            text = SuggestionGates.trimSuffixRepeat(text, in.suffix());
            if (text.isBlank()) {
                return Optional.empty();
            }
            var buffer = new SuggestionGates.Buffer(in.prefix(), in.suffix(), parse, in.target());
            Optional<String> safe = SuggestionGates.syntaxSafe(text, buffer);
            if (safe.isPresent() && s.dropFlagged() && SuggestionGates.flagged(safe.get(), buffer, validator)) {
                return Optional.empty();
            }
            return safe.map(t -> new Suggestion(t, false));
        }
    }
}
