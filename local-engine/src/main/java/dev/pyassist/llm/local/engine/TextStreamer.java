package dev.pyassist.llm.local.engine;

import dev.pyassist.llm.TokenListener;
import java.util.List;
import java.util.function.Function;

/**
 * Turns the growing list of generated ids into text deltas. Decodes the whole continuation each step (so a
 * multi-byte character split across tokens is never emitted half: the decoder shows it as U+FFFD until complete,
 * and a trailing U+FFFD is held back), finds stop sequences in the text, and holds back any tail that could still
 * become a stop sequence, so the listener never sees text past a stop.
 */
final class TextStreamer {

    private final Function<long[], String> decoder;
    private final List<String> stops;
    private final TokenListener out;
    private String text = "";
    private int emitted;
    private boolean stopped;

    TextStreamer(Function<long[], String> decoder, List<String> stops, TokenListener out) {
        this.decoder = decoder;
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
        this.out = out == null ? TokenListener.NONE : out;
    }

    /** Takes the ids so far; returns true when a stop sequence has been reached (the text is then final). */
    boolean update(long[] ids, int n) {
        long[] prefix = n == ids.length ? ids : java.util.Arrays.copyOf(ids, n);
        String full = decoder.apply(prefix);
        int stopAt = firstStop(full);
        if (stopAt >= 0) {
            text = full.substring(0, stopAt);
            stopped = true;
            emitUpTo(text.length());
            return true;
        }
        text = full;
        int safe = full.length() - stopPrefixTail(full);
        while (safe > emitted && full.charAt(safe - 1) == '\uFFFD') {
            safe--;
        }
        if (safe > 0 && safe < full.length() && Character.isHighSurrogate(full.charAt(safe - 1))) {
            safe--;
        }
        emitUpTo(safe);
        return false;
    }

    /** Emits whatever is held back (end of text or token limit). */
    String finish() {
        emitUpTo(text.length());
        return text;
    }

    boolean stopped() {
        return stopped;
    }

    String text() {
        return text;
    }

    private void emitUpTo(int end) {
        if (end > emitted) {
            out.onToken(text.substring(emitted, end));
            emitted = end;
        }
    }

    private int firstStop(String s) {
        int best = -1;
        for (String stop : stops) {
            int i = s.indexOf(stop, Math.max(0, emitted - stop.length()));
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }

    /** Length of the longest suffix of {@code s} that is a proper prefix of some stop sequence. */
    private int stopPrefixTail(String s) {
        int best = 0;
        for (String stop : stops) {
            for (int len = Math.min(stop.length() - 1, s.length()); len > best; len--) {
                if (s.regionMatches(s.length() - len, stop, 0, len)) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }
}
