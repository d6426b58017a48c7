package dev.pyassist.cli;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.ObjectName;

/**
 * Keeps {@code pyassist check} on the JVM's quick compiler (C1). A check keeps every core busy parsing for
 * seconds; the optimizing compiler (C2) then competes with the workers for those cores, and over the standard
 * library it costs more CPU than its faster code saves (bench/check_bench.py: 23 s of CPU with C2, 10-12 s
 * without, on 2 cores). The JVM's flags are fixed at launch and {@code check} is started as a plain
 * {@code java -jar}, so this adds a compiler directive at run time (what {@code jcmd Compiler.directives_add}
 * does) that excludes every method from C2; methods then stay in C1-compiled code. Set the system property
 * {@code pyassist.check.fullJit=true} to keep C2.
 */
final class CheckJit {
    private static final Logger LOG = Logger.getLogger(CheckJit.class.getName());
    static final String FULL_JIT_PROPERTY = "pyassist.check.fullJit";
    /** The directive: no method is compiled by C2. */
    static final String NO_C2 = "[{ match: \"*.*\", c2: { Exclude: true } }]\n";

    /**
     * Set by {@code Main.main} only: the directive is for a JVM that runs one {@code check} and exits, never for
     * one that runs the command line in process among other work (the tests), which it would slow for good.
     */
    private static volatile boolean ownJvm;

    private CheckJit() {
    }

    /** Called by {@code Main.main}: this JVM runs the command line and exits. */
    static void ownsTheJvm() {
        ownJvm = true;
    }

    /** Adds the directive in a JVM of its own unless the property asks for the full JIT; true when added. */
    static boolean quickCompilerOnly() {
        if (!ownJvm || Boolean.getBoolean(FULL_JIT_PROPERTY)) {
            return false;
        }
        Path directives = null;
        try {
            directives = Files.createTempFile("pyassist-check-jit", ".json");
            Files.writeString(directives, NO_C2, StandardCharsets.UTF_8);
            Object answer = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {directives.toString()}}, new String[] {String[].class.getName()});
            LOG.fine(() -> "compiler directive added: " + answer);
            return true;
        } catch (Exception | LinkageError e) {
            // a JVM without the diagnostic commands (not HotSpot): only speed is lost
            LOG.log(Level.FINE, "cannot add the compiler directive; C2 stays on", e);
            return false;
        } finally {
            if (directives != null) {
                try {
                    Files.deleteIfExists(directives);
                } catch (java.io.IOException e) {
                    directives.toFile().deleteOnExit();
                }
            }
        }
    }
}
