package dev.pyassist.llm.local;

import dev.pyassist.llm.LlmException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * Keeps one local engine resident for the whole server, across settings changes that do not touch it, and runs every
 * generation on its own thread. The engine is loaded lazily, on that thread, by the first generation that needs it;
 * a generation with a different jar or {@link LocalModelSpec} closes the old engine and loads the new one. Because
 * loading and generating share one thread, an engine is never closed under a running generation, and generations
 * run one at a time (they would compete for the same cores anyway).
 */
public final class LocalEngineHost implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger("dev.pyassist.llm");

    private final Map<String, String> env;
    private final Path serverLocation;
    private final ExecutorService executor;
    // Touched only on the executor thread (and by close() once it has stopped).
    private LocalEngineLoader.Loaded loaded;
    private LocalModelSpec spec;
    private LocalEngine engine;
    private volatile boolean closed;
    private volatile int loads;

    /**
     * @param env            the environment ({@code PYASSIST_LOCAL_ENGINE_JAR})
     * @param serverLocation the running server's jar or classes folder, for the default jar places
     */
    public LocalEngineHost(Map<String, String> env, Path serverLocation) {
        this.env = Map.copyOf(env == null ? Map.of() : env);
        this.serverLocation = serverLocation;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pyassist-local-engine");
            t.setDaemon(true);
            return t;
        });
    }

    public LocalEngineHost(Map<String, String> env) {
        this(env, LocalEngineLoader.serverLocation());
    }

    /** Where generations run (never the caller's thread). */
    ExecutorService executor() {
        return executor;
    }

    /** The engine jar for a setting or option (see {@link LocalEngineLoader#locate}). */
    public Path locateJar(String configured) {
        return LocalEngineLoader.locate(configured, env, serverLocation);
    }

    /**
     * The engine for this jar and model, loading it if it is not the resident one. Call on the executor thread.
     *
     * @throws LlmException {@code MISCONFIGURED} for a missing or bad jar, or a model the engine refuses
     */
    LocalEngine engine(Path jar, LocalModelSpec wanted) {
        if (closed) {
            throw new LlmException(LlmException.Kind.CANCELLED, LocalEngineLoader.WHAT, "the server is shutting down");
        }
        if (engine != null && loaded.jar().equals(jar) && wanted.equals(spec)) {
            return engine;
        }
        unload();
        if (loaded == null || !loaded.jar().equals(jar)) {
            if (loaded != null) {
                loaded.close();
                loaded = null;
            }
            loaded = LocalEngineLoader.open(jar);
        }
        long t0 = System.nanoTime();
        LocalEngine created;
        try {
            created = loaded.provider().load(wanted);
        } catch (LlmException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new LlmException(LlmException.Kind.MISCONFIGURED, LocalEngineLoader.WHAT, "loading "
                    + wanted.modelDir() + " with " + jar + " failed: " + e, null, e);
        }
        engine = Objects.requireNonNull(created, "the provider returned no engine");
        spec = wanted;
        loads++;
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LOG.info(() -> "loaded " + created.describe() + " in " + ms + " ms");
        return engine;
    }

    /**
     * Frees the resident engine (after any generation in flight) without loading another: the settings it was loaded
     * for changed, and the next generation loads what the new settings name. Never blocks.
     */
    public void release() {
        if (closed) {
            return;
        }
        try {
            executor.execute(this::unload);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: close() frees it
        }
    }

    /** How many times an engine was loaded (for tests of laziness and reuse). */
    public int loads() {
        return loads;
    }

    private void unload() {
        if (engine != null) {
            try {
                engine.close();
            } catch (RuntimeException e) {
                LOG.warning("closing the local engine failed: " + e);
            }
            engine = null;
            spec = null;
        }
    }

    /**
     * Stops the thread (a running generation is asked to stop) and frees the engine's native memory. Shutdown and
     * the end of the connection may both call it: the second call waits for the first and then does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warning("the local engine is still generating; its memory is freed at exit");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        unload();
        if (loaded != null) {
            loaded.close();
            loaded = null;
        }
    }
}
