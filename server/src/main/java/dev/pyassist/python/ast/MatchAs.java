// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.MatchAs}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record MatchAs(Pattern pattern, Identifier name, int start, int end) implements Pattern {
    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        if (pattern != null) out.add(pattern);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitMatchAs(this); }
}
