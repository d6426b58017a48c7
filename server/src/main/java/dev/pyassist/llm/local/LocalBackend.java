package dev.pyassist.llm.local;

import dev.pyassist.llm.FinishReason;
import dev.pyassist.llm.LlmBackend;
import dev.pyassist.llm.LlmCall;
import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.LlmException.Kind;
import dev.pyassist.llm.LlmRequest;
import dev.pyassist.llm.LlmResult;
import dev.pyassist.config.LlmSettings;
import dev.pyassist.llm.TokenListener;
import dev.pyassist.llm.TokenUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code "local"} backend: the in-process engine of {@link LocalEngineHost}, configured by
 * {@code pyassist.llm.local}. The request's messages become one prompt ({@link LocalPrompt}), a raw request's prompt
 * is used as it is (inline completion: the StarCoder fill-in-the-middle layout); the adapter is the one
 * configured for the request's task (the base model when the task has none); {@code maxTokens}, {@code temperature}
 * and {@code stop} come from the request, top-k, top-p and repetition penalty from the settings. A registry rebuilt for
 * new settings gets a new backend over the same host, so the loaded engine survives changes elsewhere in the settings.
 */
public final class LocalBackend implements LlmBackend {

    /** Output limit when neither the request nor its task sets one. */
    public static final int DEFAULT_MAX_TOKENS = 256;

    private final LlmSettings.Local settings;
    private final LocalEngineHost host;

    public LocalBackend(LlmSettings.Local settings, LocalEngineHost host) {
        this.settings = settings == null ? LlmSettings.Local.EMPTY : settings;
        this.host = host;
    }

    @Override
    public String id() {
        return LlmSettings.LOCAL;
    }

    @Override
    public String describe() {
        return settings.model() == null ? "local backend (no model set)" : "local backend (" + settings.model() + ")";
    }

    @Override
    public String defaultModel() {
        if (settings.model() == null) {
            return "local";
        }
        Path name = Path.of(settings.model()).getFileName();
        return name == null ? settings.model() : name.toString();
    }

    /** The spec the settings describe. */
    LocalModelSpec spec() {
        if (settings.model() == null) {
            throw new LlmException(Kind.MISCONFIGURED, describe(), "a task is routed to the local backend but "
                    + "pyassist.llm.local.model is not set: set it to the folder of a StarCoder-family checkpoint "
                    + "(config.json, model.safetensors, tokenizer.json), e.g. a download of bigcode/tiny_starcoder_py");
        }
        Map<String, Path> adapters = new LinkedHashMap<>();
        settings.adapters().forEach((task, dir) -> adapters.put(task, Path.of(dir)));
        try {
            return new LocalModelSpec(Path.of(settings.model()), adapters, settings.mergeAdapter(),
                    settings.threadCount());
        } catch (IllegalArgumentException e) {
            throw new LlmException(Kind.MISCONFIGURED, describe(), "invalid pyassist.llm.local settings: "
                    + e.getMessage(), null, e);
        }
    }

    /** The adapter for a task: its own when resident, the merged one when the base already has it, else none. */
    static String adapterFor(String task, LocalModelSpec spec, LocalEngine engine) {
        if (spec.mergedAdapter() != null) {
            return engine.adapters().contains(spec.mergedAdapter()) ? spec.mergedAdapter() : null;
        }
        return engine.adapters().contains(task) ? task : null;
    }

    SamplingOptions sampling(LlmRequest request) {
        int max = request.maxTokens() != null ? request.maxTokens() : DEFAULT_MAX_TOKENS;
        double temperature = request.temperature() != null ? Math.max(0, request.temperature()) : 0;
        List<String> stop = new ArrayList<>(request.stop());
        if (!request.raw()) {
            stop.add(LocalPrompt.TURN_STOP);
        }
        try {
            return new SamplingOptions(max, temperature, settings.topKOrDefault(), settings.topPOrDefault(),
                    settings.repetitionPenaltyOrDefault(), stop, ThreadLocalRandom.current().nextLong());
        } catch (IllegalArgumentException e) {
            throw new LlmException(Kind.MISCONFIGURED, describe(), "invalid sampling settings in "
                    + "pyassist.llm.local: " + e.getMessage(), null, e);
        }
    }

