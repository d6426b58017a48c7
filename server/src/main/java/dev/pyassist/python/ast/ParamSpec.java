// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/**
 * CPython {@code ast.ParamSpec}; offsets are UTF-16 char offsets into the source, end exclusive. {@code defaultValue}
 * is PEP 696's default (3.13), or null.
 */
public record ParamSpec(Identifier name, Expr defaultValue, int start, int end) implements TypeParam {
    public ParamSpec(Identifier name, int start, int end) {
        this(name, null, start, end);
    }

    @Override public java.util.List<Node> children() {
        java.util.ArrayList<Node> out = new java.util.ArrayList<>();
        if (defaultValue != null) out.add(defaultValue);
        return out;
    }

    @Override public void accept(Visitor v) { v.visitParamSpec(this); }
}
