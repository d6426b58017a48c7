// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Set}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Set(java.util.List<Expr> elts, int start, int end) implements Expr {
    public Set {
        elts = Nodes.copy(elts);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        for (Node c : elts) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitSet(this); }
}
