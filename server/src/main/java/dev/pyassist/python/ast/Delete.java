// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Delete}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Delete(java.util.List<Expr> targets, int start, int end) implements Stmt {
    public Delete {
        targets = Nodes.copy(targets);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        for (Node c : targets) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitDelete(this); }
}
