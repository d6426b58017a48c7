package dev.pyassist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CheckProgressTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aLineSaysFilesUnitsRateAndTimeLeftFromTheBytesStillToCheck() {
        var p = new CheckProgress(null, 1790, 40_000_000, () -> 0);
        assertEquals("pyassist: 412/1,790 files, 9,120 units (304 units/s), about 1m 30s left",
                p.line(412, 9120, 30 * SECOND, 10_000_000));
        assertEquals("pyassist: 3/1,790 files", p.line(3, 0, SECOND / 2, 1000), "no rate nor estimate in the first second");
        assertEquals("pyassist: 1,790/1,790 files, 40,000 units (400 units/s)",
                p.line(1790, 40_000, 100 * SECOND, 40_000_000));
    }

    @Test
    void durationsReadLikeAClock() {
        assertEquals("59s", CheckProgress.duration(59.4));
        assertEquals("3m 5s", CheckProgress.duration(185));
        assertEquals("1h 2m", CheckProgress.duration(3720));
    }
}
