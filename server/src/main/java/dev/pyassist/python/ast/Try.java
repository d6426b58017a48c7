// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Try}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Try(java.util.List<Stmt> body, java.util.List<ExceptHandler> handlers, java.util.List<Stmt> orelse, java.util.List<Stmt> finalbody, int start, int end) implements Stmt {
    public Try {
        body = Nodes.copy(body);
        handlers = Nodes.copy(handlers);
        orelse = Nodes.copy(orelse);
        finalbody = Nodes.copy(finalbody);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        for (Node c : body) if (c != null) out.add(c);
        for (Node c : handlers) if (c != null) out.add(c);
        for (Node c : orelse) if (c != null) out.add(c);
        for (Node c : finalbody) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitTry(this); }
}
