// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.MatchClass}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record MatchClass(Expr cls, java.util.List<Pattern> patterns, java.util.List<Identifier> kwdAttrs, java.util.List<Pattern> kwdPatterns, int start, int end) implements Pattern {
    public MatchClass {
        patterns = Nodes.copy(patterns);
        kwdAttrs = Nodes.copy(kwdAttrs);
        kwdPatterns = Nodes.copy(kwdPatterns);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        out.add(cls);
        for (Node c : patterns) if (c != null) out.add(c);
        for (Node c : kwdPatterns) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitMatchClass(this); }
}
