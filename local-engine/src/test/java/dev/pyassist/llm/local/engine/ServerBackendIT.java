package dev.pyassist.llm.local.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pyassist.llm.LlmRequest;
import dev.pyassist.llm.LlmResult;
import dev.pyassist.config.LlmSettings;
import dev.pyassist.config.LlmTask;
import dev.pyassist.llm.local.LocalBackend;
import dev.pyassist.llm.local.LocalEngineHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The server's local backend (its jar finder, class loader and host) over this module's built jar and the tiny
 * fixture checkpoint. It runs after {@code package}; without the jar it is skipped, or fails when
 * {@code PYASSIST_REQUIRE_E2E=1} (CI). Another jar:
 * {@code $PYASSIST_LOCAL_ENGINE_JAR}.
 */
class ServerBackendIT {

    @Test
    void generatesThroughTheRealEngineWithAndWithoutAnAdapter() throws Exception {
        String env = System.getenv("PYASSIST_LOCAL_ENGINE_JAR");
        Path jar = Path.of(env != null && !env.isBlank() ? env
                : System.getProperty("engine.jar", "target/pyassist-local-engine.jar"));
        Path fixture = Path.of(System.getProperty("fixtures.dir", "src/test/resources/tiny-starcoder"));
        if ("1".equals(System.getenv("PYASSIST_REQUIRE_E2E"))) {
            assertTrue(Files.isRegularFile(jar), "no engine jar at " + jar);
        }
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
