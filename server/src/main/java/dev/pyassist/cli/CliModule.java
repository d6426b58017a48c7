package dev.pyassist.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.Module;
import dev.pyassist.Environment;
import dev.pyassist.Injectors;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line's part: the process environment. {@link #injector} is the composition root of {@code check},
 * {@code dataset}, {@code generate} and {@code web}: one injector per process, with the modules of the parts the
 * command uses.
 */
final class CliModule extends AbstractModule {
    private final Environment env;

    CliModule(Environment env) {
        this.env = env;
    }

    @Override
    protected void configure() {
        bind(Environment.class).toInstance(env);
    }

    /** The injector of a command that uses {@code parts}, reading {@code env}. */
    static Injector injector(Environment env, Module... parts) {
        List<Module> all = new ArrayList<>(List.of(parts));
        all.add(new CliModule(env));
        return Injectors.create(all.toArray(Module[]::new));
    }
}
