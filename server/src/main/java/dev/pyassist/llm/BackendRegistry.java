package dev.pyassist.llm;

import dev.pyassist.config.LlmSettings;
import dev.pyassist.config.LlmTask;
import dev.pyassist.llm.local.LocalBackend;
import dev.pyassist.llm.local.LocalEngineHost;
import dev.pyassist.llm.remote.AnthropicBackend;
import dev.pyassist.llm.remote.EndpointConfig;
import dev.pyassist.llm.remote.OpenAiBackend;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Knows the backends by id and routes each task to one, filling in the task's model, output limit and temperature
 * from {@link LlmSettings}. Thread safe. Build a new registry when settings change (backends hold their resolved
 * configuration); a call in flight keeps its backend.
 */
public final class BackendRegistry {

    private static final Logger LOG = Logger.getLogger("dev.pyassist.llm");

    private final LlmSettings settings;
    private final Map<String, String> env;
    private final Map<String, LlmBackend> backends = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Scrubs the keys out of every answer, delta and error of {@link #start}. */
    private final SecretScrubber scrubber;

    /** An empty registry; add backends with {@link #register}. */
    public BackendRegistry(LlmSettings settings, Map<String, String> env) {
        this.settings = settings == null ? LlmSettings.defaults() : settings;
        this.env = Map.copyOf(env == null ? Map.of() : env);
        this.scrubber = SecretScrubber.forSettings(this.settings, this.env);
    }

    /**
     * A registry with the remote backends {@code "openai"} and {@code "anthropic"} configured from settings and
     * {@code env} (pass {@code System.getenv()} in production, a map in tests). An endpoint whose settings are invalid
     * is registered as a backend that fails every call with a {@link LlmException.Kind#MISCONFIGURED} message.
     */
    public static BackendRegistry withRemoteBackends(LlmSettings settings, Map<String, String> env) {
        BackendRegistry r = new BackendRegistry(settings, env);
        r.register(remote(LlmSettings.OPENAI, "OpenAI-compatible backend", () ->
                new OpenAiBackend(LlmSettings.OPENAI, EndpointConfig.openAi(r.settings.openai(), r.env))));
        r.register(remote(LlmSettings.ANTHROPIC, "Anthropic backend", () ->
                new AnthropicBackend(LlmSettings.ANTHROPIC, EndpointConfig.anthropic(r.settings.anthropic(), r.env))));
        return r;
    }

    /**
     * The remote backends plus {@code "local"}, the in-process engine kept by {@code host} (which outlives registries,
     * so a loaded model stays loaded when unrelated settings change). Nothing is loaded here: the engine loads on the
     * first request routed to {@code "local"}.
     */
    public static BackendRegistry withAllBackends(LlmSettings settings, Map<String, String> env, LocalEngineHost host) {
        BackendRegistry r = withRemoteBackends(settings, env);
        r.register(new LocalBackend(r.settings.local(), host));
        return r;
    }

    private interface Factory {
        LlmBackend create();
    }

    private static LlmBackend remote(String id, String what, Factory f) {
        try {
            return f.create();
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> what + " is misconfigured: " + e.getMessage());
            return new MisconfiguredBackend(id, what, e.getMessage());
        }
    }

    /** Adds or replaces a backend under its {@link LlmBackend#id()}. */
    public BackendRegistry register(LlmBackend backend) {
        backends.put(Objects.requireNonNull(backend, "backend").id(), backend);
        return this;
    }

    public Optional<LlmBackend> backend(String id) {
        return Optional.ofNullable(backends.get(id));
    }

    public Set<String> ids() {
        synchronized (backends) {
            return Set.copyOf(backends.keySet());
        }
    }

    public LlmSettings settings() {
        return settings;
    }

    /** The backend serving a task. */
    public LlmBackend backendFor(LlmTask task) {
        String id = settings.backendFor(task, env);
        LlmBackend b = backends.get(id);
        if (b == null) {
            throw new LlmException(LlmException.Kind.MISCONFIGURED, "pyassist.llm",
                    "task '" + task.key() + "' is routed to backend '" + id + "', which does not exist (known: "
                            + String.join(", ", ids()) + ") — check pyassist.llm.tasks." + task.key()
                            + ".backend or pyassist.llm.defaultBackend");
        }
        return b;
    }

    /**
     * {@code task -> backend:model} for each of {@code tasks}, as clients show it (never a key): "unavailable" for a
     * task routed to a backend that does not exist and, with {@code readiness}, why a backend is not ready.
     */
    public Map<String, String> assignments(List<LlmTask> tasks, boolean readiness) {
        Map<String, String> out = new LinkedHashMap<>();
        for (LlmTask t : tasks) {
            try {
                LlmBackend b = backendFor(t);
                String model = settings.task(t).model();
                out.put(t.key(), b.id() + ":" + (model != null ? model : b.defaultModel())
                        + (readiness ? b.notReady().map(why -> " (" + why + ")").orElse("") : ""));
            } catch (LlmException e) {
                out.put(t.key(), "unavailable");
            }
        }
        return out;
    }

    /** Fills the request's model, max tokens and temperature from the task's settings where the request has none. */
    public LlmRequest prepare(LlmRequest request) {
        LlmSettings.TaskSettings t = settings.task(request.task());
        LlmRequest r = request;
        if (r.model() == null && t.model() != null) {
            r = r.withModel(t.model());
        }
        if (r.maxTokens() == null && t.maxTokens() != null) {
            r = r.withMaxTokens(t.maxTokens());
        }
        if (r.temperature() == null && t.temperature() != null) {
            r = r.withTemperature(t.temperature());
        }
        return r;
    }

    /** The time limit of the backend {@code task} is routed to; empty when it has none or cannot be routed. */
    public Optional<LlmBackend.TimeLimit> timeLimit(LlmTask task) {
        try {
            return backendFor(task).timeLimit();
        } catch (LlmException e) {
            return Optional.empty();
        }
    }

    /**
     * Routes and starts a request; routing errors arrive through the returned call. Every text of the call (deltas,
     * result, error) comes scrubbed of the configured and the environment's keys: an endpoint that echoes the key
     * cannot get it into what the server writes or shows.
     */
    public LlmCall start(LlmRequest request, TokenListener listener) {
        LlmBackend b;
        try {
            b = backendFor(request.task());
        } catch (LlmException e) {
            return LlmCall.failed(e);
        }
        LlmRequest prepared = prepare(request);
        return scrubber.start(listener, scrubbing -> b.start(prepared, scrubbing));
    }

    @Override
    public String toString() {
        return "BackendRegistry" + ids();
    }

    /** Stands in for a backend whose settings are invalid. */
    private static final class MisconfiguredBackend implements LlmBackend {
        private final String id;
        private final String what;
        private final String problem;

        MisconfiguredBackend(String id, String what, String problem) {
            this.id = id;
            this.what = what;
            this.problem = problem;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String describe() {
            return what;
        }

        @Override
        public String defaultModel() {
            return "";
        }

        @Override
        public LlmCall start(LlmRequest request, TokenListener listener) {
            return LlmCall.failed(new LlmException(LlmException.Kind.MISCONFIGURED, what, "invalid settings: " + problem));
        }
    }
}
