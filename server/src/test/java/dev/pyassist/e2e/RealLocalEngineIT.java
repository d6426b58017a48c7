package dev.pyassist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pyassist.llm.LlmRequest;
import dev.pyassist.llm.LlmResult;
import dev.pyassist.llm.LlmSettings;
import dev.pyassist.llm.LlmTask;
import dev.pyassist.llm.local.LocalBackend;
import dev.pyassist.llm.local.LocalEngineHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The server's local backend over the REAL engine jar and the engine's tiny fixture checkpoint, when both are there
 * (skipped otherwise: the engine jar is built separately and holds libtorch). Point it at them with
 * {@code $PYASSIST_LOCAL_ENGINE_JAR} (else {@code local-engine/target/pyassist-local-engine.jar}) and
 * {@code -Dpyassist.tinyStarcoder=DIR} (else {@code local-engine/src/test/resources/tiny-starcoder}).
 */
class RealLocalEngineIT {

    @Test
    void generatesThroughTheRealEngineWithAndWithoutAnAdapter() throws Exception {
        Path repo = Path.of(System.getProperty("pyassist.repo.root", ".."));
        String env = System.getenv("PYASSIST_LOCAL_ENGINE_JAR");
        Path jar = env != null && !env.isBlank() ? Path.of(env)
                : repo.resolve("local-engine/target/pyassist-local-engine.jar");
        Path fixture = Path.of(System.getProperty("pyassist.tinyStarcoder",
                repo.resolve("local-engine/src/test/resources/tiny-starcoder").toString()));
        assumeTrue(Files.isRegularFile(jar), "no engine jar at " + jar);
        assumeTrue(Files.isDirectory(fixture.resolve("model")), "no tiny checkpoint at " + fixture);
        Path adapter;
        try (var dirs = Files.list(fixture.resolve("adapters"))) {
            adapter = dirs.filter(Files::isDirectory).sorted().findFirst().orElseThrow();
        }
        try (var host = new LocalEngineHost(Map.of(), null)) {
            var settings = new LlmSettings.Local(fixture.resolve("model").toString(),
                    Map.of("generate", adapter.toString()), null, 1, jar.toString(), null, null, null);
            var backend = new LocalBackend(settings, host);
            List<String> deltas = new CopyOnWriteArrayList<>();
            LlmRequest request = LlmRequest.builder(LlmTask.GENERATE).user("def add(a, b):").maxTokens(8)
                    .temperature(0).build();
            LlmResult withAdapter = backend.start(request, deltas::add).await();
            assertEquals(String.join("", deltas), withAdapter.text());
            assertTrue(withAdapter.usage().outputTokens() > 0 && withAdapter.usage().outputTokens() <= 8,
                    withAdapter.toString());
            assertTrue(withAdapter.usage().inputTokens() > 5, withAdapter.toString());
            assertEquals("model+generate", withAdapter.model());
            LlmResult base = backend.start(request.withTemperature(0.0), null).await();
            LlmResult again = backend.start(request.withTemperature(0.0), null).await();
            assertEquals(base.text(), again.text(), "greedy is deterministic");
            assertEquals(1, host.loads());
        }
    }
}
