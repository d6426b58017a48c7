package dev.pyassist.lsp;


import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's threads, one pool per job, all daemons: analysis (2 workers), the timer (parent watch), AI actions,
 * requests off the JSON-RPC thread, the workspace indexer and the validator loader. Inference and HTTP never run
 * on the JSON-RPC thread.
 */
final class ServerThreads {
    final ScheduledExecutorService analysis = Executors.newScheduledThreadPool(2, daemonThreads("pyassist-analysis"));
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("pyassist-timer"));
    final ExecutorService assistWorkers = Executors.newCachedThreadPool(daemonThreads("pyassist-assist"));
    final ExecutorService requests = Executors.newCachedThreadPool(daemonThreads("pyassist-request"));
    final ScheduledExecutorService indexer =
            Executors.newSingleThreadScheduledExecutor(daemonThreads("pyassist-index"));
    final ScheduledExecutorService validatorLoader =
            Executors.newSingleThreadScheduledExecutor(daemonThreads("pyassist-validator-load"));

    /**
     * Stops the background work, on {@code shutdown} and when the connection ends: analysis, requests and AI
     * actions at once; the indexer after the update it is in (the caller closes the index); the validator loader
     * stops, but the ONNX session stays open (a scoring thread may still be inside it).
     */
    void stop() {
        analysis.shutdownNow();
        requests.shutdownNow();
        assistWorkers.shutdownNow();
        indexer.shutdown();
        validatorLoader.shutdownNow();
    }

    static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
