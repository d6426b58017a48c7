// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.IfExp}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record IfExp(Expr test, Expr body, Expr orelse, int start, int end) implements Expr {
    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        out.add(test);
        out.add(body);
        out.add(orelse);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitIfExp(this); }
}
