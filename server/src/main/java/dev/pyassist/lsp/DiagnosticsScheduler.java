package dev.pyassist.lsp;

import dev.pyassist.config.Settings;
import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.ServerCode;
import dev.pyassist.diagnostics.Severity;
import dev.pyassist.diagnostics.SlowAnalyzer;
import java.util.ArrayList;
import java.util.Comparator;
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
 * <p>Slow layers (the neural validator) run as a second phase of the same task: the first publish holds the
 * exact findings plus what the slow layers know at once (their cache), the second everything, for the same
 * version, and only when it adds something. A newer version cancels both phases.
 */
public final class DiagnosticsScheduler {
    private static final Logger LOG = Logger.getLogger(DiagnosticsScheduler.class.getName());

    private final DocumentStore store;
    private final AnalysisPipeline pipeline;
    private final DiagnosticsSink sink;
    private final ScheduledExecutorService executor;
    private final Supplier<Settings> settings;
    private final List<SlowAnalyzer> slowLayers;
    private final Map<String, Future<?>> pending = new ConcurrentHashMap<>();
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
        Future<?> previous = pending.remove(uri);
        synchronized (lock(uri)) {
            if (previous != null) {
                previous.cancel(true);
            }
            sink.clear(uri);
        }
        publishLocks.remove(uri);
    }

    private void schedule(TextDocument document, int delayMs) {
        Future<?> next = executor.schedule(() -> run(document), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        Future<?> previous = pending.put(document.uri(), next);
        if (previous != null) {
            // Under the publish lock: an interrupt landing while a run writes to the client would close an
            // interruptible channel (NIO pipes, sockets) and with it the connection.
            synchronized (lock(document.uri())) {
                previous.cancel(true);
            }
        }
    }

    private void run(TextDocument document) {
        if (!isCurrent(document)) {
            return;
        }
        Settings current = settings.get();
        List<Finding> findings;
        List<SlowAnalyzer> slow = List.of();
        try {
            findings = pipeline.analyze(document.text(), document::parsed, current);
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
        if (!publish(document, findings) || slow.isEmpty()) {
            return;
        }
        // Second phase: the slow layers' findings, step by step, each time merged with the exact ones and
        // published for the same version when they changed.
        List<Finding> exact = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            if (slow.stream().noneMatch(l -> isFrom(l, f))) {
                exact.add(f);
            }
        }
        List<Finding> published = findings;
        try {
            for (SlowAnalyzer layer : slow) {
                while (true) {
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    SlowAnalyzer.Step step = layer.step(document.parsed());
                    List<Finding> merged = new ArrayList<>(exact);
                    merged.addAll(step.findings());
                    merged = sorted(merged);
                    if (!merged.equals(published)) {
                        if (!publish(document, merged)) {
                            return;
                        }
                        published = merged;
                    }
                    if (step.done()) {
                        exact.addAll(step.findings());
                        break;
                    }
                }
            }
        } catch (CancellationException e) {
            return;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError | LinkageError e) {
            // The exact findings are out already; a slow layer's failure costs only its own findings.
            LOG.log(Level.SEVERE, "slow analysis failed for " + document.uri(), e);
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

    /** Findings of a slow layer are told apart by their code's layer prefix (validator.*). */
    private static boolean isFrom(SlowAnalyzer layer, Finding f) {
        return f.layer().equals(layer.layerName());
    }

    private static List<Finding> sorted(List<Finding> findings) {
        findings.sort(Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end)
                .thenComparing(Finding::code));
        return findings;
    }

    /** Publishes if the version is still current; false when it is not (or the run was cancelled). */
    private boolean publish(TextDocument document, List<Finding> findings) {
        synchronized (lock(document.uri())) {
            if (isCurrent(document) && !Thread.currentThread().isInterrupted()) {
                sink.publish(document, findings);
                return true;
            }
            return false;
        }
    }

    private boolean isCurrent(TextDocument document) {
        Integer version = store.currentVersion(document.uri());
        return version != null && version == document.version();
    }

    private Object lock(String uri) {
        return publishLocks.computeIfAbsent(uri, k -> new Object());
    }
}
