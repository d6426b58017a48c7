package dev.pyassist.llm.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Builds engine jars at test time: one whose {@code META-INF/services} names {@link FakeEngineProvider} (the class
 * itself comes from the test class path through the parent loader), and one with no provider at all.
 */
public final class FakeEngineJar {
    private FakeEngineJar() {
    }

    public static Path withProvider(Path dir) throws IOException {
        return write(dir.resolve("fake-engine.jar"), FakeEngineProvider.class.getName() + "\n");
    }

    /**
     * A jar that also carries the provider's classes, for a server process whose class path does not have them (the
     * built {@code pyassist.jar}): the engine's classes then come from the jar's own loader, as the real engine's do.
     */
    public static Path withProviderClasses(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path classes;
        try {
            classes = Path.of(FakeEngineProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        Path pkg = classes.resolve("dev/pyassist/llm/local");
        Path full = dir.resolve("fake-engine-full.jar");
        try (OutputStream file = Files.newOutputStream(full); JarOutputStream out = new JarOutputStream(file);
             var list = Files.list(pkg)) {
            out.putNextEntry(new JarEntry("META-INF/services/" + LocalEngineProvider.class.getName()));
            out.write((FakeEngineProvider.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            for (Path c : (Iterable<Path>) list.filter(p -> p.getFileName().toString().startsWith("FakeEngineProvider"))
                    .sorted()::iterator) {
                out.putNextEntry(new JarEntry("dev/pyassist/llm/local/" + c.getFileName()));
                out.write(Files.readAllBytes(c));
                out.closeEntry();
            }
        }
        return full;
    }

    public static Path withoutProvider(Path dir) throws IOException {
        return write(dir.resolve("empty-engine.jar"), null);
    }

    private static Path write(Path jar, String services) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("META-INF/"));
            out.closeEntry();
            if (services != null) {
                out.putNextEntry(new JarEntry("META-INF/services/" + LocalEngineProvider.class.getName()));
                out.write(services.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            } else {
                out.putNextEntry(new JarEntry("README.txt"));
                out.write("not an engine".getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
