package dev.pyassist.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A secret value (an API key). {@link #toString()} and JSON serialisation are redacted, so a settings object can be
 * logged or dumped without leaking the key; only {@link #reveal()} gives the value, and only HTTP header code calls it.
 * Deserialises from a plain JSON string. Because serialisation redacts, a config layer must merge its sources as JSON
 * trees (or maps) and bind to {@link LlmSettings} last — never round-trip an {@code LlmSettings} through JSON.
 */
public final class Secret {

    public static final String REDACTED = "[redacted]";

    /** Key-like tokens (OpenAI {@code sk-...}, Anthropic {@code sk-ant-...}) scrubbed from server-provided text. */
    private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk|sk-ant|sk-proj)-[A-Za-z0-9_\\-]{6,}");

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps a value; {@code null} or blank gives {@code null}. */
    @JsonCreator
    public static Secret of(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return new Secret(value.strip());
    }

    /** The secret itself. Use only to build an HTTP header; never log or format the returned string. */
    public String reveal() {
        return value;
    }

    /**
     * Removes this secret, and anything shaped like a provider key, from {@code text} (for server error messages
     * that might echo the key).
     */
    public static String scrub(String text, Secret secret) {
        if (text == null) {
            return null;
        }
        String out = text;
        if (secret != null && !secret.value.isEmpty()) {
            out = out.replace(secret.value, REDACTED);
        }
        return KEY_LIKE.matcher(out).replaceAll(REDACTED);
    }

    /**
     * Secrets shorter than this are not scrubbed from answers: replacing every {@code test} in generated code would
     * wreck it, and a value that short protects nothing anyway.
     */
    static final int MIN_SCRUBBED_CHARS = 8;

    /** Whether {@code c} can be part of a {@link #KEY_LIKE} token (a token ends at the first other character). */
    public static boolean isKeyChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    /**
     * The values of {@code secrets} worth scrubbing, longest first (so a key containing another goes whole), held
     * where nothing but scrubbing can read them ({@code llm.SecretScrubber} uses them on every answer).
     */
    public static Values scrubbedValues(Collection<Secret> secrets) {
        return new Values(secrets.stream().filter(Objects::nonNull).map(s -> s.value)
                .filter(v -> v.length() >= MIN_SCRUBBED_CHARS).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList());
    }

    /** Secret values to scrub from text; they never leave this object. */
    public static final class Values {
        private final List<String> values;

        private Values(List<String> values) {
            this.values = values;
        }

        /** Replaces each value, not key-like tokens. */
        public String scrub(String text) {
            String out = text;
            for (String v : values) {
                out = out.replace(v, REDACTED);
            }
            return out;
        }

        /** The length of the longest value, 0 when there is none. */
        public int longest() {
            return values.isEmpty() ? 0 : values.get(0).length();
        }
    }

    /** Replaces key-like tokens. */
    public static String scrubKeyLike(String text) {
        return KEY_LIKE.matcher(text).replaceAll(REDACTED);
    }

    @JsonValue
    @Override
    public String toString() {
        return REDACTED;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), ((Secret) o).value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
