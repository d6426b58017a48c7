// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Name}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Name(String id, ExprContext ctx, int start, int end) implements Expr {
    @Override public java.util.List<Node> children() {
        return java.util.List.of();
    }

    @Override public void accept(Visitor v) { v.visitName(this); }

    /** Same node with another expression context. */
    public Name withCtx(ExprContext ctx) { return new Name(id, ctx, start, end); }
}
