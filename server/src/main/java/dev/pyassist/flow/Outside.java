package dev.pyassist.flow;

import dev.pyassist.python.ast.Expr;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the analysis of one top-level function or class may know of the rest of its module. Its findings depend on
 * its own text and on the answers to these questions only, so a cached result stays valid for as long as the
 * questions it asked ({@link Recorder}) get the same answers: a keystroke in one function leaves the others alone,
 * and a changed signature re-checks only the functions that call it.
 */
class Outside {
    /** Names declared {@code global} in any scope of the module (asked by the module scope only). */
    final Set<String> globals;
    private final Set<String> nonlocals;
    private final Set<String> moduleHere;
    private final NeverReturns never;
    private final Map<String, CallChecks.Signature> functions;
    private final Map<String, CallChecks.Signature> constructors;
    private final Set<String> overridden;

    /**
     * @param nonlocals names declared {@code nonlocal} in any scope of the module
     * @param moduleHere the names the module scope binds (its own {@code global} declarations aside)
     * @param overridden method names that more than one class of the module defines
     */
    Outside(Set<String> globals, Set<String> nonlocals, Set<String> moduleHere, NeverReturns never,
            Map<String, CallChecks.Signature> functions, Map<String, CallChecks.Signature> constructors,
            Set<String> overridden) {
        this.globals = globals;
        this.nonlocals = nonlocals;
        this.moduleHere = moduleHere;
        this.never = never;
        this.functions = functions;
        this.constructors = constructors;
        this.overridden = overridden;
    }

    private Outside(Outside o) {
        this(o.globals, o.nonlocals, o.moduleHere, o.never, o.functions, o.constructors, o.overridden);
    }

    /** Whether some scope declares {@code n nonlocal} (a function's local of that name is then not tracked). */
    boolean nonlocalAnywhere(String n) {
        return nonlocals.contains(n);
    }

    /** Whether the module scope binds {@code n} (a class body's read of it may find the module's). */
    boolean moduleBinds(String n) {
        return moduleHere.contains(n);
    }

    /** Whether a call of the plain name {@code n} never returns. */
    boolean neverReturnsName(String n) {
        return never.neverReturnsName(n);
    }

    /** The signature of the module-level function {@code n}, or null when unknown or uncertain. */
    CallChecks.Signature function(String n) {
        return functions.get(n);
    }

    /** What calling the module-level class {@code n} takes, or null when unknown or uncertain. */
    CallChecks.Signature constructor(String n) {
        return constructors.get(n);
    }

    /** Whether more than one class of the module defines a method {@code m} (a subclass may change it). */
    boolean overridden(String m) {
        return overridden.contains(m);
    }

    /** Whether evaluating {@code e} (an expression statement's value) never returns. */
    final boolean neverReturns(Expr e) {
        return NeverReturns.neverReturns(e, this::neverReturnsName);
    }

    Recorder recorder() {
        return new Recorder(this);
    }

    /** The same answers, each question written down with its answer. */
    static final class Recorder extends Outside {
        private static final char NONLOCAL = 'n';
        private static final char MODULE = 'm';
        private static final char NEVER = 'r';
        private static final char FUNCTION = 'f';
        private static final char CONSTRUCTOR = 'c';
        private static final char OVERRIDDEN = 'o';

        private final Map<String, Object> asked = new HashMap<>();

        private Recorder(Outside real) {
            super(real);
        }

        private <T> T note(char kind, String name, T answer) {
            asked.put(kind + name, answer);
            return answer;
        }

        @Override
        boolean nonlocalAnywhere(String n) {
            return note(NONLOCAL, n, super.nonlocalAnywhere(n));
        }

        @Override
        boolean moduleBinds(String n) {
            return note(MODULE, n, super.moduleBinds(n));
        }

        @Override
        boolean neverReturnsName(String n) {
            return note(NEVER, n, super.neverReturnsName(n));
        }

        @Override
        CallChecks.Signature function(String n) {
            return note(FUNCTION, n, super.function(n));
        }

        @Override
        CallChecks.Signature constructor(String n) {
            return note(CONSTRUCTOR, n, super.constructor(n));
        }

        @Override
        boolean overridden(String m) {
            return note(OVERRIDDEN, m, super.overridden(m));
        }

        private static final Object NONE = new Object(); // stands for a null answer

        /** The questions asked, with their answers. */
        Map<String, Object> asked() {
            Map<String, Object> out = new HashMap<>(asked.size() * 2);
            asked.forEach((k, v) -> out.put(k, v == null ? NONE : v));
            return Collections.unmodifiableMap(out);
        }

        /** Whether {@code now} answers every question of {@code asked} as before. */
        static boolean holds(Map<String, Object> asked, Outside now) {
            for (Map.Entry<String, Object> e : asked.entrySet()) {
                String name = e.getKey().substring(1);
                Object answer = switch (e.getKey().charAt(0)) {
                    case NONLOCAL -> now.nonlocalAnywhere(name);
                    case MODULE -> now.moduleBinds(name);
                    case NEVER -> now.neverReturnsName(name);
                    case FUNCTION -> now.function(name);
                    case CONSTRUCTOR -> now.constructor(name);
                    default -> now.overridden(name);
                };
                if (!Objects.equals(answer == null ? NONE : answer, e.getValue())) {
                    return false;
                }
            }
            return true;
        }
    }
}
