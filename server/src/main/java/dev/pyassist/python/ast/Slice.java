// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Slice}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Slice(Expr lower, Expr upper, Expr step, int start, int end) implements Expr {
    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        if (lower != null) out.add(lower);
        if (upper != null) out.add(upper);
        if (step != null) out.add(step);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitSlice(this); }
}
