// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Arg}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Arg(Identifier arg, Expr annotation, int start, int end) implements Node {
    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        if (annotation != null) out.add(annotation);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitArg(this); }
}
