package dev.pyassist.lsp;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.logging.Logger;

/**
 * Ends the server when the editor that started it is gone, so a crashed editor leaves no orphan behind.
 * Polls {@link ProcessHandle#isAlive()} since {@code onExit()} of a process that is not our child is itself
 * only a poll.
 */
public final class ParentProcessWatcher {
    private static final Logger LOG = Logger.getLogger(ParentProcessWatcher.class.getName());
    private static final long POLL_MS = 1000;

    private final ScheduledExecutorService timer;
    private final IntConsumer exit;
    private volatile long watched = -1;

    public ParentProcessWatcher(ScheduledExecutorService timer, IntConsumer exit) {
        this.timer = timer;
        this.exit = exit;
    }

    public synchronized void watch(long pid) {
        if (watched == pid) {
            return;
        }
        boolean first = watched < 0;
        watched = pid;
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            LOG.warning("parent process " + pid + " is not running; it will not be watched");
            watched = -1;
            return;
        }
        if (first) {
            timer.scheduleWithFixedDelay(this::check, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void check() {
        long pid = watched;
        if (pid >= 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            LOG.warning("parent process " + pid + " is gone; exiting");
            exit.accept(1);
        }
    }
}
