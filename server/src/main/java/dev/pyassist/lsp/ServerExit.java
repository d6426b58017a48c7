package dev.pyassist.lsp;

import java.util.List;
import java.util.function.IntConsumer;
import java.util.logging.Logger;

/**
 * The one shutdown sequence, whichever way the end comes: {@code exit}, closed stdin, the editor's process gone
 * (these three end {@link LspServerRunner#run}), SIGTERM, SIGINT and SIGHUP (handled here: they end it the same
 * way), or {@code System.exit} from anywhere else (the shutdown hook). In order: background work stops (no new
 * analysis, so no new scoring), the validator waits for the ONNX Runtime calls in flight (a model load, a scoring
 * run; at most {@link #WAIT_MS} together) and closes its session, then the process exits.
 *
 * <p>Ending the JVM while a thread is inside ONNX Runtime crashed it: ORT's own shutdown hook frees its environment
 * under the running call, and so do its native exit handlers. When the wait runs out, the process therefore ends
 * without either ({@link ProcessExit#halt}).
 */
final class ServerExit {
    private static final Logger LOG = Logger.getLogger(ServerExit.class.getName());
    /** The longest an exit waits for ONNX Runtime (a model load takes about a second). */
    static final long WAIT_MS = Long.getLong("pyassist.exitWaitMs", 10_000L);

    private final ServerWiring wiring;
    private final boolean ownProcess;
    private boolean done;

    /** @param ownProcess whether the server owns the JVM (serve), rather than running inside a test */
    ServerExit(ServerWiring wiring, boolean ownProcess) {
        this.wiring = wiring;
        this.ownProcess = ownProcess;
    }

    /**
     * Lets signals end the server through {@code exit} (with status 128 + the signal's number, as the JVM's own
     * handler would) and runs the sequence from a shutdown hook too. Only for the server's own process.
     */
    void install(IntConsumer exit) {
        for (String name : List.of("TERM", "INT", "HUP")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> exit.accept(128 + s.getNumber()));
            } catch (IllegalArgumentException e) {
                // not on this platform, or ignored by whoever started us (nohup): the JVM's default stays
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> run(1), "pyassist-exit"));
    }

    /** Runs the sequence once; a second caller waits until the first is through. */
    synchronized void run(int code) {
        if (done) {
            return;
        }
        done = true;
        wiring.stopBackgroundWork();
        boolean idle = wiring.stopValidator(WAIT_MS);
        if (!ownProcess) {
            return;
        }
        ProcessExit.keepCrashLogOutOfWorkspace();
        if (!idle) {
            LOG.warning("exiting while ONNX Runtime is still busy: ending the process at once (status " + code + ")");
            ProcessExit.halt(code);
        }
    }
}
