package dev.pyassist.llm.remote;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads how long a server asks us to wait: {@code retry-after-ms} (OpenAI), then {@code Retry-After}. */
public final class RetryAfter {

    private RetryAfter() {
    }

    public static Optional<Duration> from(HttpHeaders headers, Clock clock) {
        if (headers == null) {
            return Optional.empty();
        }
        Optional<String> ms = headers.firstValue("retry-after-ms");
        if (ms.isPresent()) {
            try {
                double v = Double.parseDouble(ms.get().strip());
                if (v >= 0 && !Double.isInfinite(v)) {
                    return Optional.of(Duration.ofMillis((long) Math.ceil(v)));
                }
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        return headers.firstValue("retry-after").flatMap(v -> parse(v, clock));
    }

    /** Parses a {@code Retry-After} value: delay-seconds (decimals tolerated) or an HTTP-date. */
    public static Optional<Duration> parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        try {
            double secs = Double.parseDouble(v);
            if (secs < 0 || Double.isNaN(secs) || Double.isInfinite(secs)) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis((long) Math.ceil(secs * 1000)));
        } catch (NumberFormatException ignored) {
            // an HTTP-date
        }
        try {
            ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), when.toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
