// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.ImportFrom}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record ImportFrom(Identifier module, java.util.List<Alias> names, int level, int start, int end) implements Stmt {
    public ImportFrom {
        names = Nodes.copy(names);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        for (Node c : names) if (c != null) out.add(c);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitImportFrom(this); }
}
