package dev.pyassist.python;

import static dev.pyassist.python.CompileChecks.err;

import dev.pyassist.python.CompileChecks.ScopeKind;
import dev.pyassist.python.ast.*;
import dev.pyassist.python.ast.Module;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;

/** The errors CPython's code generator raises, in its visiting order (internal). */
final class CodegenPass {
    private final PythonVersion target;

    CodegenPass(PythonVersion target) {
        this.target = target;
    }

    private ScopeKind scope = ScopeKind.MODULE;
    private int loops;
    private int blocks;
    private boolean asyncGenerator;

    void module(Module m) {
        stmts(m.body());
    }

    private void stmts(List<Stmt> body) {
        for (Stmt s : body) stmt(s);
    }

    private boolean inFunction() {
        return scope != ScopeKind.MODULE && scope != ScopeKind.CLASS;
    }

    private void function(Arguments args, List<Stmt> body, List<Expr> decos, Expr returns, boolean async) {
        for (Expr d : decos) expr(d);
        for (Expr d : args.defaults()) expr(d);
        for (Expr d : args.kwDefaults()) if (d != null) expr(d);
        for (Arg a : CompileChecks.allArgs(args)) {
            if (a.arg().id().equals("__debug__")) throw err("cannot assign to __debug__", a);
            // annotations are evaluated where the def is: a yield there is outside any function
            if (a.annotation() != null) expr(a.annotation() instanceof Starred st ? st.value() : a.annotation());
        }
        if (returns != null) expr(returns);
        ScopeKind savedScope = scope;
        int savedLoops = loops, savedBlocks = blocks;
        boolean savedAg = asyncGenerator;
        scope = async ? ScopeKind.ASYNC_FUNCTION : ScopeKind.FUNCTION;
        loops = 0;
        blocks = 0;
        asyncGenerator = async && containsYield(body);
        stmts(body);
        scope = savedScope;
        loops = savedLoops;
        blocks = savedBlocks;
        asyncGenerator = savedAg;
    }

    /** True when a yield occurs in this function's own scope. */
    private static boolean containsYield(List<Stmt> body) {
        boolean[] found = {false};
        for (Stmt s : body) {
            AstWalker.walk(s, n -> {
                if (n instanceof Yield || n instanceof YieldFrom) found[0] = true;
                return !(n instanceof FunctionDef || n instanceof AsyncFunctionDef || n instanceof ClassDef
                        || n instanceof Lambda || n instanceof ListComp || n instanceof SetComp
                        || n instanceof DictComp || n instanceof GeneratorExp);
            });
        }
        return found[0];
    }

    /**
     * {@code levels} more statically nested blocks (CPython's fblocks) around {@code r}; past the limit (20, 21 from
     * 3.13) CPython refuses the statement that opens the block.
     */
    private void nested(Node at, int levels, Runnable r) {
        blocks += levels;
        try {
            if (levels > 0 && blocks > (target.atLeast(13) ? 21 : 20)) {
                throw err("too many statically nested blocks", at);
            }
            r.run();
        } finally {
            blocks -= levels;
        }
    }

    private static void debugName(Identifier id, Node at) {
        if (id != null && id.id().equals("__debug__")) throw err("cannot assign to __debug__", at);
    }

    /** compiler_match: an irrefutable pattern before the last case. */
    private static void irrefutable(Pattern p, boolean allowed) {
        if (p instanceof MatchAs a && a.pattern() == null && !allowed) {
            throw err(a.name() != null ? "name capture '" + a.name().id() + "' makes remaining patterns unreachable"
                    : "wildcard makes remaining patterns unreachable", a);
        }
        if (p instanceof MatchOr o) {
            for (int i = 0; i < o.patterns().size(); i++) {
                irrefutable(o.patterns().get(i), allowed && i == o.patterns().size() - 1);
            }
        }
    }

