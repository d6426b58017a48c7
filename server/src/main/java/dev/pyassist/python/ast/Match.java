// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Match}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Match(Expr subject, java.util.List<MatchCase> cases, int start, int end) implements Stmt {
    public Match {
        cases = Nodes.copy(cases);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        out.add(subject);
        for (Node c : cases) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitMatch(this); }
}
