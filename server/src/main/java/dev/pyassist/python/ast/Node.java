// Generated from the node table in the syntax layer; edit with care (keep in sync with Visitor).
package dev.pyassist.python.ast;

/** Any syntax tree node. Offsets are UTF-16 char offsets into the parsed source (end exclusive). */
public sealed interface Node permits Module, Comprehension, ExceptHandler, Arguments, Arg, Keyword, Alias, WithItem, MatchCase, Stmt, Expr, Pattern, TypeParam {
    /** Start offset (inclusive). */
    int start();
    /** End offset (exclusive). */
    int end();
    /** Direct child nodes in source order (identifiers are not nodes here; read them from the fields). */
    java.util.List<Node> children();
    /** Double dispatch to the matching {@code Visitor.visitX} method. */
    void accept(Visitor v);
}
