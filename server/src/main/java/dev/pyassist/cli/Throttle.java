package dev.pyassist.cli;

import java.io.PrintStream;

/** Prints progress lines on stderr at most once a second, so a long run shows it is alive without flooding logs. */
final class Throttle {
    private final PrintStream err;
    private final long intervalNanos;
    private long last = System.nanoTime();

    Throttle(PrintStream err, long intervalMillis) {
        this.err = err;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    synchronized void print(String line, boolean force) {
        long now = System.nanoTime();
        if (force || now - last >= intervalNanos) {
            last = now;
            err.println(line);
        }
    }
}
