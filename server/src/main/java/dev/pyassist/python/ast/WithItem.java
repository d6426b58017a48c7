// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.WithItem}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record WithItem(Expr contextExpr, Expr optionalVars, int start, int end) implements Node {
    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        out.add(contextExpr);
        if (optionalVars != null) out.add(optionalVars);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitWithItem(this); }
}
