// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.TypeAlias}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record TypeAlias(Expr name, java.util.List<TypeParam> typeParams, Expr value, int start, int end) implements Stmt {
    public TypeAlias {
        typeParams = Nodes.copy(typeParams);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        out.add(name);
        for (Node c : typeParams) if (c != null) out.add(c);
        out.add(value);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitTypeAlias(this); }
}
