// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.MatchOr}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record MatchOr(java.util.List<Pattern> patterns, int start, int end) implements Pattern {
    public MatchOr {
        patterns = Nodes.copy(patterns);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        for (Node c : patterns) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitMatchOr(this); }
}
