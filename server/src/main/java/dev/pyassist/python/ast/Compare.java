// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Compare}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Compare(Expr left, java.util.List<CmpOp> ops, java.util.List<Expr> comparators, int start, int end) implements Expr {
    public Compare {
        ops = Nodes.copy(ops);
        comparators = Nodes.copy(comparators);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        out.add(left);
        for (Node c : comparators) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitCompare(this); }
}
