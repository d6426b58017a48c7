package dev.pyassist.validator;

import com.sun.jna.Function;
import dev.pyassist.platform.Libc;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the native heap of ONNX Runtime and the tokenizer small on glibc (Linux): at most two malloc arenas
 * (glibc's default, 8 per CPU, leaves freed batch buffers spread over many arenas), and the free memory handed
 * back to the system after a large scoring run. Through JNA, which the tokenizer library already brings; a
 * no-op anywhere else.
 */
final class NativeMemory {
    private static final Logger LOG = Logger.getLogger(NativeMemory.class.getName());
    private static final int M_ARENA_MAX = -8;
    private static final Function MALLOPT = find("mallopt");
    private static final Function MALLOC_TRIM = find("malloc_trim");

    private NativeMemory() {}

    private static Function find(String name) {
        if (!Libc.linux() || Boolean.getBoolean("pyassist.validator.nativeDefaults")) {
            return null;
        }
        return Libc.function(name);
    }

    /** Caps malloc arenas; call before the native libraries start allocating from many threads. */
    static void limitArenas() {
        if (MALLOPT != null && System.getenv("MALLOC_ARENA_MAX") == null) {
            try {
                MALLOPT.invokeInt(new Object[] {M_ARENA_MAX, 2});
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.FINE, "mallopt failed", e);
            }
        }
    }

    /** Returns free native memory to the system (after a large scoring run). */
    static void trim() {
        if (MALLOC_TRIM != null) {
            try {
                MALLOC_TRIM.invokeInt(new Object[] {0});
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.FINE, "malloc_trim failed", e);
            }
        }
    }
}
