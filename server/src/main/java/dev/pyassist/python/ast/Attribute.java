// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Attribute}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Attribute(Expr value, Identifier attr, ExprContext ctx, int start, int end) implements Expr {
    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        out.add(value);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitAttribute(this); }

    /** Same node with another expression context. */
    public Attribute withCtx(ExprContext ctx) { return new Attribute(value, attr, ctx, start, end); }
}
