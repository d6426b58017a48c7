package dev.pyassist.llm.remote;

import dev.pyassist.config.LlmSettings;
import dev.pyassist.config.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A fully resolved endpoint: settings, then environment, then defaults.
 *
 * @param providerName   "OpenAI-compatible" or "Anthropic" (for messages)
 * @param baseUrl        as configured (after defaulting), without trailing slash
 * @param endpoint       the full URL requests go to
 * @param apiKey         the key, or {@code null}
 * @param apiKeyRequired whether to fail before sending without a key
 * @param keyEnvVar      the environment variable that supplies the key (for messages)
 * @param keySetting     the settings key that supplies the key (for messages)
 */
public record EndpointConfig(
        String providerName,
        String baseUrl,
        URI endpoint,
        Secret apiKey,
        boolean apiKeyRequired,
        String keyEnvVar,
        String keySetting,
        String model,
        Duration connectTimeout,
        Duration timeout,
        int maxRetries,
        Duration retryBaseDelay,
        Duration maxRetryDelay,
        long maxResponseBytes,
        int maxTokens,
        String maxTokensParameter,
        String anthropicVersion) {

    public EndpointConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(model, "model");
    }

    /** The base URL without user info, query or fragment, safe to show. */
    public String displayUrl() {
        return safeUrl(baseUrl);
    }

    @Override
    public String toString() {
        return "EndpointConfig[" + providerName + " at " + displayUrl() + ", model=" + model
                + ", apiKey=" + (apiKey == null ? "none" : Secret.REDACTED) + "]";
    }

    /** Resolves the OpenAI-compatible endpoint. */
    public static EndpointConfig openAi(LlmSettings.Endpoint s, Map<String, String> env) {
        String base = firstNonBlank(s.baseUrl(), env.get("OPENAI_BASE_URL"), LlmSettings.DEFAULT_OPENAI_BASE_URL);
        base = stripSlash(base);
        URI baseUri = parse(base, "pyassist.llm.openai.baseUrl / OPENAI_BASE_URL");
        String path = baseUri.getRawPath() == null ? "" : baseUri.getRawPath();
        String endpointPath = (path.isEmpty() || path.equals("/")) ? "/v1/chat/completions" : path + "/chat/completions";
        URI endpoint = withPath(baseUri, endpointPath);
        Secret key = s.apiKey() != null ? s.apiKey() : Secret.of(env.get("OPENAI_API_KEY"));
        String host = baseUri.getHost() == null ? "" : baseUri.getHost().toLowerCase(Locale.ROOT);
        boolean required = s.apiKeyRequired() != null ? s.apiKeyRequired()
                : (host.equals("openai.com") || host.endsWith(".openai.com"));
        String param = s.maxTokensParameter() == null ? "max_tokens" : s.maxTokensParameter();
        if (!param.equals("max_tokens") && !param.equals("max_completion_tokens")) {
            throw new IllegalArgumentException(
                    "pyassist.llm.openai.maxTokensParameter must be max_tokens or max_completion_tokens: " + param);
        }
        return common("OpenAI-compatible", base, endpoint, key, required, "OPENAI_API_KEY",
                "pyassist.llm.openai.apiKey", s, LlmSettings.DEFAULT_OPENAI_MODEL, param, null);
    }

    /** Resolves the Anthropic endpoint. */
    public static EndpointConfig anthropic(LlmSettings.Endpoint s, Map<String, String> env) {
        String base = firstNonBlank(s.baseUrl(), env.get("ANTHROPIC_BASE_URL"), LlmSettings.DEFAULT_ANTHROPIC_BASE_URL);
        base = stripSlash(base);
        URI baseUri = parse(base, "pyassist.llm.anthropic.baseUrl / ANTHROPIC_BASE_URL");
        String path = baseUri.getRawPath() == null ? "" : stripSlash(baseUri.getRawPath());
        String endpointPath = path.endsWith("/v1") ? path + "/messages" : path + "/v1/messages";
        URI endpoint = withPath(baseUri, endpointPath);
        Secret key = s.apiKey() != null ? s.apiKey() : Secret.of(env.get("ANTHROPIC_API_KEY"));
        boolean required = s.apiKeyRequired() == null || s.apiKeyRequired();
        String version = s.anthropicVersion() == null ? LlmSettings.DEFAULT_ANTHROPIC_VERSION : s.anthropicVersion();
        return common("Anthropic", base, endpoint, key, required, "ANTHROPIC_API_KEY",
                "pyassist.llm.anthropic.apiKey", s, LlmSettings.DEFAULT_ANTHROPIC_MODEL, null, version);
    }

    private static EndpointConfig common(String provider, String base, URI endpoint, Secret key, boolean required,
            String envVar, String setting, LlmSettings.Endpoint s, String defaultModel, String param,
            String version) {
        return new EndpointConfig(provider, base, endpoint, key, required, envVar, setting,
                s.model() == null ? defaultModel : s.model(),
                Duration.ofMillis(positive(s.connectTimeoutMs(), 10_000, "connectTimeoutMs")),
                Duration.ofMillis(positive(s.timeoutMs(), 120_000, "timeoutMs")),
                nonNegative(s.maxRetries(), 2, "maxRetries"),
                Duration.ofMillis(nonNegative(s.retryBaseDelayMs(), 500, "retryBaseDelayMs")),
                Duration.ofMillis(nonNegative(s.maxRetryDelayMs(), 30_000, "maxRetryDelayMs")),
                s.maxResponseBytes() == null ? 8L << 20 : Math.max(1L, s.maxResponseBytes()),
                positive(s.maxTokens(), 1024, "maxTokens"),
                param, version);
    }

    private static int positive(Integer v, int dflt, String name) {
        if (v == null) {
            return dflt;
        }
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + v);
        }
        return v;
    }

    private static int nonNegative(Integer v, int dflt, String name) {
        if (v == null) {
            return dflt;
        }
        if (v < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + v);
        }
        return v;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        throw new AssertionError();
    }

    private static String stripSlash(String s) {
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static URI parse(String url, String where) {
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw new URISyntaxException(url, "not an http(s) URL with a host");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + ": not a valid http(s) URL: " + safeUrl(url));
        }
    }

    private static URI withPath(URI base, String path) {
        try {
            // user info is dropped: the JDK client does not use it, and it must not end up in messages
            return new URI(base.getScheme(), null, base.getHost(), base.getPort(), path, base.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad base URL " + safeUrl(base.toString()), e);
        }
    }

    /** Drops user info and query from a URL so it can be shown. */
    static String safeUrl(String url) {
        try {
            URI u = new URI(url);
            if (u.getHost() == null) {
                return "<invalid URL>";
            }
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return "<invalid URL>";
        }
    }
}
