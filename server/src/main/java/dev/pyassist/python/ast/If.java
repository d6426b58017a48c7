// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.If}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record If(Expr test, java.util.List<Stmt> body, java.util.List<Stmt> orelse, int start, int end) implements Stmt {
    public If {
        body = Nodes.copy(body);
        orelse = Nodes.copy(orelse);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        out.add(test);
        for (Node c : body) if (c != null) out.add(c);
        for (Node c : orelse) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitIf(this); }
}
