package dev.pyassist.llm.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-21T15:00:00Z"), ZoneOffset.UTC);

    @Test
    void seconds() {
        assertEquals(Optional.of(Duration.ofSeconds(3)), RetryAfter.parse("3", clock));
        assertEquals(Optional.of(Duration.ofMillis(1500)), RetryAfter.parse(" 1.5 ", clock));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("0", clock));
    }

    @Test
    void httpDate() {
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Sat, 21 Nov 2026 15:01:30 GMT", clock));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Sat, 21 Nov 2026 14:00:00 GMT", clock),
                "a date in the past means now");
    }

    @Test
    void garbage() {
        assertEquals(Optional.empty(), RetryAfter.parse("soon", clock));
        assertEquals(Optional.empty(), RetryAfter.parse("-5", clock));
        assertEquals(Optional.empty(), RetryAfter.parse("", clock));
    }

    @Test
    void retryAfterMsWinsOverRetryAfter() {
        HttpHeaders h = HttpHeaders.of(Map.of("retry-after-ms", List.of("250"), "Retry-After", List.of("9")),
                (a, b) -> true);
        assertEquals(Optional.of(Duration.ofMillis(250)), RetryAfter.from(h, clock));
        HttpHeaders h2 = HttpHeaders.of(Map.of("Retry-After", List.of("2")), (a, b) -> true);
        assertEquals(Optional.of(Duration.ofSeconds(2)), RetryAfter.from(h2, clock));
    }
}
