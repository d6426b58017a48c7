// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.ClassDef}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record ClassDef(Identifier name, java.util.List<Expr> bases, java.util.List<Keyword> keywords, java.util.List<Stmt> body, java.util.List<Expr> decoratorList, java.util.List<TypeParam> typeParams, int start, int end) implements Stmt {
    public ClassDef {
        bases = Nodes.copy(bases);
        keywords = Nodes.copy(keywords);
        body = Nodes.copy(body);
        decoratorList = Nodes.copy(decoratorList);
        typeParams = Nodes.copy(typeParams);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        for (Node c : bases) if (c != null) out.add(c);
        for (Node c : keywords) if (c != null) out.add(c);
        for (Node c : body) if (c != null) out.add(c);
        for (Node c : decoratorList) if (c != null) out.add(c);
        for (Node c : typeParams) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitClassDef(this); }
}