    /**
     * Type parameter bounds, constraints and defaults, type alias values and a generic class's bases are evaluated in
     * annotation scopes, where CPython's symtable forbids walrus, yield and await.
     */
    private void typeParamScopes(Stmt s) {
        List<TypeParam> tps = s instanceof FunctionDef f ? f.typeParams()
                : s instanceof AsyncFunctionDef f ? f.typeParams()
                : s instanceof ClassDef c ? c.typeParams()
                : s instanceof TypeAlias ta ? ta.typeParams() : List.of();
        for (TypeParam tp : tps) {
            if (tp instanceof TypeVar v) {
                if (v.bound() != null) {
                    forbidden(v.bound(), target.atLeast(13) && v.bound() instanceof Tuple ? "a TypeVar constraint"
                            : "a TypeVar bound");
                }
                if (v.defaultValue() != null) forbidden(v.defaultValue(), "a TypeVar default");
            } else if (tp instanceof ParamSpec ps && ps.defaultValue() != null) {
                forbidden(ps.defaultValue(), "a ParamSpec default");
            } else if (tp instanceof TypeVarTuple tv && tv.defaultValue() != null) {
                forbidden(tv.defaultValue(), "a TypeVarTuple default");
            }
        }
        if (s instanceof TypeAlias ta) forbidden(ta.value(), "a type alias");
        if (s instanceof ClassDef c && !c.typeParams().isEmpty()) {
            for (Expr b : c.bases()) forbidden(b, "the definition of a generic");
            for (Keyword k : c.keywords()) forbidden(k.value(), "the definition of a generic");
        }
    }

    private void forbidden(Expr root, String where) {
        AstWalker.walk(root, (Node n) -> {
            String what = n instanceof NamedExpr ? "named" : n instanceof Yield || n instanceof YieldFrom ? "yield"
                    : n instanceof Await ? "await" : null;
            if (what != null) throw err(what + " expression cannot be used within " + where, n);
            return !(n instanceof Lambda);
        });
    }

    private void stmt(Stmt s) {
        if (s instanceof FunctionDef f) debugName(f.name(), s);
        else if (s instanceof AsyncFunctionDef f) debugName(f.name(), s);
        else if (s instanceof ClassDef c) debugName(c.name(), s);
        else if (s instanceof Import im) {
            for (Alias a : im.names()) debugName(a.asname() != null ? a.asname() : a.name(), s);
        } else if (s instanceof ImportFrom im) {
            for (Alias a : im.names()) debugName(a.asname() != null ? a.asname() : a.name(), s);
        } else if (s instanceof Match m) {
            for (int i = 0; i < m.cases().size(); i++) {
                MatchCase mc = m.cases().get(i);
                irrefutable(mc.pattern(), i == m.cases().size() - 1 || mc.guard() != null);
            }
        }
        typeParamScopes(s);
        if (s instanceof FunctionDef f) {
            function(f.args(), f.body(), f.decoratorList(), f.returns(), false);
        } else if (s instanceof AsyncFunctionDef f) {
            function(f.args(), f.body(), f.decoratorList(), f.returns(), true);
        } else if (s instanceof ClassDef c) {
            for (Expr d : c.decoratorList()) expr(d);
            for (Expr b : c.bases()) expr(b instanceof Starred st ? st.value() : b);
            keywords(c.keywords());
            for (Keyword k : c.keywords()) expr(k.value());
            ScopeKind saved = scope;
            int savedLoops = loops;
            scope = ScopeKind.CLASS;
            loops = 0;
            stmts(c.body());
            scope = saved;
            loops = savedLoops;
        } else if (s instanceof Return r) {
            if (!inFunction()) throw err("'return' outside function", s);
            if (r.value() != null) {
                if (asyncGenerator) throw err("'return' with value in async generator", s);
                expr(r.value());
            }
        } else if (s instanceof Break b) {
            if (loops == 0) throw err("'break' outside loop", s);
        } else if (s instanceof Continue c) {
            if (loops == 0) throw err("'continue' not properly in loop", s);
        } else if (s instanceof For f) {
            loop(s, f.target(), f.iter(), f.body(), f.orelse());
        } else if (s instanceof AsyncFor f) {
            if (scope != ScopeKind.ASYNC_FUNCTION) throw err("'async for' outside async function", s);
            loop(s, f.target(), f.iter(), f.body(), f.orelse());
        } else if (s instanceof While w) {
            expr(w.test());
            nested(s, 1, () -> {
                loops++;
                stmts(w.body());
                loops--;
            });
            stmts(w.orelse());
        } else if (s instanceof With w) {
            withItems(s, w.items(), w.body());
        } else if (s instanceof AsyncWith w) {
            if (scope != ScopeKind.ASYNC_FUNCTION) throw err("'async with' outside async function", s);
            withItems(s, w.items(), w.body());
        } else if (s instanceof Try t) {
            tryStmt(s, t.body(), t.handlers(), t.orelse(), t.finalbody());
        } else if (s instanceof TryStar t) {
            tryStmt(s, t.body(), t.handlers(), t.orelse(), t.finalbody());
        } else if (s instanceof Assign a) {
            expr(a.value());
            for (Expr t : a.targets()) target(t);
        } else if (s instanceof AugAssign a) {
            expr(a.value());
            target(a.target());
        } else if (s instanceof AnnAssign a) {
            if (a.value() != null) expr(a.value());
            target(a.target());
        } else if (s instanceof Delete d) {
            for (Expr t : d.targets()) target(t);
        } else if (s instanceof ExprStmt e) {
            expr(e.value());
        } else {
            for (Node c : s.children()) {
                if (c instanceof Stmt st) stmt(st);
                else if (c instanceof Expr e) expr(e);
                else if (c instanceof MatchCase mc) {
                    if (mc.guard() != null) expr(mc.guard());
                    stmts(mc.body());
                }
            }
        }
    }

