package dev.pyassist.llm.local.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Locale;

/**
 * Bounds how long libtorch's OpenMP threads spin while they wait for the next operation
 * ({@code GOMP_SPINCOUNT=3000}, libgomp's knob; the JNI libtorch carries libgomp), unless the user set
 * {@code OMP_WAIT_POLICY} or {@code GOMP_SPINCOUNT}. Decoding runs thousands of small operations a second, with a
 * few microseconds of Java between them:
 * <ul>
 *   <li>libgomp's default spins for about 300,000 rounds. On a machine whose cores are busy with other processes
 *       (an IDE, a build) the spinning threads lose their cores and decoding with 2 intra-op threads fell under
 *       1 token/s instead of ~24 (103M model, 2 cores).</li>
 *   <li>{@code OMP_WAIT_POLICY=PASSIVE} (no spinning) survives that, but every operation then pays a futex
 *       wake-up: on an idle machine 2 threads ran ~15% slower than with spinning, and the first token ~20 ms
 *       later.</li>
 *   <li>A short spin covers the gap between two operations, then sleeps: as fast as the default when idle, as
 *       robust as passive waiting under load (measured on this 2-core machine, 112.7M model, 2 threads: idle
 *       first token ~70 ms vs ~90 ms passive; with two busy processes ~14 tokens/s for both, the default under
 *       1).</li>
 * </ul>
 * The OpenMP runtime reads the variables when it is loaded, so this must run before libtorch is; {@code setenv}
 * through JNA (which the server jar carries) because Java cannot change its own environment. A no-op off Linux
 * or without JNA.
 */
final class OpenMp {

    private static final String SPIN_COUNT = "3000";

    private OpenMp() {
    }

    static void boundSpinning() {
        if (System.getenv("OMP_WAIT_POLICY") != null || System.getenv("GOMP_SPINCOUNT") != null
                || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return;
        }
        try {
            Function setenv = NativeLibrary.getInstance("c").getFunction("setenv");
            setenv.invokeInt(new Object[] {"GOMP_SPINCOUNT", SPIN_COUNT, 0});
        } catch (RuntimeException | LinkageError e) {
            // without it, only speed under CPU contention suffers
        }
    }
}
