package dev.pyassist.lsp;

import dev.pyassist.config.Settings;
import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.ServerCode;
import dev.pyassist.diagnostics.Severity;
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
 */
public final class DiagnosticsScheduler {
    private static final Logger LOG = Logger.getLogger(DiagnosticsScheduler.class.getName());

    private final DocumentStore store;
    private final AnalysisPipeline pipeline;
    private final DiagnosticsSink sink;
    private final ScheduledExecutorService executor;
    private final Supplier<Settings> settings;
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
        next.future = executor.schedule(next, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
    }

    /**
     * One analysis of one version. Superseding is cooperative (a flag the pipeline polls, and the version check
     * before publishing): interrupting the thread could interrupt the write to the client's stream mid-message.
     */
    private final class Run implements Runnable {
        private final TextDocument document;
        private volatile boolean cancelled;
        private volatile Future<?> future;

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
            List<Finding> findings;
            try {
                findings = pipeline.analyze(document.text(), document::parsed, settings.get(), () -> cancelled);
            } catch (CancellationException e) {
                return;
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                // One document's failure must not take the server down: report it on the document and go on.
                LOG.log(Level.SEVERE, "analysis failed for " + document.uri(), e);
                findings = List.of(ServerCode.INTERNAL_ERROR.at0(Severity.ERROR,
                        "pyassist could not analyse this file (" + e.getClass().getSimpleName()
                                + "); the details are in the server log"));
            }
            synchronized (lock(document.uri())) {
                if (!cancelled && isCurrent(document)) {
                    sink.publish(document, findings);
                }
            }
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
