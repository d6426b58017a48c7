package dev.pyassist.llm.local.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Deltas, stop sequences and held-back tails with a fake decoder (id i decodes to piece i). */
class TextStreamerTest {

    private static Function<long[], String> pieces(String... p) {
        return ids -> {
            StringBuilder sb = new StringBuilder();
            for (long id : ids) {
                sb.append(p[(int) id]);
            }
            return sb.toString();
        };
    }

    private static List<String> run(TextStreamer s, int n, int[] stoppedAt) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            if (s.update(ids, i + 1)) {
                stoppedAt[0] = i;
                break;
            }
        }
        s.finish();
        return List.of();
    }

    @Test
    void neverEmitsTextPastAStopSequenceEvenWhenItSpansTokens() {
        List<String> deltas = new ArrayList<>();
        TextStreamer s = new TextStreamer(pieces("def f():", "\n    ret", "urn 1\n", "\nde", "f g"), List.of("\n\ndef"),
                deltas::add);
        int[] at = {-1};
        run(s, 5, at);
        assertEquals(4, at[0]);
        assertEquals("def f():\n    return 1", s.text());
        assertEquals(s.text(), String.join("", deltas));
        assertTrue(s.stopped());
    }

    @Test
    void holdsBackAPossibleStopPrefixThenReleasesIt() {
        List<String> deltas = new ArrayList<>();
        TextStreamer s = new TextStreamer(pieces("ab", "<e", "x"), List.of("<end>"), deltas::add);
        s.update(new long[] {0, 1}, 2);
        assertEquals(List.of("ab"), deltas);
        s.update(new long[] {0, 1, 2}, 3);
        assertEquals(List.of("ab", "<ex"), deltas);
        assertFalse(s.stopped());
        assertEquals("ab<ex", s.finish());
    }

    @Test
    void holdsBackAnIncompleteCharacter() {
        List<String> deltas = new ArrayList<>();
        TextStreamer s = new TextStreamer(pieces("caf", "\uFFFD", "é"), List.of(), deltas::add);
        // the decoder shows a split multi-byte char as U+FFFD until its last byte arrives
        s.update(new long[] {0, 1}, 2);
        assertEquals(List.of("caf"), deltas);
        TextStreamer s2 = new TextStreamer(ids -> ids.length == 2 ? "caf\uFFFD" : "café", List.of(), deltas::add);
        deltas.clear();
        s2.update(new long[] {0, 1}, 2);
        s2.update(new long[] {0, 1, 2}, 3);
        assertEquals(List.of("caf", "é"), deltas);
    }
}
