// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.AugAssign}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record AugAssign(Expr target, Operator op, Expr value, int start, int end) implements Stmt {
    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        out.add(target);
        out.add(value);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitAugAssign(this); }
}
