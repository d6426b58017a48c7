// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.Alias}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record Alias(Identifier name, Identifier asname, int start, int end) implements Node {
    @Override public java.util.List<Node> children() {
        return java.util.List.of();
    }

    @Override public void accept(Visitor v) { v.visitAlias(this); }
}