    private void loop(Stmt s, Expr target, Expr iter, List<Stmt> body, List<Stmt> orelse) {
        expr(iter);
        target(target);
        nested(s, 1, () -> {
            loops++;
            stmts(body);
            loops--;
        });
        stmts(orelse);
    }

    private void withItems(Stmt s, List<WithItem> items, List<Stmt> body) {
        for (WithItem w : items) {
            expr(w.contextExpr());
            if (w.optionalVars() != null) target(w.optionalVars());
        }
        // one block per item: CPython compiles 'with a, b:' as nested withs
        nested(s, items.size(), () -> stmts(body));
    }

    /**
     * CPython's blocks for a try statement: the body is inside the finally's block and the except's; each handler
     * inside the finally's, the handlers' and its own cleanup block; 'else' inside the finally's; the finally body
     * once more inside its own (the path that handles an exception).
     */
    private void tryStmt(Stmt s, List<Stmt> body, List<ExceptHandler> handlers, List<Stmt> orelse,
            List<Stmt> fin) {
        boolean except = !handlers.isEmpty();
        nested(s, fin.isEmpty() ? 0 : 1, () -> {
            nested(s, except ? 1 : 0, () -> stmts(body));
            nested(s, except ? 1 : 0, () -> {
                for (int i = 0; i < handlers.size(); i++) {
                    ExceptHandler h = handlers.get(i);
                    if (h.type() == null && i < handlers.size() - 1) throw err("default 'except:' must be last", h);
                    if (h.type() != null) expr(h.type());
                    nested(h, 1, () -> stmts(h.body()));
                }
            });
            stmts(orelse);
        });
        nested(s, fin.isEmpty() ? 0 : 1, () -> stmts(fin));
    }

    private void target(Expr t) {
        if (t instanceof Starred st) throw err("starred assignment target must be in a list or tuple", st);
        checkTarget(t);
    }

    private void checkTarget(Expr t) {
        if (t instanceof Attribute a && a.attr().id().equals("__debug__")) {
            throw err(a.ctx() == ExprContext.DEL ? "cannot delete __debug__" : "cannot assign to __debug__", a);
        }
        if (t instanceof Name n) {
            if (n.id().equals("__debug__")) {
                throw err(n.ctx() == ExprContext.DEL ? "cannot delete __debug__" : "cannot assign to __debug__", n);
            }
            return;
        }
        List<Expr> elts = t instanceof Tuple tu ? tu.elts() : t instanceof dev.pyassist.python.ast.List l
                ? l.elts() : null;
        if (elts != null) {
            boolean star = false;
            for (Expr e : elts) {
                if (e instanceof Starred st) {
                    if (star) throw err("multiple starred expressions in assignment", t);
                    star = true;
                    checkTarget(st.value());
                } else {
                    checkTarget(e);
                }
            }
            return;
        }
        expr(t);
    }

    private void keywords(List<Keyword> kws) {
        HashSet<String> seen = new HashSet<>();
        for (Keyword k : kws) {
            if (k.arg() == null) continue;
            if (k.arg().id().equals("__debug__")) throw err("cannot assign to __debug__", k);
            if (!seen.add(k.arg().id())) throw err("keyword argument repeated: " + k.arg().id(), k);
        }
    }

