package dev.pyassist.llm;

import dev.pyassist.config.LlmSettings;
import dev.pyassist.llm.local.LocalEngineHost;
import java.util.function.Supplier;

/**
 * The backend registry for the current {@code llm} settings, one per process: made on first use and again whenever
 * the section changes, so the AI actions, the web UI and inline completion all route through the same registry.
 */
public final class CurrentRegistry {
    private final Supplier<LlmSettings> settings;
    private final Backends backends;
    private final LocalEngineHost localEngine;
    private LlmSettings registrySettings;
    private BackendRegistry registry;

    public CurrentRegistry(Supplier<LlmSettings> settings, Backends backends, LocalEngineHost localEngine) {
        this.settings = settings;
        this.backends = backends;
        this.localEngine = localEngine;
    }

    /** The registry for the current settings (a new one when the {@code llm} section changed). */
    public synchronized BackendRegistry get() {
        LlmSettings wanted = settings.get();
        if (registry == null || !wanted.equals(registrySettings)) {
            if (registrySettings != null && !wanted.local().equals(registrySettings.local())) {
                localEngine.release(); // the new settings may name another model: free this one's memory now
            }
            registry = backends.registry(wanted);
            registrySettings = wanted;
        }
        return registry;
    }
}
