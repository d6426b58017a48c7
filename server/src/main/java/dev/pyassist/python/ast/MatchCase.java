// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.MatchCase}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record MatchCase(Pattern pattern, Expr guard, java.util.List<Stmt> body, int start, int end) implements Node {
    public MatchCase {
        body = Nodes.copy(body);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        out.add(pattern);
        if (guard != null) out.add(guard);
        for (Node c : body) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitMatchCase(this); }
}
