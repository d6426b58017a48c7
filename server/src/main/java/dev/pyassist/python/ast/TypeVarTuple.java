// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** CPython {@code ast.TypeVarTuple}; offsets are UTF-16 char offsets into the source, end exclusive. */
public record TypeVarTuple(Identifier name, int start, int end) implements TypeParam {
    @Override public java.util.List<Node> children() {
        return java.util.List.of();
    }

    @Override public void accept(Visitor v) { v.visitTypeVarTuple(this); }
}
