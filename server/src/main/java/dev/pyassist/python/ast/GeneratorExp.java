// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.GeneratorExp}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record GeneratorExp(Expr elt, java.util.List<Comprehension> generators, int start, int end) implements Expr {
    public GeneratorExp {
        generators = Nodes.copy(generators);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        out.add(elt);
        for (Node c : generators) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitGeneratorExp(this); }
}
