// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.AnnAssign}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record AnnAssign(Expr target, Expr annotation, Expr value, boolean simple, int start, int end) implements Stmt {
    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        out.add(target);
        out.add(annotation);
        if (value != null) out.add(value);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitAnnAssign(this); }
}
