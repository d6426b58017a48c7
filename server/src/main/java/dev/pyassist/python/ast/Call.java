// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Call}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Call(Expr func, java.util.List<Expr> args, java.util.List<Keyword> keywords, int start, int end) implements Expr {
    public Call {
        args = Nodes.copy(args);
        keywords = Nodes.copy(keywords);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        out.add(func);
        for (Node c : args) if (c != null) out.add(c);
        for (Node c : keywords) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitCall(this); }
}
