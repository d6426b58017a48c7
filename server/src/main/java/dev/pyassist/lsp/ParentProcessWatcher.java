package dev.pyassist.lsp;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.logging.Logger;

/**
 * Ends the server when the editor that started it is gone, so a crashed editor leaves no orphan behind. The
 * editor's process id may come from {@code --clientProcessId} and from {@code initialize}'s {@code processId};
 * the server exits when any of them dies. Polls {@link ProcessHandle#isAlive()}, since {@code onExit()} of a
 * process that is not our child is itself only a poll.
 */
public final class ParentProcessWatcher {
    private static final Logger LOG = Logger.getLogger(ParentProcessWatcher.class.getName());
    private static final long POLL_MS = 1000;

    private final ScheduledExecutorService timer;
    private final IntConsumer exit;
    private final Set<Long> watched = ConcurrentHashMap.newKeySet();

    public ParentProcessWatcher(ScheduledExecutorService timer, IntConsumer exit) {
        this.timer = timer;
        this.exit = exit;
    }

    public synchronized void watch(long pid) {
        if (!isAlive(pid)) {
            LOG.warning("parent process " + pid + " is not running; it will not be watched");
            return;
        }
        boolean first = watched.isEmpty();
        if (watched.add(pid) && first) {
            timer.scheduleWithFixedDelay(this::check, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void check() {
        for (long pid : watched) {
            if (!isAlive(pid)) {
                LOG.warning("parent process " + pid + " is gone; exiting");
                exit.accept(1);
                return;
            }
        }
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
