// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.FunctionDef}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record FunctionDef(Identifier name, Arguments args, java.util.List<Stmt> body, java.util.List<Expr> decoratorList, Expr returns, java.util.List<TypeParam> typeParams, int start, int end) implements Stmt {
    public FunctionDef {
        body = Nodes.copy(body);
        decoratorList = Nodes.copy(decoratorList);
        typeParams = Nodes.copy(typeParams);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        out.add(args);
        for (Node c : body) if (c != null) out.add(c);
        for (Node c : decoratorList) if (c != null) out.add(c);
        if (returns != null) out.add(returns);
        for (Node c : typeParams) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitFunctionDef(this); }
}