    /** The engine continues any text: a fill-in-the-middle prompt in the StarCoder layout goes in as it is. */
    @Override
    public boolean continuesRawPrompts() {
        return true;
    }

    @Override
    public LlmCall start(LlmRequest request, TokenListener listener) {
        LocalCall call = new LocalCall(listener == null ? TokenListener.NONE : listener);
        LocalModelSpec spec;
        SamplingOptions options;
        try {
            spec = spec();
            options = sampling(request);
        } catch (LlmException e) {
            return LlmCall.failed(e);
        }
        String prompt = request.raw() ? request.prompt() : LocalPrompt.render(request);
        try {
            host.executor().execute(() -> call.run(request, spec, prompt, options));
        } catch (RejectedExecutionException e) {
            call.fail(new LlmException(Kind.CANCELLED, describe(), "the server is shutting down"));
        }
        return call;
    }

    @Override
    public java.util.Optional<Fit> fit(LlmRequest request) {
        LocalEngine engine = host.engine(host.locateJar(settings.engineJar()), spec());
        int window = engine.windowTokens();
        int tokens = window < 0 ? -1 : engine.countTokens(LocalPrompt.render(request));
        return window < 0 || tokens < 0 ? java.util.Optional.empty() : java.util.Optional.of(new Fit(tokens, window));
    }

    /** One generation: cancellable before it starts (it is then skipped) and between tokens. */
    private final class LocalCall implements LlmCall {
        private final TokenListener listener;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicLong firstToken = new AtomicLong(-1);
        private final long started = System.nanoTime();
        private final CompletableFuture<LlmResult> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterrupt) {
                LocalCall.this.cancel();
                return isCancelled() || isCompletedExceptionally();
            }
        };

        LocalCall(TokenListener listener) {
            this.listener = listener;
        }

        @Override
        public CompletableFuture<LlmResult> result() {
            return result;
        }

        @Override
        public void cancel() {
            if (cancelled.compareAndSet(false, true)) {
                fail(new LlmException(Kind.CANCELLED, describe(), "generation cancelled"));
            }
        }

        boolean fail(RuntimeException e) {
            return result.completeExceptionally(e);
        }

        private boolean stopped() {
            return cancelled.get() || result.isDone() || Thread.currentThread().isInterrupted();
        }

        void run(LlmRequest request, LocalModelSpec spec, String prompt, SamplingOptions options) {
            if (stopped()) {
                return;
            }
            try {
                Path jar = host.locateJar(settings.engineJar());
                LocalEngine engine = host.engine(jar, spec);
                if (stopped()) {
                    return;
                }
                String adapter = adapterFor(request.task().key(), spec, engine);
                LocalGeneration g = engine.generate(prompt, adapter, options, this::deliver, this::stopped);
                if (stopped()) {
                    fail(new LlmException(Kind.CANCELLED, describe(), "generation cancelled"));
                    return;
                }
                long now = System.nanoTime();
                long first = firstToken.get();
                String model = defaultModel() + (adapter == null ? "" : "+" + adapter);
                result.complete(new LlmResult(g.text(), g.finishReason(), raw(g.finishReason()),
                        new TokenUsage(g.promptTokens(), g.generatedTokens()), Duration.ofNanos(now - started),
                        first < 0 ? null : Duration.ofNanos(first - started), model, id(), 1));
            } catch (LlmException e) {
                fail(e);
            } catch (RuntimeException e) {
                fail(new LlmException(Kind.SERVER_ERROR, describe(), "the engine failed: " + e, null, e));
            } catch (Error e) {
                fail(new LlmException(Kind.SERVER_ERROR, describe(), "the engine failed: " + e, null, e));
                if (!(e instanceof LinkageError)) {
                    throw e;
                }
            }
        }

        /** Passes a delta on, unless the call is over; a throwing listener cancels the call with its exception. */
        private void deliver(String text) {
            if (stopped() || text.isEmpty()) {
                return;
            }
            firstToken.compareAndSet(-1, System.nanoTime());
            try {
                listener.onToken(text);
            } catch (RuntimeException e) {
                cancelled.set(true);
                fail(e);
            }
        }
    }

    private static String raw(FinishReason reason) {
        return switch (reason) {
            case STOP -> "eos";
            case STOP_SEQUENCE -> "stop_sequence";
            case LENGTH -> "length";
            default -> reason.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
