package dev.pyassist.llm;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.pyassist.Environment;
import dev.pyassist.llm.local.LocalEngineHost;

/**
 * The LLM part: the backends (remote HTTP, the local engine) as {@link Backends}, and the one local engine host
 * of the process, which loads the engine only when a task is routed to {@code "local"}. Keys and endpoints come
 * from the settings and the {@link Environment}.
 */
public final class LlmModule extends AbstractModule {

    @Provides
    @Singleton
    LocalEngineHost localEngine(Environment env) {
        return new LocalEngineHost(env.variables());
    }

    @Provides
    @Singleton
    Backends backends(Environment env, LocalEngineHost localEngine) {
        return settings -> BackendRegistry.withAllBackends(settings, env.variables(), localEngine);
    }
}
