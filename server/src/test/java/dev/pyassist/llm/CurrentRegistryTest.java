package dev.pyassist.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.pyassist.config.LlmSettings;
import dev.pyassist.llm.local.LocalEngineHost;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** One registry per llm section: the AI actions, the web UI and completion route through the same one. */
class CurrentRegistryTest {

    @Test
    void aRegistryIsMadeOnceAndAgainOnlyWhenTheSettingsChange() {
        AtomicReference<LlmSettings> settings = new AtomicReference<>(LlmSettings.defaults());
        AtomicInteger made = new AtomicInteger();
        Backends backends = s -> {
            made.incrementAndGet();
            return BackendRegistry.withRemoteBackends(s, Map.of());
        };
        try (var host = new LocalEngineHost(Map.of())) {
            var registries = new CurrentRegistry(settings::get, backends, host);
            BackendRegistry first = registries.get();
            assertSame(first, registries.get());
            assertEquals(1, made.get());
            settings.set(new LlmSettings(null, null, "anthropic", null));
            assertNotSame(first, registries.get());
            assertEquals(2, made.get());
        }
    }
}
