package dev.pyassist.platform;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The C library's functions, through JNA, where there is one to ask (Linux and macOS): the one place the server
 * looks them up (terminal detection, malloc tuning, the exit path).
 */
public final class Libc {
    private static final Logger LOG = Logger.getLogger(Libc.class.getName());

    private Libc() {}

    /** Whether this is Linux, where glibc's extensions ({@code mallopt}, {@code malloc_trim}) exist. */
    public static boolean linux() {
        return os().contains("linux");
    }

    /** The C function {@code name}, or null when there is no C library or it lacks that function. */
    public static Function function(String name) {
        String os = os();
        if (!os.contains("linux") && !os.contains("mac")) {
            return null;
        }
        try {
            return NativeLibrary.getInstance("c").getFunction(name);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "no " + name + " in this C library", e);
            return null;
        }
    }

    private static String os() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    }
}
