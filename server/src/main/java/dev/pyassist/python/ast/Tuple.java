// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Tuple}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Tuple(java.util.List<Expr> elts, ExprContext ctx, int start, int end) implements Expr {
    public Tuple {
        elts = Nodes.copy(elts);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        for (Node c : elts) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitTuple(this); }

    /** Same node with another expression context. */
    public Tuple withCtx(ExprContext ctx) { return new Tuple(elts, ctx, start, end); }
}
