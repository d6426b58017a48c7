// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Global}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Global(java.util.List<Identifier> names, int start, int end) implements Stmt {
    public Global {
        names = Nodes.copy(names);
    }

    @Override public java.util.List<Node> children() {
        return java.util.List.of();
    }

    @Override public void accept(Visitor v) { v.visitGlobal(this); }
}
