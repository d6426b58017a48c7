package dev.pyassist.lsp;

import dev.pyassist.config.Settings;
import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.ServerCode;
import dev.pyassist.diagnostics.Severity;
import dev.pyassist.diagnostics.SlowAnalyzer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the analysis of each document off the JSON-RPC thread: at once on open, after the configured debounce
 * on change. A newer version cancels the run of an older one, and a result is published only while its
 * version is still the document's current one (checked under a per-document lock, so an older result can
 * never overtake a newer one).
 *
 * <p>Slow layers (the neural validator) run as a second phase of the same run: the first publish holds the
 * exact findings plus what the slow layers know at once (their cache); then the slow layers work in steps,
 * and each step that changes the findings is published again, merged with the exact ones, for the same
 * version. A newer version cancels both phases (checked between steps).
 */
public final class DiagnosticsScheduler {
    private static final Logger LOG = Logger.getLogger(DiagnosticsScheduler.class.getName());
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private final DocumentStore store;
    private final AnalysisPipeline pipeline;
    private final DiagnosticsSink sink;
    private final ScheduledExecutorService executor;
    private final Supplier<Settings> settings;
    private final List<SlowAnalyzer> slowLayers;
    private final Map<String, Run> pending = new ConcurrentHashMap<>();
    private final Map<String, Object> publishLocks = new ConcurrentHashMap<>();

    /** Where results go: the LSP client in the server, a recorder in tests. */
    public interface DiagnosticsSink {
        void publish(TextDocument document, List<Finding> findings);

        void clear(String uri);
    }

    public DiagnosticsScheduler(
            DocumentStore store,
            AnalysisPipeline pipeline,
            DiagnosticsSink sink,
            ScheduledExecutorService executor,
            Supplier<Settings> settings) {
        this(store, pipeline, sink, executor, settings, List.of());
    }

    public DiagnosticsScheduler(
            DocumentStore store,
            AnalysisPipeline pipeline,
            DiagnosticsSink sink,
            ScheduledExecutorService executor,
            Supplier<Settings> settings,
            List<SlowAnalyzer> slowLayers) {
        this.slowLayers = List.copyOf(slowLayers);
        this.store = store;
        this.pipeline = pipeline;
        this.sink = sink;
        this.executor = executor;
        this.settings = settings;
    }

    public void opened(TextDocument document) {
        schedule(document, 0);
    }

    public void changed(TextDocument document) {
        schedule(document, settings.get().diagnostics().debounceMs());
    }

    /** Re-analyses every open document, e.g. after a settings change. */
    public void refresh(Iterable<TextDocument> documents) {
        for (TextDocument doc : documents) {
            schedule(doc, 0);
        }
    }

    public void closed(String uri) {
        Run previous = pending.remove(uri);
        if (previous != null) {
            previous.cancel();
        }
        synchronized (lock(uri)) {
            sink.clear(uri);
        }
        publishLocks.remove(uri);
    }

