// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Arguments}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Arguments(java.util.List<Arg> posonlyargs, java.util.List<Arg> args, Arg vararg, java.util.List<Arg> kwonlyargs, java.util.List<Expr> kwDefaults, Arg kwarg, java.util.List<Expr> defaults, int start, int end) implements Node {
    public Arguments {
        posonlyargs = Nodes.copy(posonlyargs);
        args = Nodes.copy(args);
        kwonlyargs = Nodes.copy(kwonlyargs);
        kwDefaults = Nodes.copy(kwDefaults);
        defaults = Nodes.copy(defaults);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        for (Node c : posonlyargs) if (c != null) out.add(c);
        for (Node c : args) if (c != null) out.add(c);
        if (vararg != null) out.add(vararg);
        for (Node c : kwonlyargs) if (c != null) out.add(c);
        for (Node c : kwDefaults) if (c != null) out.add(c);
        if (kwarg != null) out.add(kwarg);
        for (Node c : defaults) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitArguments(this); }
}