    /** Expressions, iteratively; nested scopes (lambda, comprehensions) recurse with their own scope kind. */
    private void expr(Expr root) {
        ArrayDeque<Node> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            if (n instanceof Yield y) {
                if (!inFunction()) throw err("'yield' outside function", n);
                if (y.value() != null) stack.push(y.value());
            } else if (n instanceof YieldFrom y) {
                if (!inFunction()) throw err(target.atLeast(13) ? "'yield from' outside function"
                        : "'yield' outside function", n);
                if (scope == ScopeKind.ASYNC_FUNCTION) throw err("'yield from' inside async function", n);
                stack.push(y.value());
            } else if (n instanceof Await a) {
                if (!inFunction()) throw err("'await' outside function", n);
                if (scope != ScopeKind.ASYNC_FUNCTION && scope != ScopeKind.COMPREHENSION
                        && scope != ScopeKind.GENEXP) {
                    throw err("'await' outside async function", n);
                }
                stack.push(a.value());
            } else if (n instanceof Starred st) {
                throw err("can't use starred expression here", st);
            } else if (n instanceof Tuple t) {
                pushElts(stack, t.elts());
            } else if (n instanceof dev.pyassist.python.ast.List l) {
                pushElts(stack, l.elts());
            } else if (n instanceof dev.pyassist.python.ast.Set s) {
                pushElts(stack, s.elts());
            } else if (n instanceof Call c) {
                keywords(c.keywords());
                for (int i = c.keywords().size() - 1; i >= 0; i--) stack.push(c.keywords().get(i).value());
                pushElts(stack, c.args());
                stack.push(c.func());
            } else if (n instanceof Subscript sub) {
                if (sub.slice() instanceof Tuple t) pushElts(stack, t.elts());
                else stack.push(sub.slice());
                stack.push(sub.value());
            } else if (n instanceof Lambda l) {
                for (Expr d : l.args().defaults()) expr(d);
                for (Expr d : l.args().kwDefaults()) if (d != null) expr(d);
                for (Arg a : CompileChecks.allArgs(l.args())) {
                    if (a.arg().id().equals("__debug__")) throw err("cannot assign to __debug__", a);
                }
                nested(ScopeKind.LAMBDA, () -> expr(l.body()));
            } else if (n instanceof NamedExpr ne && ne.target() instanceof Name t && t.id().equals("__debug__")) {
                throw err("cannot assign to __debug__", t);
            } else if (n instanceof ListComp c) {
                comprehension(c.generators(), List.of(c.elt()), false, n);
            } else if (n instanceof SetComp c) {
                comprehension(c.generators(), List.of(c.elt()), false, n);
            } else if (n instanceof DictComp c) {
                comprehension(c.generators(), List.of(c.key(), c.value()), false, n);
            } else if (n instanceof GeneratorExp c) {
                comprehension(c.generators(), List.of(c.elt()), true, n);
            } else {
                List<Node> ch = n.children();
                for (int i = ch.size() - 1; i >= 0; i--) stack.push(ch.get(i));
            }
        }
    }

    private static void pushElts(ArrayDeque<Node> stack, List<Expr> elts) {
        for (int i = elts.size() - 1; i >= 0; i--) {
            Expr e = elts.get(i);
            stack.push(e instanceof Starred st ? st.value() : e);
        }
    }

    private void nested(ScopeKind kind, Runnable r) {
        ScopeKind saved = scope;
        int savedLoops = loops;
        boolean savedAg = asyncGenerator;
        scope = kind;
        loops = 0;
        asyncGenerator = false;
        try {
            r.run();
        } finally {
            scope = saved;
            loops = savedLoops;
            asyncGenerator = savedAg;
        }
    }

    private void comprehension(List<Comprehension> gens, List<Expr> elts, boolean genexp, Node node) {
        expr(gens.get(0).iter());
        ScopeKind outer = scope;
        boolean[] isAsync = {false};
        nested(genexp ? ScopeKind.GENEXP : ScopeKind.COMPREHENSION, () -> {
            for (int i = 0; i < gens.size(); i++) {
                Comprehension g = gens.get(i);
                if (i > 0) expr(g.iter());
                if (g.isAsync()) isAsync[0] = true;
                target(g.target());
                for (Expr e : g.ifs()) expr(e);
            }
            for (Expr e : elts) expr(e);
        });
        if (!isAsync[0]) {
            AstWalker.walk(node, n -> {
                if (n instanceof Await) isAsync[0] = true;
                return n == node || !(n instanceof Lambda || n instanceof ListComp || n instanceof SetComp
                        || n instanceof DictComp || n instanceof GeneratorExp);
            });
        }
        if (isAsync[0] && !genexp && outer != ScopeKind.ASYNC_FUNCTION && outer != ScopeKind.COMPREHENSION
                && outer != ScopeKind.GENEXP) {
            throw err("asynchronous comprehension outside of an asynchronous function", node);
        }
    }
}
