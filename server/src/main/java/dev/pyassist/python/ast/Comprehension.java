// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Comprehension}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Comprehension(Expr target, Expr iter, java.util.List<Expr> ifs, boolean isAsync, int start, int end) implements Node {
    public Comprehension {
        ifs = Nodes.copy(ifs);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        out.add(target);
        out.add(iter);
        for (Node c : ifs) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitComprehension(this); }
}
