package dev.pyassist.cli;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * {@code pyassist check}'s progress on stderr: files and validator units done, the rate, and the time left,
 * estimated from the bytes still to check. Throttled (one {@link Throttle}); silent when there is none.
 */
final class CheckProgress {
    private final Throttle throttle;
    private final int files;
    private final long bytes;
    private final LongSupplier units;
    private final long startNanos = System.nanoTime();
    private final AtomicInteger filesDone = new AtomicInteger();
    private final AtomicLong bytesDone = new AtomicLong();

    /**
     * @param throttle where lines go, or null for no progress
     * @param units units checked so far (the validator's count; 0 without it)
     */
    CheckProgress(Throttle throttle, int files, long bytes, LongSupplier units) {
        this.throttle = throttle;
        this.files = files;
        this.bytes = Math.max(1, bytes);
        this.units = units;
    }

    void fileDone(long size) {
        int done = filesDone.incrementAndGet();
        bytesDone.addAndGet(size);
        if (throttle != null && throttle.due()) {
            throttle.print(line(done, units.getAsLong(), elapsedNanos(), bytesDone.get()), false);
        }
    }

    /** Clears the progress line and says what was done, once, before the report. */
    void finish(int unitsFromCache) {
        if (throttle == null) {
            return;
        }
        throttle.clear();
        double s = elapsedNanos() / 1e9;
        String cached = unitsFromCache > 0 ? String.format(Locale.ROOT, " (%,d from the cache)", unitsFromCache) : "";
        throttle.print(String.format(Locale.ROOT, "pyassist: checked %,d files, %,d units%s in %s", files,
                units.getAsLong(), cached, duration(s)), true);
        throttle.clear();
    }

    private long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    /** One progress line: {@code pyassist: 412/1,790 files, 9,120 units (310 units/s), about 3m 10s left}. */
    String line(int done, long unitsDone, long elapsedNanos, long bytesSoFar) {
        double s = elapsedNanos / 1e9;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "pyassist: %,d/%,d files", done, files));
        if (unitsDone > 0) {
            sb.append(String.format(Locale.ROOT, ", %,d units", unitsDone));
            if (s >= 1) {
                sb.append(String.format(Locale.ROOT, " (%,.0f units/s)", unitsDone / s));
            }
        }
        if (bytesSoFar > 0 && s >= 1 && done < files) {
            double left = s * (bytes - bytesSoFar) / bytesSoFar;
            sb.append(", about ").append(duration(left)).append(" left");
        }
        return sb.toString();
    }

    static String duration(double seconds) {
        long t = Math.max(0, Math.round(seconds));
        if (t < 60) {
            return t + "s";
        }
        if (t < 3600) {
            return (t / 60) + "m " + (t % 60) + "s";
        }
        return (t / 3600) + "h " + (t % 3600 / 60) + "m";
    }
}
