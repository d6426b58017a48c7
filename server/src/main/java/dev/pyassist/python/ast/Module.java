// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Module}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Module(java.util.List<Stmt> body, int start, int end) implements Node {
    public Module {
        body = Nodes.copy(body);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        for (Node c : body) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitModule(this); }
}
