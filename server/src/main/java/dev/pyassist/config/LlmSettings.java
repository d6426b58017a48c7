package dev.pyassist.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Typed LLM settings, filled by the config layer from {@code initializationOptions}, {@code workspace/configuration}
 * ({@code pyassist.llm}), the user settings file and {@code [tool.pyassist.llm]} in {@code pyproject.toml} (which
 * cannot set base URLs, keys, routing or the local engine and model: {@code config.UserOnlySettings}). Every field
 * is optional; absent fields fall back to the environment ({@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL},
 * {@code ANTHROPIC_API_KEY}, {@code ANTHROPIC_BASE_URL}) and then to the defaults below. Unknown fields are ignored. See {@code package-info}
 * for the JSON shape.
 *
 * @param openai         the OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp server, LM Studio)
 * @param anthropic      the Anthropic Messages endpoint
 * @param defaultBackend backend id for tasks that name none; default: {@code "anthropic"} when only
 *                       {@code ANTHROPIC_API_KEY} is set in the environment, else {@code "openai"}
 * @param tasks          per-task settings keyed by task name in lower case ({@code "summarize"}, ...)
 * @param local          the in-process local engine (backend id {@code "local"}); see {@link Local}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LlmSettings(
        Endpoint openai,
        Endpoint anthropic,
        String defaultBackend,
        Map<String, TaskSettings> tasks,
        Local local) {

    public static final String OPENAI = "openai";
    public static final String ANTHROPIC = "anthropic";
    public static final String LOCAL = "local";

    public static final String DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_ANTHROPIC_BASE_URL = "https://api.anthropic.com";
    public static final String DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
    public static final String DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-4-5";
    public static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";

    public LlmSettings {
        openai = openai == null ? Endpoint.EMPTY : openai;
        anthropic = anthropic == null ? Endpoint.EMPTY : anthropic;
        Map<String, TaskSettings> norm = new HashMap<>();
        if (tasks != null) {
            tasks.forEach((k, v) -> {
                if (k != null && v != null) {
                    norm.put(k.toLowerCase(Locale.ROOT), v);
                }
            });
        }
        tasks = Map.copyOf(norm);
        local = local == null ? Local.EMPTY : local;
    }

    /** Settings without a local engine (the shape before the local backend existed). */
    public LlmSettings(Endpoint openai, Endpoint anthropic, String defaultBackend, Map<String, TaskSettings> tasks) {
        this(openai, anthropic, defaultBackend, tasks, null);
    }

    /** All defaults. */
    public static LlmSettings defaults() {
        return new LlmSettings(null, null, null, null, null);
    }

    /** The settings for a task, with the task's defaults filled in. */
    public TaskSettings task(LlmTask task) {
        return TaskSettings.defaultsFor(task).overriddenBy(tasks.get(task.key()));
    }

    /** The backend id for a task: the task's own setting, else {@link #defaultBackend}, else from the environment. */
    public String backendFor(LlmTask task, Map<String, String> env) {
        TaskSettings t = tasks.get(task.key());
        if (t != null && t.backend() != null && !t.backend().isBlank()) {
            return t.backend().strip().toLowerCase(Locale.ROOT);
        }
        if (defaultBackend != null && !defaultBackend.isBlank()) {
            return defaultBackend.strip().toLowerCase(Locale.ROOT);
        }
        boolean anthropicOnly = anthropic.apiKey() != null
                || present(env, "ANTHROPIC_API_KEY") || present(env, "ANTHROPIC_BASE_URL");
        boolean openaiConfigured = openai.apiKey() != null || openai.baseUrl() != null
                || present(env, "OPENAI_API_KEY") || present(env, "OPENAI_BASE_URL");
        return anthropicOnly && !openaiConfigured ? ANTHROPIC : OPENAI;
    }

    private static boolean present(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }

    /**
     * One HTTP endpoint. All fields optional.
     *
     * @param baseUrl           OpenAI: up to and including {@code /v1} (default {@code $OPENAI_BASE_URL}, else
     *                          {@code https://api.openai.com/v1}; a URL without a path gets {@code /v1}); Anthropic:
     *                          the host (default {@code $ANTHROPIC_BASE_URL}, else {@code https://api.anthropic.com})
     * @param apiKey            the key (default {@code $OPENAI_API_KEY} / {@code $ANTHROPIC_API_KEY}); redacted when
     *                          printed or serialised
     * @param apiKeyRequired    fail before sending when no key is set; default: always for Anthropic, for
     *                          OpenAI-compatible only when the host is {@code *.openai.com} (local servers need none)
     * @param model             default model of this endpoint
     * @param connectTimeoutMs  TCP/TLS connect timeout, default 10000
     * @param timeoutMs         overall timeout of one generation, retries and streaming included, default 120000
     * @param maxRetries        retries after the first attempt on 429/5xx, default 2
     * @param retryBaseDelayMs  first backoff delay when no {@code Retry-After} is given (doubles each retry), default 500
     * @param maxRetryDelayMs   longest wait we accept between attempts; a longer {@code Retry-After} fails at once,
     *                          default 30000
     * @param maxResponseBytes  cap on response body bytes, default 8 MiB
     * @param maxTokens         output limit when neither request nor task sets one, default 1024 (Anthropic needs one)
     * @param maxTokensParameter OpenAI only: {@code "max_tokens"} (default, widest support) or
     *                          {@code "max_completion_tokens"} (newer OpenAI models)
     * @param anthropicVersion  Anthropic only: the {@code anthropic-version} header, default {@code 2023-06-01}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Endpoint(
            String baseUrl,
            Secret apiKey,
            Boolean apiKeyRequired,
            String model,
            Integer connectTimeoutMs,
            Integer timeoutMs,
            Integer maxRetries,
            Integer retryBaseDelayMs,
            Integer maxRetryDelayMs,
            Long maxResponseBytes,
            Integer maxTokens,
            String maxTokensParameter,
            String anthropicVersion) {

        public static final Endpoint EMPTY =
                new Endpoint(null, null, null, null, null, null, null, null, null, null, null, null, null);

        public Endpoint {
            baseUrl = blankToNull(baseUrl);
            model = blankToNull(model);
            maxTokensParameter = blankToNull(maxTokensParameter);
            anthropicVersion = blankToNull(anthropicVersion);
        }

        public Endpoint withBaseUrl(String url) {
            return new Endpoint(url, apiKey, apiKeyRequired, model, connectTimeoutMs, timeoutMs, maxRetries,
                    retryBaseDelayMs, maxRetryDelayMs, maxResponseBytes, maxTokens, maxTokensParameter,
                    anthropicVersion);
        }

        public Endpoint withApiKey(Secret key) {
            return new Endpoint(baseUrl, key, apiKeyRequired, model, connectTimeoutMs, timeoutMs, maxRetries,
                    retryBaseDelayMs, maxRetryDelayMs, maxResponseBytes, maxTokens, maxTokensParameter,
                    anthropicVersion);
        }

        public Endpoint withTimeouts(Integer connectMs, Integer overallMs) {
            return new Endpoint(baseUrl, apiKey, apiKeyRequired, model, connectMs, overallMs, maxRetries,
                    retryBaseDelayMs, maxRetryDelayMs, maxResponseBytes, maxTokens, maxTokensParameter,
                    anthropicVersion);
        }

        public Endpoint withRetries(Integer retries, Integer baseDelayMs, Integer maxDelayMs) {
            return new Endpoint(baseUrl, apiKey, apiKeyRequired, model, connectTimeoutMs, timeoutMs, retries,
                    baseDelayMs, maxDelayMs, maxResponseBytes, maxTokens, maxTokensParameter, anthropicVersion);
        }

        public Endpoint withMaxResponseBytes(Long bytes) {
            return new Endpoint(baseUrl, apiKey, apiKeyRequired, model, connectTimeoutMs, timeoutMs, maxRetries,
                    retryBaseDelayMs, maxRetryDelayMs, bytes, maxTokens, maxTokensParameter, anthropicVersion);
        }

        public Endpoint withModel(String m) {
            return new Endpoint(baseUrl, apiKey, apiKeyRequired, m, connectTimeoutMs, timeoutMs, maxRetries,
                    retryBaseDelayMs, maxRetryDelayMs, maxResponseBytes, maxTokens, maxTokensParameter,
                    anthropicVersion);
        }
    }

    /**
     * Per-task settings. All fields optional.
     *
     * @param backend     backend id serving the task ({@code "openai"}, {@code "anthropic"}, {@code "local"})
     * @param model       model for the task (default: the backend's model)
     * @param maxTokens   output limit
     * @param temperature sampling temperature
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TaskSettings(String backend, String model, Integer maxTokens, Double temperature) {

        public TaskSettings {
            backend = blankToNull(backend);
            model = blankToNull(model);
        }

        static TaskSettings defaultsFor(LlmTask task) {
            switch (task) {
                case SUMMARIZE:
                    return new TaskSettings(null, null, 512, 0.2);
                case TRANSLATE:
                    return new TaskSettings(null, null, 4096, 0.1);
                case GENERATE:
                    return new TaskSettings(null, null, 2048, 0.2);
                case ASK:
                    return new TaskSettings(null, null, 2048, 0.3);
                case CLASSIFY:
                    return new TaskSettings(null, null, 16, 0.0);
                case COMPLETE:
                    // greedy: the same context gives the same suggestion, which the suggestion cache relies on
                    return new TaskSettings(null, null, 128, 0.0);
                default:
                    throw new AssertionError(task);
            }
        }

        TaskSettings overriddenBy(TaskSettings o) {
            if (o == null) {
                return this;
            }
            return new TaskSettings(
                    o.backend != null ? o.backend : backend,
                    o.model != null ? o.model : model,
                    o.maxTokens != null ? o.maxTokens : maxTokens,
                    o.temperature != null ? o.temperature : temperature);
        }
    }

    /**
     * The in-process local engine: a StarCoder-family checkpoint with PEFT LoRA adapters, run by the engine jar
     * ({@code local-engine/}). Nothing is loaded until a task routed to {@code "local"} runs. All fields optional.
     *
     * @param model             folder of the Hugging Face checkpoint ({@code config.json}, safetensors,
     *                          {@code tokenizer.json}); required once a task is routed to {@code "local"}
     * @param adapters          PEFT LoRA adapter folders by task ({@code summarize}, {@code translate},
     *                          {@code generate}); a task without one runs on the base model
     * @param mergeAdapter      the task whose adapter is merged into the weights for speed (the others are then
     *                          not available); empty keeps all adapters unmerged and switchable
     * @param threads           intra-op threads; 0 (default) lets the engine use all cores
     * @param engineJar         path of {@code pyassist-local-engine.jar}; empty: {@code $PYASSIST_LOCAL_ENGINE_JAR},
     *                          else next to {@code pyassist.jar}, else {@code local-engine/target/} of a checkout
     * @param topK              sampling: keep the k most likely tokens, 0 keeps all (default)
     * @param topP              sampling: nucleus mass in (0, 1], default 1 (off)
     * @param repetitionPenalty CTRL-style penalty, default 1 (off)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Local(
            String model,
            Map<String, String> adapters,
            String mergeAdapter,
            Integer threads,
            String engineJar,
            Integer topK,
            Double topP,
            Double repetitionPenalty) {

        public static final Local EMPTY = new Local(null, null, null, null, null, null, null, null);

        public Local {
            model = blankToNull(model);
            Map<String, String> norm = new java.util.TreeMap<>();
            if (adapters != null) {
                adapters.forEach((k, v) -> {
                    if (k != null && v != null && !v.isBlank()) {
                        norm.put(k.strip().toLowerCase(Locale.ROOT), v.strip());
                    }
                });
            }
            adapters = Map.copyOf(norm);
            mergeAdapter = mergeAdapter == null || mergeAdapter.isBlank() ? null
                    : mergeAdapter.strip().toLowerCase(Locale.ROOT);
            engineJar = blankToNull(engineJar);
        }

        /** Threads, 0 when unset. */
        public int threadCount() {
            return threads == null ? 0 : threads;
        }

        public int topKOrDefault() {
            return topK == null ? 0 : topK;
        }

        public double topPOrDefault() {
            return topP == null ? 1.0 : topP;
        }

        public double repetitionPenaltyOrDefault() {
            return repetitionPenalty == null ? 1.0 : repetitionPenalty;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
