// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.MatchMapping}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record MatchMapping(java.util.List<Expr> keys, java.util.List<Pattern> patterns, Identifier rest, int start, int end) implements Pattern {
    public MatchMapping {
        keys = Nodes.copy(keys);
        patterns = Nodes.copy(patterns);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        for (Node c : keys) if (c != null) out.add(c);
        for (Node c : patterns) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitMatchMapping(this); }
}
