package dev.pyassist.llm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.llm.LlmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalEngineLoaderTest {
    @TempDir
    Path dir;

    @Test
    void theSettingWinsOverTheEnvironmentAndTheDefaultPlaces() throws Exception {
        Path a = FakeEngineJar.withProvider(dir.resolve("a"));
        Path b = FakeEngineJar.withProvider(dir.resolve("b"));
        assertEquals(a, LocalEngineLoader.locate(a.toString(), Map.of(LocalEngineLoader.ENV, b.toString()), null));
        assertEquals(b, LocalEngineLoader.locate(null, Map.of(LocalEngineLoader.ENV, b.toString()), null));
        assertEquals(b, LocalEngineLoader.locate("  ", Map.of(LocalEngineLoader.ENV, b.toString()), null));
    }

    @Test
    void aNamedJarThatIsMissingIsAnErrorThatSaysHowToBuildIt() {
        Path missing = dir.resolve("nope.jar");
        LlmException e = assertThrows(LlmException.class,
                () -> LocalEngineLoader.locate(missing.toString(), Map.of(), null));
        assertEquals(LlmException.Kind.MISCONFIGURED, e.kind());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("mvn -pl local-engine -am package"), e.getMessage());
        LlmException env = assertThrows(LlmException.class,
                () -> LocalEngineLoader.locate(null, Map.of(LocalEngineLoader.ENV, missing.toString()), null));
        assertTrue(env.getMessage().contains("$PYASSIST_LOCAL_ENGINE_JAR"), env.getMessage());
    }

    @Test
    void findsTheJarNextToPyassistJarThenInTheCheckout() throws Exception {
        Path serverJar = dir.resolve("server/target/pyassist.jar");
        Files.createDirectories(serverJar.getParent());
        Files.writeString(serverJar, "");
        LlmException none = assertThrows(LlmException.class, () -> LocalEngineLoader.locate(null, Map.of(), serverJar));
        assertTrue(none.getMessage().contains("pyassist-local-engine.jar was not found"), none.getMessage());
        assertTrue(none.getMessage().contains("mvn -pl local-engine -am package"), none.getMessage());

        Path inCheckout = dir.resolve("local-engine/target/pyassist-local-engine.jar");
        Files.createDirectories(inCheckout.getParent());
        Files.writeString(inCheckout, "");
        assertEquals(inCheckout, LocalEngineLoader.locate(null, Map.of(), serverJar));
        // from target/classes (tests, IDE runs) as well
        Path classes = Files.createDirectories(dir.resolve("server/target/classes"));
        assertEquals(inCheckout, LocalEngineLoader.locate(null, Map.of(), classes));

        Path sibling = dir.resolve("server/target/pyassist-local-engine.jar");
        Files.writeString(sibling, "");
        assertEquals(sibling, LocalEngineLoader.locate(null, Map.of(), serverJar));
    }

    @Test
    void loadsTheProviderFromItsOwnClassLoader() throws Exception {
        try (var loaded = LocalEngineLoader.open(FakeEngineJar.withProvider(dir))) {
            assertEquals(FakeEngineProvider.class, loaded.provider().getClass());
            assertEquals("pyassist-local-engine", loaded.loader().getName());
        }
    }

    @Test
    void aJarWithoutAProviderIsRefused() throws Exception {
        Path jar = FakeEngineJar.withoutProvider(dir);
        LlmException e = assertThrows(LlmException.class, () -> LocalEngineLoader.open(jar));
        assertEquals(LlmException.Kind.MISCONFIGURED, e.kind());
        assertTrue(e.getMessage().contains("registers no dev.pyassist.llm.local.LocalEngineProvider"), e.getMessage());
        assertTrue(e.getMessage().contains("mvn -pl local-engine -am package"), e.getMessage());
    }
}
