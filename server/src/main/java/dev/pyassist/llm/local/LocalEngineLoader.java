package dev.pyassist.llm.local;

import dev.pyassist.llm.LlmException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * Finds {@code pyassist-local-engine.jar} and loads its {@link LocalEngineProvider} in a class loader of its own, so
 * that libtorch and DJL are never on the server's class path: a user who only wants diagnostics never pays for them.
 *
 * <p>Where the jar is looked for, first hit wins: the {@code pyassist.llm.local.engineJar} setting (or
 * {@code --engine-jar}), then {@code $PYASSIST_LOCAL_ENGINE_JAR}, then {@code pyassist-local-engine.jar} next to the
 * running {@code pyassist.jar}, then {@code local-engine/target/pyassist-local-engine.jar} of the checkout the running
 * jar was built in (development). An explicit setting or variable that names a missing file is an error, not a reason
 * to look elsewhere: the user asked for that file.
 */
public final class LocalEngineLoader {

    private static final Logger LOG = Logger.getLogger("dev.pyassist.llm");

    public static final String ENV = "PYASSIST_LOCAL_ENGINE_JAR";
    public static final String JAR_NAME = "pyassist-local-engine.jar";
    static final String WHAT = "local engine";
    static final String HOW_TO_BUILD = "build it with `mvn -pl local-engine -am package` (it is written to "
            + "local-engine/target/" + JAR_NAME + ") and set pyassist.llm.local.engineJar (or "
            + "$" + ENV + ", or --engine-jar) to its path, or put it next to pyassist.jar";

    private LocalEngineLoader() {
    }

    /** A provider and the class loader it came from (closed with the engine). */
    public record Loaded(Path jar, URLClassLoader loader, LocalEngineProvider provider) implements AutoCloseable {
        @Override
        public void close() {
            try {
                loader.close();
            } catch (IOException e) {
                LOG.fine(() -> "closing the class loader of " + jar + " failed: " + e);
            }
        }
    }

    /**
     * The engine jar to use.
     *
     * @param configured     the setting or command-line option, or {@code null}
     * @param env            the environment ({@link #ENV})
     * @param serverLocation the running server's jar or classes folder ({@link #serverLocation()})
     * @throws LlmException {@code MISCONFIGURED} naming where it looked and how to build the jar
     */
    public static Path locate(String configured, Map<String, String> env, Path serverLocation) {
        if (configured != null && !configured.isBlank()) {
            return existing(Path.of(configured.strip()), "pyassist.llm.local.engineJar");
        }
        String fromEnv = env == null ? null : env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return existing(Path.of(fromEnv.strip()), "$" + ENV);
        }
        List<Path> tried = candidates(serverLocation);
        for (Path p : tried) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new LlmException(LlmException.Kind.MISCONFIGURED, WHAT, "the engine jar " + JAR_NAME
                + " was not found (looked at " + (tried.isEmpty() ? "no default places" : tried.toString())
                + "); " + HOW_TO_BUILD + ".");
    }

    /** The default places, in order: next to the server jar, then local-engine/target/ of an enclosing checkout. */
    static List<Path> candidates(Path serverLocation) {
        List<Path> out = new ArrayList<>();
        if (serverLocation == null) {
            return out;
        }
        Path dir = serverLocation.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            dir = dir.getParent(); // a jar: its folder
        } else if (dir.getFileName() != null && dir.getFileName().toString().equals("classes")) {
            dir = dir.getParent(); // target/classes when run from a build: target/
        }
        if (dir == null) {
            return out;
        }
        out.add(dir.resolve(JAR_NAME));
        // server/target/pyassist.jar -> <checkout>/local-engine/target/; also one or two levels further up.
        Path up = dir;
        for (int i = 0; i < 3 && up != null; i++) {
            up = up.getParent();
            if (up != null) {
                out.add(up.resolve("local-engine").resolve("target").resolve(JAR_NAME));
            }
        }
        return out;
    }

    /** Where the running server's classes come from (its jar, or a classes folder in development). */
    public static Path serverLocation() {
        try {
            var source = LocalEngineLoader.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Path existing(Path p, String where) {
        if (!Files.isRegularFile(p)) {
            throw new LlmException(LlmException.Kind.MISCONFIGURED, WHAT, where + " names " + p
                    + ", which is not a file; " + HOW_TO_BUILD + ".");
        }
        return p.toAbsolutePath().normalize();
    }

    /**
     * Opens the jar in its own {@link URLClassLoader} (parent: the server's loader, which supplies this seam) and
     * finds its provider.
     *
     * @throws LlmException {@code MISCONFIGURED} when the jar has no provider or the provider cannot be created
     */
    public static Loaded open(Path jar) {
        URL url;
        try {
            url = jar.toUri().toURL();
        } catch (IOException e) {
            throw new LlmException(LlmException.Kind.MISCONFIGURED, WHAT, "cannot open " + jar + ": " + e, null, e);
        }
        URLClassLoader loader = new URLClassLoader("pyassist-local-engine", new URL[] {url},
                LocalEngineLoader.class.getClassLoader());
        try {
            Iterator<LocalEngineProvider> it = ServiceLoader.load(LocalEngineProvider.class, loader).iterator();
            if (!it.hasNext()) {
                throw new LlmException(LlmException.Kind.MISCONFIGURED, WHAT, jar + " registers no "
                        + LocalEngineProvider.class.getName() + " in META-INF/services, so it is not a pyassist "
                        + "engine jar; " + HOW_TO_BUILD + ".");
            }
            LocalEngineProvider provider = it.next();
            LOG.info(() -> "local engine provider " + provider.getClass().getName() + " from " + jar);
            return new Loaded(jar, loader, provider);
        } catch (ServiceConfigurationError | LinkageError e) {
            close(loader);
            throw new LlmException(LlmException.Kind.MISCONFIGURED, WHAT, "cannot load the engine from " + jar
                    + " (" + e.getMessage() + "); it may be built for another pyassist version: " + HOW_TO_BUILD
                    + ".", null, e);
        } catch (RuntimeException e) {
            close(loader);
            throw e;
        }
    }

    private static void close(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // nothing was loaded from it
        }
    }
}
