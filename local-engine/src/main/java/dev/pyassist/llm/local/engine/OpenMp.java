package dev.pyassist.llm.local.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Locale;

/**
 * Makes libtorch's OpenMP threads sleep instead of spin while they wait ({@code OMP_WAIT_POLICY=PASSIVE}), unless
 * the user set the variable. With spinning threads, a machine whose cores are busy with other processes (an IDE,
 * a build) made decoding 10-25x slower with 2 intra-op threads (measured: under 1 token/s instead of ~24 on a
 * 103M model); with passive waiting it runs as fast as 1 thread or faster. The OpenMP runtime reads the variable
 * when it is loaded, so this must run before libtorch is; {@code setenv} through JNA (which the server jar carries)
 * because Java cannot change its own environment. A no-op off Linux or without JNA.
 */
final class OpenMp {

    private OpenMp() {
    }

    static void preferPassiveWait() {
        if (System.getenv("OMP_WAIT_POLICY") != null
                || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return;
        }
        try {
            Function setenv = NativeLibrary.getInstance("c").getFunction("setenv");
            setenv.invokeInt(new Object[] {"OMP_WAIT_POLICY", "PASSIVE", 0});
        } catch (RuntimeException | LinkageError e) {
            // without it, only speed under CPU contention suffers
        }
    }
}
