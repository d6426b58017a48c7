package dev.pyassist.lsp;

import com.sun.jna.Function;
import dev.pyassist.platform.Libc;
import java.lang.management.ManagementFactory;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last steps of the server process, where the JVM's own end is not safe enough.
 *
 * <ul>
 *   <li>{@link #keepCrashLogOutOfWorkspace}: a JVM crash writes {@code hs_err_pid*.log} into the working directory,
 *       which editors set to the workspace. The launchers pass {@code -XX:ErrorFile} (temp or log folder); a server
 *       launched without it moves its working directory to the temp folder before exiting, the moment native
 *       libraries tear down. Only then: during the session a relative path must keep meaning what the user meant.
 *   <li>{@link #halt}: ends the process without running the JVM's shutdown hooks or the native libraries' exit
 *       handlers. Only for an exit while a thread is still inside ONNX Runtime (after the bounded wait): the normal
 *       exit would free ORT's environment and static objects under that thread and crash.
 * </ul>
 *
 * Through JNA (the tokenizer's dependency) on Linux and macOS; elsewhere {@code Runtime.halt} and nothing.
 */
final class ProcessExit {
    private static final Logger LOG = Logger.getLogger(ProcessExit.class.getName());

    private ProcessExit() {}

    /** Whether the JVM was started with {@code -XX:ErrorFile=...}. */
    static boolean errorFileSet() {
        try {
            var hotspot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return hotspot != null && !hotspot.getVMOption("ErrorFile").getValue().isEmpty();
        } catch (RuntimeException | LinkageError e) {
            return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .anyMatch(a -> a.startsWith("-XX:ErrorFile="));
        }
    }

    /** Without {@code -XX:ErrorFile}: makes the temp folder the working directory, where a crash log would go. */
    static void keepCrashLogOutOfWorkspace() {
        if (errorFileSet()) {
            return;
        }
        Function chdir = Libc.function("chdir");
        if (chdir == null) {
            return;
        }
        String tmp = System.getProperty("java.io.tmpdir");
        try {
            if (chdir.invokeInt(new Object[] {tmp}) != 0) {
                LOG.fine("cannot change the working directory to " + tmp);
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "chdir failed", e);
        }
    }

    /** Ends the process now with {@code code}: logs flushed, no shutdown hooks, no native exit handlers. */
    static void halt(int code) {
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.flush();
        }
        System.out.flush();
        System.err.flush();
        Function exit = Libc.function("_exit");
        if (exit != null) {
            try {
                exit.invokeVoid(new Object[] {code});
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.FINE, "_exit failed", e);
            }
        }
        Runtime.getRuntime().halt(code);
    }
}
