// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.BinOp}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record BinOp(Expr left, Operator op, Expr right, int start, int end) implements Expr {
    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        out.add(left);
        out.add(right);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitBinOp(this); }
}
