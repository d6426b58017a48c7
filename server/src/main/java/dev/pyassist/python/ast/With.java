// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.With}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record With(java.util.List<WithItem> items, java.util.List<Stmt> body, int start, int end) implements Stmt {
    public With {
        items = Nodes.copy(items);
        body = Nodes.copy(body);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        for (Node c : items) if (c != null) out.add(c);
        for (Node c : body) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitWith(this); }
}
