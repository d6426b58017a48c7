package dev.pyassist.llm;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
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
