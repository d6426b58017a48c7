package dev.pyassist.names;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;

/** One scope: its bindings by name, in insertion order (module, class, function, comprehension, type parameters). */
final class Scope {
    enum Kind { MODULE, CLASS, FUNCTION, GENERATOR, TYPE_PARAMS }

    final Kind kind;
    final LinkedHashMap<String, Binding> bindings;
    boolean importStarred;
    /** Function scopes: names pyflakes treats as always used. */
    final Set<String> globals;
    boolean usesLocals;
    /**
     * Locals debuggers and test runners read (pyflakes 4.1's {@code always_used}): never reported unused, yet not
     * declared, so {@code del __tracebackhide__} before any assignment is an undefined name.
     */
    static final Set<String> ALWAYS_USED = Set.of("__tracebackhide__", "__traceback_info__",
            "__traceback_supplement__", "__debuggerskip__");

    Scope(Kind kind) {
        this(kind, 16);
    }

    Scope(Kind kind, int capacity) {
        this.kind = kind;
        this.bindings = new LinkedHashMap<>(capacity);
        this.globals = kind == Kind.FUNCTION ? new HashSet<>() : Set.of();
    }

    Binding get(String name) {
        return bindings.get(name);
    }

    boolean has(String name) {
        return bindings.containsKey(name);
    }

    boolean isFunction() {
        return kind == Kind.FUNCTION;
    }
}
