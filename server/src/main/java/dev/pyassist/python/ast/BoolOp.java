// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.BoolOp}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record BoolOp(BoolOperator op, java.util.List<Expr> values, int start, int end) implements Expr {
    public BoolOp {
        values = Nodes.copy(values);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        for (Node c : values) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitBoolOp(this); }
}
