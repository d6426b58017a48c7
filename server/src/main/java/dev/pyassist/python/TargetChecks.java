package dev.pyassist.python;

import dev.pyassist.python.ast.*;
import java.util.ArrayList;
import java.util.List;

/** Assignment/deletion target validation and context rewriting, CPython wording (internal). */
final class TargetChecks {
    private TargetChecks() {
    }

    enum TargetKind { STAR, FOR, DEL }

    /** CPython's {@code _PyPegen_get_expr_name}. */
    static String exprName(Expr e) {
        if (e instanceof Attribute) return "attribute";
        if (e instanceof Subscript) return "subscript";
        if (e instanceof Starred) return "starred";
        if (e instanceof Name) return "name";
        if (e instanceof dev.pyassist.python.ast.List) return "list";
        if (e instanceof Tuple) return "tuple";
        if (e instanceof Lambda) return "lambda";
        if (e instanceof Call) return "function call";
        if (e instanceof BoolOp || e instanceof BinOp || e instanceof UnaryOp) return "expression";
        if (e instanceof GeneratorExp) return "generator expression";
        if (e instanceof Yield || e instanceof YieldFrom) return "yield expression";
        if (e instanceof Await) return "await expression";
        if (e instanceof ListComp) return "list comprehension";
        if (e instanceof SetComp) return "set comprehension";
        if (e instanceof DictComp) return "dict comprehension";
        if (e instanceof Dict) return "dict literal";
        if (e instanceof dev.pyassist.python.ast.Set) return "set display";
        if (e instanceof JoinedStr || e instanceof FormattedValue) return "f-string expression";
        if (e instanceof Constant c) {
            return switch (c.kind()) {
                case NONE -> "None";
                case TRUE -> "True";
                case FALSE -> "False";
                case ELLIPSIS -> "ellipsis";
                default -> "literal";
            };
        }
        if (e instanceof Compare) return "comparison";
        if (e instanceof IfExp) return "conditional expression";
        if (e instanceof NamedExpr) return "named expression";
        return "expression";
    }

    /** CPython's {@code _PyPegen_get_invalid_target}: the offending sub-target, or null when valid. */
    static Expr invalidTarget(Expr e, TargetKind kind) {
        if (e == null) return null;
        if (e instanceof dev.pyassist.python.ast.List l) {
            for (Expr x : l.elts()) {
                Expr r = invalidTarget(x, kind);
                if (r != null) return r;
            }
            return null;
        }
        if (e instanceof Tuple t) {
            for (Expr x : t.elts()) {
                Expr r = invalidTarget(x, kind);
                if (r != null) return r;
            }
            return null;
        }
        if (e instanceof Starred s) {
            if (kind == TargetKind.DEL) return e;
            return invalidTarget(s.value(), kind);
        }
        if (e instanceof Compare c) {
            if (kind == TargetKind.FOR) {
                if (c.ops().get(0) == CmpOp.IN) return invalidTarget(c.left(), kind);
                return null;
            }
            return e;
        }
        if (e instanceof Name || e instanceof Subscript || e instanceof Attribute) return null;
        return e;
    }

    static String invalidTargetMessage(Expr bad, TargetKind kind) {
        return (kind == TargetKind.DEL ? "cannot delete " : "cannot assign to ") + exprName(bad);
    }

    /** Rewrites a valid target to the given context (iterative over nested tuples/lists). */
    static Expr withCtx(Expr e, ExprContext ctx) {
        if (e instanceof Name n) return new Name(n.id(), ctx, n.start(), n.end());
        if (e instanceof Attribute a) return a.withCtx(ctx);
        if (e instanceof Subscript s) return new Subscript(s.value(), s.slice(), ctx, s.start(), s.end());
        if (e instanceof Starred s) return new Starred(withCtx(s.value(), ctx), ctx, s.start(), s.end());
        if (e instanceof Tuple t) return new Tuple(map(t.elts(), ctx), ctx, t.start(), t.end());
        if (e instanceof dev.pyassist.python.ast.List l) {
            return new dev.pyassist.python.ast.List(map(l.elts(), ctx), ctx, l.start(), l.end());
        }
        return e;
    }

    private static List<Expr> map(List<Expr> in, ExprContext ctx) {
        List<Expr> out = new ArrayList<>(in.size());
        for (Expr x : in) out.add(withCtx(x, ctx));
        return out;
    }
}
