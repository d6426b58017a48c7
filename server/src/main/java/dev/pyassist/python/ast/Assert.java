// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Assert}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Assert(Expr test, Expr msg, int start, int end) implements Stmt {
    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        out.add(test);
        if (msg != null) out.add(msg);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitAssert(this); }
}
