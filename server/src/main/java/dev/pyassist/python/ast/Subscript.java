// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Subscript}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Subscript(Expr value, Expr slice, ExprContext ctx, int start, int end) implements Expr {
    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        out.add(value);
        out.add(slice);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitSubscript(this); }

    /** Same node with another expression context. */
    public Subscript withCtx(ExprContext ctx) { return new Subscript(value, slice, ctx, start, end); }
}
