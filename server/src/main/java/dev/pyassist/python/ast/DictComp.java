// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.DictComp}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record DictComp(Expr key, Expr value, java.util.List<Comprehension> generators, int start, int end) implements Expr {
    public DictComp {
        generators = Nodes.copy(generators);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        out.add(key);
        out.add(value);
        for (Node c : generators) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitDictComp(this); }
}
