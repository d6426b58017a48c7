package dev.pyassist.cli;

import java.io.PrintStream;

/**
 * Prints progress lines on stderr at most once an interval, so a long run shows it is alive without flooding
 * logs. On a terminal ({@code sameLine}) each line replaces the last one, and {@link #clear} removes it before
 * the report is printed.
 */
final class Throttle {
    private final PrintStream err;
    private final long intervalNanos;
    private final boolean sameLine;
    private long last = System.nanoTime();
    private boolean shown;

    Throttle(PrintStream err, long intervalMillis) {
        this(err, intervalMillis, false);
    }

    Throttle(PrintStream err, long intervalMillis, boolean sameLine) {
        this.err = err;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.sameLine = sameLine;
    }

    synchronized void print(String line, boolean force) {
        long now = System.nanoTime();
        if (force || now - last >= intervalNanos) {
            last = now;
            if (sameLine) {
                err.print("\r" + line + "\u001b[K");
                err.flush();
                shown = true;
            } else {
                err.println(line);
            }
        }
    }

    /** Whether a line is due now (so a caller can skip building it). */
    synchronized boolean due() {
        return System.nanoTime() - last >= intervalNanos;
    }

    /** Removes a same-line progress line, if one is showing. */
    synchronized void clear() {
        if (sameLine && shown) {
            err.print("\r\u001b[K");
            err.flush();
            shown = false;
        }
    }
}
