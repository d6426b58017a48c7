package dev.pyassist.flow;

import java.util.Arrays;

/**
 * What is known, at one point of a scope, about each of its tracked names: bound on every path, on none, on some,
 * or unbound only before a loop's first iteration. A null state is a point no path reaches.
 */
final class FlowState {
    static final byte ASSIGNED = 0;
    static final byte UNBOUND = 1;
    /** Bound on some paths only: {@link #why} says which path leaves it unbound. */
    static final byte MAYBE = 2;
    /**
     * Bound by an earlier iteration of a loop, or unbound only when a loop runs zero times: treated as bound (as
     * pylint does), so loop-carried and loop-assigned names stay quiet.
     */
    static final byte LOOP = 3;

    /** Why a name is (possibly) unbound: a sentence with {@code {line}} standing for the 1-based line of offset. */
    record Why(String text, int offset) {
    }

    final byte[] status;
    final Why[] why;

    FlowState(int size) {
        status = new byte[size];
        why = new Why[size];
    }

    private FlowState(byte[] status, Why[] why) {
        this.status = status;
        this.why = why;
    }

    FlowState copy() {
        return new FlowState(status.clone(), why.clone());
    }

    static FlowState copyOf(FlowState s) {
        return s == null ? null : s.copy();
    }

    void set(int i, byte st, Why reason) {
        status[i] = st;
        why[i] = reason;
    }

    /**
     * The state where two paths meet. {@code labelA} / {@code labelB} say what taking that path means; they become
     * the reason when a name is bound on the other path only.
     */
    static FlowState join(FlowState a, Why labelA, FlowState b, Why labelB) {
        if (a == null) {
            return b == null ? null : b.copy();
        }
        if (b == null) {
            return a.copy();
        }
        FlowState out = a.copy();
        for (int i = 0; i < out.status.length; i++) {
            byte sa = a.status[i];
            byte sb = b.status[i];
            if (sa == sb) {
                continue;
            }
            if (sa == LOOP || sb == LOOP) {
                byte other = sa == LOOP ? sb : sa;
                if (other == MAYBE) {
                    out.set(i, MAYBE, sa == MAYBE ? a.why[i] : b.why[i]);
                } else {
                    out.set(i, LOOP, null);
                }
            } else if (sa == MAYBE) {
                out.set(i, MAYBE, a.why[i]);
            } else if (sb == MAYBE) {
                out.set(i, MAYBE, b.why[i]);
            } else if (sa == UNBOUND) { // b assigned
                out.set(i, MAYBE, labelA != null ? labelA : a.why[i]);
            } else { // a assigned, b unbound
                out.set(i, MAYBE, labelB != null ? labelB : b.why[i]);
            }
        }
        return out;
    }

    /** Joins {@code b} into {@code acc} with one label for both (collectors of many points). */
    static FlowState join(FlowState acc, FlowState b, Why label) {
        return join(acc, label, b, label);
    }

    @Override
    public String toString() {
        return Arrays.toString(status);
    }
}
