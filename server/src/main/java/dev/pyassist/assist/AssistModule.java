package dev.pyassist.assist;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.pyassist.Environment;
import dev.pyassist.config.Settings;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The assist part's checks of what a model returned: Python through the server's own parser, other languages
 * through their compilers (with {@code assist.compileTimeoutMs}, at least a second, and the process's
 * {@code PATH}).
 */
public final class AssistModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(PythonCheck.class).toInstance(PythonCheck.PARSER);
    }

    @Provides
    CompileCheck compileCheck(Supplier<Settings> settings, Environment env) {
        return new CompileCheck(() -> Duration.ofMillis(Math.max(1000, settings.get().assist().compileTimeoutMs())),
                env.variables().get("PATH"));
    }
}
