package dev.pyassist.flow;

import dev.pyassist.python.ast.Expr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
    /** The module's names bound on some paths only at its end (for the opt-in {@link FlowRule#POSSIBLY_UNBOUND_GLOBAL}). */
    private final Map<String, Unbound> unboundAtEnd;
    /**
     * Whether the opt-in {@link FlowRule#POSSIBLY_UNBOUND_GLOBAL} is on: only then does an analysis ask
     * {@link #unboundAtEnd} (whose answers name lines), and a unit analysed in one mode is not reused in the other.
     */
    final boolean unboundGlobals;

    /**
     * A module-level name that some path through the module leaves unbound at its end.
     *
     * @param path which path, its line filled in ("the `if` condition on line 12 is false")
     * @param test the source text of the {@code if} test that decides the binding, else null
     * @param boundWhenTrue whether the binding is on the test's true side (else on its false side)
     */
    record Unbound(String path, String test, boolean boundWhenTrue) {
    }

    /**
     * @param nonlocals names declared {@code nonlocal} in any scope of the module
     * @param moduleHere the names the module scope binds (its own {@code global} declarations aside)
     * @param overridden method names that more than one class of the module defines
     * @param unboundGlobals whether the opt-in {@link FlowRule#POSSIBLY_UNBOUND_GLOBAL} is on
     */
    Outside(Set<String> globals, Set<String> nonlocals, Set<String> moduleHere, NeverReturns never,
            Map<String, CallChecks.Signature> functions, Map<String, CallChecks.Signature> constructors,
            Set<String> overridden, boolean unboundGlobals) {
        this(globals, nonlocals, moduleHere, never, functions, constructors, overridden, Map.of(), unboundGlobals);
    }

    private Outside(Set<String> globals, Set<String> nonlocals, Set<String> moduleHere, NeverReturns never,
            Map<String, CallChecks.Signature> functions, Map<String, CallChecks.Signature> constructors,
            Set<String> overridden, Map<String, Unbound> unboundAtEnd, boolean unboundGlobals) {
        this.unboundAtEnd = unboundAtEnd;
        this.unboundGlobals = unboundGlobals;
        this.globals = globals;
        this.nonlocals = nonlocals;
        this.moduleHere = moduleHere;
        this.never = never;
        this.functions = functions;
        this.constructors = constructors;
        this.overridden = overridden;
    }

    private Outside(Outside o) {
        this(o.globals, o.nonlocals, o.moduleHere, o.never, o.functions, o.constructors, o.overridden,
                o.unboundAtEnd, o.unboundGlobals);
    }

    /** These facts with what the module's own analysis found unbound at its end. */
    Outside withUnboundAtEnd(Map<String, Unbound> unbound) {
        return new Outside(globals, nonlocals, moduleHere, never, functions, constructors, overridden, unbound,
                unboundGlobals);
    }

    /** How the module may leave {@code n} unbound at its end, or null when every path binds it (or none). */
    Unbound unboundAtEnd(String n) {
        return unboundAtEnd.get(n);
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

    /** Whether {@code o} holds the same facts (then every question gets the same answer from both). */
    boolean sameFacts(Outside o) {
        return globals.equals(o.globals) && nonlocals.equals(o.nonlocals) && moduleHere.equals(o.moduleHere)
                && never.sameAs(o.never) && functions.equals(o.functions) && constructors.equals(o.constructors)
                && overridden.equals(o.overridden) && unboundAtEnd.equals(o.unboundAtEnd)
                && unboundGlobals == o.unboundGlobals;
    }

    Recorder recorder() {
        return new Recorder(this);
    }

    /** The questions one analysis asked, with their answers, in the order first asked. */
    static final class Asked {
        private final byte[] kinds;
        private final String[] names;
        private final Object[] answers;
        /** The mode asked under: the opt-in rule's findings are there only when it was on. */
        private final boolean unboundGlobals;

        private Asked(byte[] kinds, String[] names, Object[] answers, boolean unboundGlobals) {
            this.unboundGlobals = unboundGlobals;
            this.kinds = kinds;
            this.names = names;
            this.answers = answers;
        }

        /** Whether {@code now} answers every question as before. */
        boolean holds(Outside now) {
            if (now.unboundGlobals != unboundGlobals) {
                return false;
            }
            for (int i = 0; i < kinds.length; i++) {
                String n = names[i];
                Object answer = switch (kinds[i]) {
                    case Recorder.NONLOCAL -> now.nonlocalAnywhere(n);
                    case Recorder.MODULE -> now.moduleBinds(n);
                    case Recorder.NEVER -> now.neverReturnsName(n);
                    case Recorder.FUNCTION -> now.function(n);
                    case Recorder.CONSTRUCTOR -> now.constructor(n);
                    case Recorder.UNBOUND_AT_END -> now.unboundAtEnd(n);
                    default -> now.overridden(n);
                };
                if (!Objects.equals(answer, answers[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The same answers, each question written down with its answer. */
    static final class Recorder extends Outside {
        private static final byte NONLOCAL = 0;
        private static final byte MODULE = 1;
        private static final byte NEVER = 2;
        private static final byte FUNCTION = 3;
        private static final byte CONSTRUCTOR = 4;
        private static final byte OVERRIDDEN = 5;
        private static final byte UNBOUND_AT_END = 6;

        /** Per kind, the names asked (a question asked twice is written down once). */
        private final List<Set<String>> asked = new ArrayList<>();
        private final ArrayList<Object> answers = new ArrayList<>();
        private final ArrayList<String> names = new ArrayList<>();
        private final ArrayList<Byte> kinds = new ArrayList<>();

        private Recorder(Outside real) {
            super(real);
            for (int k = 0; k <= UNBOUND_AT_END; k++) {
                asked.add(new HashSet<>());
            }
        }

        private <T> T note(byte kind, String name, T answer) {
            if (asked.get(kind).add(name)) {
                kinds.add(kind);
                names.add(name);
                answers.add(answer);
            }
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

        @Override
        Unbound unboundAtEnd(String n) {
            return note(UNBOUND_AT_END, n, super.unboundAtEnd(n));
        }

        /** The questions asked so far, with their answers. */
        Asked asked() {
            byte[] k = new byte[kinds.size()];
            for (int i = 0; i < k.length; i++) {
                k[i] = kinds.get(i);
            }
            return new Asked(k, names.toArray(new String[0]), answers.toArray(), unboundGlobals);
        }
    }
}
