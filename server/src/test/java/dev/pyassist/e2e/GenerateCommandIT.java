package dev.pyassist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.llm.local.FakeEngineJar;
import dev.pyassist.llm.local.FakeEngineProvider;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar pyassist.jar generate} with an engine jar that brings its own classes, as the real one does. */
class GenerateCommandIT {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private Run run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", ServerProcess.jar().toString(), "generate"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        Thread t = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        t.start();
        p.getInputStream().transferTo(out);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        t.join();
        return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theBuiltJarLoadsAnEngineJarAndStreamsItsCompletion() throws Exception {
        Path jar = FakeEngineJar.withProviderClasses(dir.resolve("engine"));
        Path model = FakeEngineProvider.model(dir.resolve("model"), "return a + b\n");
        Run r = run("--engine-jar", jar.toString(), "--model", model.toString(), "--prompt", "def add(a, b):\n    ",
                "--stats");
        assertEquals(0, r.code(), r.err());
        assertEquals("return a + b\n\n", r.out());
        assertTrue(r.err().contains("stats: load_ms="), r.err());
    }

    @Test
    void aMissingEngineJarExitsWith1AndSaysHowToBuildIt() throws Exception {
        Run r = run("--engine-jar", dir.resolve("none.jar").toString(), "--model", dir.toString(), "--prompt", "x");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("mvn -pl local-engine -am package"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }
}
