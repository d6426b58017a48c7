package dev.pyassist;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;

/**
 * The one way this process's injector is made (one per process: {@code serve}, {@code check}, {@code dataset},
 * {@code generate}). Tuned for start-up, which is a budget ({@code initialize} and the first diagnostics may each
 * get at most 30 ms slower than hand wiring): {@link Stage#DEVELOPMENT} creates singletons when first asked for,
 * and Guice generates no bytecode and records no binding sources, which cost class loading and stack walks the
 * server does not need.
 */
public final class Injectors {
    static {
        // Read once by Guice's InternalFlags, so before its first class loads. A user's own -D wins.
        setDefault("guice_bytecode_gen_option", "DISABLED");
        setDefault("guice_include_stack_traces", "OFF");
    }

    private Injectors() {}

    public static Injector create(Module... modules) {
        return Guice.createInjector(Stage.DEVELOPMENT, modules);
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