    private void schedule(TextDocument document, int delayMs) {
        Run next = new Run(document);
        Run previous = pending.put(document.uri(), next);
        if (previous != null) {
            previous.cancel();
        }
        try {
            next.future = executor.schedule(next, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The server is shutting down (e.g. the model finished loading after shutdown): nothing to analyse.
            pending.remove(document.uri(), next);
            LOG.fine("not analysing " + document.uri() + ": the server is shutting down");
        }
    }

    /**
     * One analysis of one version. Superseding is cooperative (a flag the pipeline polls, and the version check
     * before publishing): interrupting the thread could interrupt the write to the client's stream mid-message.
     */
    private final class Run implements Runnable {
        private final TextDocument document;
        private volatile boolean cancelled;
        private volatile Future<?> future;
        private final long created = System.nanoTime();

        Run(TextDocument document) {
            this.document = document;
        }

        void cancel() {
            cancelled = true;
            Future<?> f = future;
            if (f != null) {
                f.cancel(false); // drops it from the queue when it has not started
            }
        }

        @Override
        public void run() {
            if (cancelled || !isCurrent(document)) {
                return;
            }
            long started = System.nanoTime();
            long startedCpu = THREADS.getCurrentThreadCpuTime();
            Settings current = settings.get();
            List<Finding> findings;
            List<SlowAnalyzer> slow = List.of();
            try {
                findings = pipeline.analyze(document.text(), document::parsed, current, () -> cancelled);
                slow = slowLayers(document, current);
                if (!slow.isEmpty()) {
                    List<Finding> merged = new ArrayList<>(findings);
                    for (SlowAnalyzer layer : slow) {
                        merged.addAll(layer.quick(document.parsed()));
                    }
                    findings = sorted(merged);
                }
            } catch (CancellationException e) {
                return;
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                // One document's failure must not take the server down: report it on the document and go on.
                LOG.log(Level.SEVERE, "analysis failed for " + document.uri(), e);
                findings = List.of(ServerCode.INTERNAL_ERROR.at0(Severity.ERROR,
                        "pyassist could not analyse this file (" + e.getClass().getSimpleName()
                                + "); the details are in the server log"));
                slow = List.of();
            }
            boolean published = publish(findings);
            if (LOG.isLoggable(Level.FINE)) {
                long now = System.nanoTime();
                // CPU time beside wall time: on a busy machine the difference is the wait for a core and GC pauses
                long cpu = THREADS.getCurrentThreadCpuTime() - startedCpu;
                LOG.fine(String.format("%s v%d: waited %.1f ms, analysed %.1f ms (%.1f ms of CPU), %s %d findings",
                        document.uri(), document.version(), (started - created) / 1e6, (now - started) / 1e6,
                        cpu / 1e6,
                        published ? "published" : "dropped (superseded)", findings.size()));
            }
            if (!published || slow.isEmpty()) {
                return;
            }
            slowPhase(findings, slow);
        }

        /** The slow layers' findings, step by step, merged with the exact ones and published when they change. */
        private void slowPhase(List<Finding> published, List<SlowAnalyzer> slow) {
            List<Finding> settled = new ArrayList<>(published.size());
            for (Finding f : published) {
                if (slow.stream().noneMatch(l -> isFrom(l, f))) {
                    settled.add(f);
                }
            }
            try {
                for (SlowAnalyzer layer : slow) {
                    while (true) {
                        if (cancelled) {
                            return;
                        }
                        SlowAnalyzer.Step step = layer.step(document.parsed());
                        List<Finding> merged = new ArrayList<>(settled);
                        merged.addAll(step.findings());
                        merged = sorted(merged);
                        if (!merged.equals(published)) {
                            if (!publish(merged)) {
                                return;
                            }
                            published = merged;
                        }
                        if (step.done()) {
                            settled.addAll(step.findings());
                            break;
                        }
                    }
                }
            } catch (CancellationException e) {
                // superseded
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError | LinkageError e) {
                // The exact findings are out already; a slow layer's failure costs only its own findings.
                LOG.log(Level.SEVERE, "slow analysis failed for " + document.uri(), e);
            }
        }

        /** Publishes while this run is still wanted; false when it is not. */
        private boolean publish(List<Finding> findings) {
            synchronized (lock(document.uri())) {
                if (!cancelled && isCurrent(document)) {
                    sink.publish(document, findings);
                    return true;
                }
                return false;
            }
        }
    }

    private List<SlowAnalyzer> slowLayers(TextDocument document, Settings current) {
        if (slowLayers.isEmpty() || document.text().length() > current.diagnostics().maxFileChars()) {
            return List.of();
        }
        List<SlowAnalyzer> on = new ArrayList<>();
        for (SlowAnalyzer layer : slowLayers) {
            if (layer.enabled(current)) {
                on.add(layer);
            }
        }
        return on;
    }

    /** Findings of a slow layer are told apart by their code's layer prefix ({@code validator.*}). */
    private static boolean isFrom(SlowAnalyzer layer, Finding f) {
        return f.layer().equals(layer.layerName());
    }

    private static List<Finding> sorted(List<Finding> findings) {
        findings.sort(Finding.ORDER);
        return findings;
    }

    private boolean isCurrent(TextDocument document) {
        Integer version = store.currentVersion(document.uri());
        return version != null && version == document.version();
    }

    private Object lock(String uri) {
        return publishLocks.computeIfAbsent(uri, k -> new Object());
    }
}
