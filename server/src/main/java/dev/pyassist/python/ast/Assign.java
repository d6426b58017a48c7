// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Assign}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Assign(java.util.List<Expr> targets, Expr value, int start, int end) implements Stmt {
    public Assign {
        targets = Nodes.copy(targets);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        for (Node c : targets) if (c != null) out.add(c);
        out.add(value);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitAssign(this); }
}
