package dev.pyassist.validator;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Holds the one resident {@link ValidatorEngine} and its state: loading, ready, or off with the reason. A
 * missing or broken artifact, or an ONNX Runtime failure later, turns it off (logged with the reason);
 * everything else keeps working.
 */
public final class ValidatorService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ValidatorService.class.getName());

    public enum State { LOADING, READY, OFF }

    /** What clients show: {@code state} and, when off, {@code reason}; {@code model} is the folder. */
    public record Status(State state, String reason, Path model) {
        public String label() {
            return state.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final int threads;
    private final Opener opener;
    private final List<Consumer<Status>> listeners = new CopyOnWriteArrayList<>();
    private volatile Status status = new Status(State.OFF, "not loaded", null);
    private volatile ValidatorEngine engine;
    /** Held by every change of engine: a load holds it while ONNX Runtime opens the model (seconds). */
    private final ReentrantLock changing = new ReentrantLock();
    private volatile boolean shuttingDown;

    /**
     * ONNX Runtime threads per scoring call: half the CPUs (at most 4), at least 1. The server shares the
     * machine with the editor; on 2 CPUs one thread scores faster than two fighting for them.
     * {@code -Dpyassist.validator.threads=N} overrides.
     */
    public static int defaultThreads() {
        Integer forced = Integer.getInteger("pyassist.validator.threads");
        if (forced != null && forced > 0) {
            return forced;
        }
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
    }

    public ValidatorService(int threads) {
        this(threads, ValidatorEngine::open);
    }

    /** Opens the engine of a checked artifact: {@link ValidatorEngine#open}, or a test's stand-in. */
    interface Opener {
        ValidatorEngine open(ValidatorArtifact artifact, int threads) throws ArtifactException;
    }

    ValidatorService(int threads, Opener opener) {
        this.threads = threads;
        this.opener = opener;
    }

    public Status status() {
        return status;
    }

    public Optional<ValidatorEngine> engine() {
        return Optional.ofNullable(engine);
    }

    /** Called on every change of state (from the thread that changed it). */
    public void addListener(Consumer<Status> listener) {
        listeners.add(listener);
    }

    /** Whether {@link #load} would change anything for this folder. */
    public boolean needsLoad(Optional<Path> dir) {
        Status s = status;
        if (dir.isEmpty()) {
            return s.state() != State.OFF || s.model() != null || "not loaded".equals(s.reason());
        }
        return s.model() == null || !s.model().equals(dir.get()) || s.state() == State.OFF;
    }

    /** Loads (or replaces) the engine from {@code dir}, blocking; empty means no model is available. */
    public Status load(Optional<Path> dir) {
        changing.lock();
        try {
            return shuttingDown ? status : loadLocked(dir);
        } finally {
            changing.unlock();
        }
    }

    private Status loadLocked(Optional<Path> dir) {
        if (dir.isEmpty()) {
            return turnOff(ModelLocator.missingReason(), null, null);
        }
        Path path = dir.get();
        // Before ONNX Runtime allocates; here rather than at start-up, which it would slow (JNA loads a library).
        NativeMemory.limitArenas();
        set(new Status(State.LOADING, null, path));
        long t0 = System.nanoTime();
        try {
            ValidatorArtifact artifact = ValidatorArtifact.load(path);
            ValidatorEngine fresh = opener.open(artifact, threads);
            ValidatorEngine old = engine;
            engine = fresh;
            if (old != null) {
                old.close();
            }
            NativeMemory.trim();
            LOG.info(String.format("validator ready: %s (%s) in %d ms", path, artifact.description(),
                    (System.nanoTime() - t0) / 1_000_000));
            return set(new Status(State.READY, null, path));
        } catch (ArtifactException e) {
            return turnOff(e.getMessage(), path, e.getCause());
        } catch (RuntimeException | LinkageError e) {
            return turnOff("cannot load the validator from " + path + ": " + e, path, e);
        } catch (VirtualMachineError e) {
            // OutOfMemoryError (an artifact too large for the heap) and the like: the status says so, it is not
            // left at "loading" by an exception that escapes the loader thread
            String hint = e instanceof OutOfMemoryError
                    ? " (the model needs more memory than the server has; raise -Xmx or use a smaller model)" : "";
            return turnOff("cannot load the validator from " + path + ": " + e + hint, path, e);
        }
    }

    /** ONNX Runtime failed while scoring: the validator goes off, with the reason. */
    public Status fail(String reason, Throwable cause) {
        changing.lock();
        try {
            return turnOff(reason, status.model(), cause);
        } finally {
            changing.unlock();
        }
    }

    private Status turnOff(String reason, Path model, Throwable cause) {
        ValidatorEngine old = engine;
        engine = null;
        if (old != null) {
            old.close();
        }
        // the reason is the message; the stack trace only at FINE (pyassist check would print it on stderr)
        LOG.warning("validator off: " + reason);
        if (cause != null) {
            LOG.log(Level.FINE, "validator off because of", cause);
        }
        return set(new Status(State.OFF, reason, model));
    }

    private Status set(Status next) {
        status = next;
        for (Consumer<Status> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "validator status listener failed", e);
            }
        }
        return next;
    }

    /** Closes the engine (it frees its native parts once the scoring calls in flight are out); does not wait. */
    @Override
    public void close() {
        changing.lock();
        try {
            ValidatorEngine old = engine;
            engine = null;
            if (old != null) {
                old.close();
            }
        } finally {
            changing.unlock();
        }
    }

    /**
     * The validator's part of the server's exit, in this order: no new load or scoring starts; a load in flight
     * (ONNX Runtime opening the model) and the scoring calls in flight are waited for, together at most
     * {@code timeoutMs}; the session is closed. The process may exit normally only after this returned true:
     * ending the JVM while a thread is inside ONNX Runtime crashes it (ORT's own shutdown hook frees its
     * environment under the running call).
     *
     * @return whether nothing is left inside ONNX Runtime
     */
    public boolean shutdown(long timeoutMs) {
        shuttingDown = true;
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        try {
            if (!changing.tryLock(timeoutMs, TimeUnit.MILLISECONDS)) {
                LOG.warning("exit: the validator is still loading after " + timeoutMs + " ms");
                return false;
            }
            ValidatorEngine old;
            try {
                old = engine;
                engine = null;
            } finally {
                changing.unlock();
            }
            if (old == null) {
                return true;
            }
            old.close();
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
            if (!old.awaitClosed(left)) {
                LOG.warning("exit: a validator scoring run is still in ONNX Runtime after " + timeoutMs + " ms");
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
