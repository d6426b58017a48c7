// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Break}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Break(int start, int end) implements Stmt {
    @Override public java.util.List<Node> children() {
        return java.util.List.of();
    }

    @Override public void accept(Visitor v) { v.visitBreak(this); }
}
