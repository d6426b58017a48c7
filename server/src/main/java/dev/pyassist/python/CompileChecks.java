package dev.pyassist.python;

import dev.pyassist.python.ast.*;
import dev.pyassist.python.ast.Module;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Errors CPython raises after parsing, in CPython's order: {@code __future__} checks, then the symbol table
 * (duplicate arguments, global/nonlocal misuse, yield in comprehensions), then code generation ('return' outside
 * function, 'break' outside loop, 'await' outside async function, starred targets...). First error only (internal).
 */
final class CompileChecks {
    static final class Found extends RuntimeException {
        final SyntaxDiagnostic diag;

        Found(String msg, int start, int end) {
            super(msg, null, false, false);
            diag = new SyntaxDiagnostic(SyntaxErrorKind.COMPILE, msg, start, end);
        }
    }

    private static final java.util.Set<String> FUTURES = java.util.Set.of("nested_scopes", "generators", "division",
            "absolute_import", "with_statement", "print_function", "unicode_literals", "barry_as_FLUFL",
            "generator_stop", "annotations");

    private CompileChecks() {
    }

    static SyntaxDiagnostic check(Module m, String src, PythonVersion target) {
        try {
            if (src.contains("__future__")) future(m);
            new SymbolPass().module(m);
            new CodegenPass(target).module(m);
            return null;
        } catch (Found f) {
            return f.diag;
        }
    }

    static Found err(String msg, Node n) {
        return new Found(msg, n.start(), n.end());
    }

    static Found err(String msg, Identifier n) {
        return new Found(msg, n.start(), n.end());
    }

    // ------------------------------------------------------------------ __future__

    private static void future(Module m) {
        boolean allowed = true;
        int i = 0;
        for (Stmt s : m.body()) {
            boolean docstring = i == 0 && s instanceof ExprStmt e && e.value() instanceof Constant c
                    && c.kind() == ConstantKind.STR;
            i++;
            if (s instanceof ImportFrom f && f.module() != null && f.module().id().equals("__future__")
                    && f.level() == 0) {
                if (!allowed) throw err("from __future__ imports must occur at the beginning of the file", s);
                for (Alias a : f.names()) {
                    String n = a.name().id();
                    if (n.equals("braces")) throw err("not a chance", s);
                    if (!FUTURES.contains(n)) throw err("future feature " + n + " is not defined", s);
                }
                continue;
            }
            if (!docstring) allowed = false;
        }
        // future imports nested anywhere else are errors too
        AstWalker.walk(m, n -> {
            if (n instanceof ImportFrom f && f.module() != null && f.module().id().equals("__future__")
                    && f.level() == 0 && !m.body().contains(n)) {
                throw err("from __future__ imports must occur at the beginning of the file", n);
            }
        });
    }

    // ------------------------------------------------------------------ scopes

    enum ScopeKind { MODULE, FUNCTION, ASYNC_FUNCTION, CLASS, LAMBDA, COMPREHENSION, GENEXP }

    static final class Scope {
        final ScopeKind kind;
        final Scope parent;
        final Map<String, Integer> flags = new HashMap<>();
        final Map<String, Identifier> nonlocalDecl = new HashMap<>();
        /** Where each name was declared global: CPython reports "nonlocal and global" there. */
        final Map<String, Stmt> globalDecl = new HashMap<>();
        /** Names a walrus in this comprehension bound: a later 'for' may not rebind them. */
        final java.util.Set<String> walrusTargets = new java.util.HashSet<>();
        final List<Scope> children = new ArrayList<>();
        boolean generator;
        boolean coroutine;
        String compName;
        /** A class scope's name: what private names ('__x') are mangled with. */
        String className;

        Scope(ScopeKind kind, Scope parent) {
            this.kind = kind;
            this.parent = parent;
            if (parent != null) parent.children.add(this);
        }

        boolean isFunction() {
            return kind == ScopeKind.FUNCTION || kind == ScopeKind.ASYNC_FUNCTION || kind == ScopeKind.LAMBDA
                    || kind == ScopeKind.COMPREHENSION || kind == ScopeKind.GENEXP;
        }
    }

    static final int PARAM = 1, LOCAL = 2, USE = 4, GLOBAL = 8, NONLOCAL = 16, ANNOT = 32, IMPORT = 64;

    /** Symbol-table pass: builds scopes and raises symtable errors in source order. */
    static final class SymbolPass {
        Scope cur;
        final List<Scope> all = new ArrayList<>();

        void module(Module m) {
            cur = new Scope(ScopeKind.MODULE, null);
            Scope root = cur;
            for (Stmt s : m.body()) stmt(s);
            analyze(root);
        }

        private int get(String name) {
            return cur.flags.getOrDefault(name, 0);
        }

        private void add(String name, int flag) {
            cur.flags.merge(name, flag, (a, b) -> a | b);
        }

        private void stmts(List<Stmt> body) {
            for (Stmt s : body) stmt(s);
        }

        private void function(Identifier name, Arguments args, List<Stmt> body, List<Expr> decos, Expr returns,
                boolean async, Node node) {
            for (Expr d : decos) expr(d);
            defaults(args);
            annotations(args);
            if (returns != null) expr(returns);
            if (name != null) add(name.id(), LOCAL);
            Scope saved = cur;
            cur = new Scope(async ? ScopeKind.ASYNC_FUNCTION : ScopeKind.FUNCTION, saved);
            if (async) cur.coroutine = true;
            params(args);
            stmts(body);
            cur = saved;
        }

        private void defaults(Arguments a) {
            for (Expr d : a.defaults()) expr(d);
            for (Expr d : a.kwDefaults()) if (d != null) expr(d);
        }

        private void annotations(Arguments a) {
            for (Arg x : allArgs(a)) if (x.annotation() != null) expr(x.annotation());
        }

        private void params(Arguments a) {
            for (Arg x : allArgs(a)) {
                String n = x.arg().id();
                if ((get(n) & PARAM) != 0) {
                    throw err("duplicate argument '" + n + "' in function definition", x.arg());
                }
                add(n, PARAM);
            }
        }

        private void stmt(Stmt s) {
            if (s instanceof FunctionDef f) {
                function(f.name(), f.args(), f.body(), f.decoratorList(), f.returns(), false, f);
            } else if (s instanceof AsyncFunctionDef f) {
                function(f.name(), f.args(), f.body(), f.decoratorList(), f.returns(), true, f);
            } else if (s instanceof ClassDef c) {
                for (Expr d : c.decoratorList()) expr(d);
                for (Expr b : c.bases()) expr(b);
                for (Keyword k : c.keywords()) expr(k.value());
                add(c.name().id(), LOCAL);
                Scope saved = cur;
                cur = new Scope(ScopeKind.CLASS, saved);
                cur.className = c.name().id();
                stmts(c.body());
                cur = saved;
            } else if (s instanceof Global g) {
                for (Identifier id : g.names()) {
                    int f = get(id.id());
                    if ((f & (PARAM | LOCAL | USE | ANNOT | IMPORT)) != 0) {
                        String msg;
                        if ((f & PARAM) != 0) msg = "name '" + id.id() + "' is parameter and global";
                        else if ((f & USE) != 0) msg = "name '" + id.id() + "' is used prior to global declaration";
                        else if ((f & ANNOT) != 0) msg = "annotated name '" + id.id() + "' can't be global";
                        else msg = "name '" + id.id() + "' is assigned to before global declaration";
                        throw err(msg, s);
                    }
                    if ((f & NONLOCAL) != 0) throw err("name '" + id.id() + "' is nonlocal and global", s);
                    add(id.id(), GLOBAL);
                    cur.globalDecl.putIfAbsent(id.id(), s);
                }
            } else if (s instanceof Nonlocal nl) {
                if (cur.kind == ScopeKind.MODULE) throw err("nonlocal declaration not allowed at module level", s);
                for (Identifier id : nl.names()) {
                    int f = get(id.id());
                    if ((f & (PARAM | LOCAL | USE | ANNOT | IMPORT)) != 0) {
                        String msg;
                        if ((f & PARAM) != 0) msg = "name '" + id.id() + "' is parameter and nonlocal";
                        else if ((f & USE) != 0) {
                            msg = "name '" + id.id() + "' is used prior to nonlocal declaration";
                        } else if ((f & ANNOT) != 0) msg = "annotated name '" + id.id() + "' can't be nonlocal";
                        else msg = "name '" + id.id() + "' is assigned to before nonlocal declaration";
                        throw err(msg, s);
                    }
                    if ((f & GLOBAL) != 0) {
                        throw err("name '" + id.id() + "' is nonlocal and global", cur.globalDecl.getOrDefault(id.id(), s));
                    }
                    add(id.id(), NONLOCAL);
                    cur.nonlocalDecl.putIfAbsent(id.id(), new Identifier(id.id(), s.start(), s.end()));
                }
            } else if (s instanceof AnnAssign a) {
                if (a.target() instanceof Name n) {
                    int f = get(n.id());
                    if ((f & (GLOBAL | NONLOCAL)) != 0 && cur.kind != ScopeKind.MODULE && a.simple()) {
                        throw err(((f & GLOBAL) != 0 ? "annotated name '" + n.id() + "' can't be global"
                                : "annotated name '" + n.id() + "' can't be nonlocal"), a);
                    }
                    if (a.simple()) add(n.id(), ANNOT | (a.value() != null ? LOCAL : 0));
                    else add(n.id(), LOCAL);
                } else {
                    expr(a.target());
                }
                expr(a.annotation());
                if (a.value() != null) expr(a.value());
            } else if (s instanceof Import im) {
                for (Alias al : im.names()) {
                    String n = al.asname() != null ? al.asname().id() : al.name().id().split("\\.")[0];
                    add(n, IMPORT);
                }
            } else if (s instanceof ImportFrom im) {
                for (Alias al : im.names()) {
                    if (al.name().id().equals("*")) {
                        if (cur.kind != ScopeKind.MODULE) {
                            throw err("import * only allowed at module level", al);
                        }
                        continue;
                    }
                    add(al.asname() != null ? al.asname().id() : al.name().id(), IMPORT);
                }
            } else if (s instanceof Try t) {
                stmts(t.body());
                for (ExceptHandler h : t.handlers()) handler(h);
                stmts(t.orelse());
                stmts(t.finalbody());
            } else if (s instanceof TryStar t) {
                stmts(t.body());
                for (ExceptHandler h : t.handlers()) handler(h);
                stmts(t.orelse());
                stmts(t.finalbody());
            } else {
                // generic: expressions in source order, then nested statement lists
                for (Node c : s.children()) {
                    if (c instanceof Stmt st) stmt(st);
                    else if (c instanceof Expr e) expr(e);
                    else if (c instanceof WithItem w) {
                        expr(w.contextExpr());
                        if (w.optionalVars() != null) expr(w.optionalVars());
                    } else if (c instanceof MatchCase mc) {
                        pattern(mc.pattern());
                        if (mc.guard() != null) expr(mc.guard());
                        stmts(mc.body());
                    }
                }
            }
        }

        private void handler(ExceptHandler h) {
            if (h.type() != null) expr(h.type());
            if (h.name() != null) add(h.name().id(), LOCAL);
            stmts(h.body());
        }

        private void pattern(Pattern p) {
            AstWalker.walk(p, n -> {
                if (n instanceof MatchAs a && a.name() != null) add(a.name().id(), LOCAL);
                else if (n instanceof MatchStar st && st.name() != null) add(st.name().id(), LOCAL);
                else if (n instanceof MatchMapping mm && mm.rest() != null) add(mm.rest().id(), LOCAL);
                else if (n instanceof Expr e && !(n instanceof Name)) {
                    return true;
                }
                return true;
            });
        }

        /** Expressions: iterative (deep operator chains), scopes for lambdas and comprehensions. */
        private void expr(Expr root) {
            ArrayDeque<Object> stack = new ArrayDeque<>();
            stack.push(root);
            while (!stack.isEmpty()) {
                Object o = stack.pop();
                if (o instanceof Scope s) { // scope exit marker
                    cur = s;
                    continue;
                }
                Node n = (Node) o;
                if (n instanceof Name nm) {
                    add(nm.id(), nm.ctx() == ExprContext.LOAD ? USE : LOCAL);
                } else if (n instanceof NamedExpr ne) {
                    if (cur.kind == ScopeKind.COMPREHENSION || cur.kind == ScopeKind.GENEXP) {
                        walrusInComprehension(ne);
                    } else {
                        add(((Name) ne.target()).id(), LOCAL);
                    }
                    stack.push(ne.value());
                } else if (n instanceof Lambda l) {
                    for (Expr d : l.args().defaults()) expr(d);
                    for (Expr d : l.args().kwDefaults()) if (d != null) expr(d);
                    Scope saved = cur;
                    cur = new Scope(ScopeKind.LAMBDA, saved);
                    params(l.args());
                    expr(l.body());
                    cur = saved;
                } else if (n instanceof Yield y) {
                    yieldCheck(n);
                    if (y.value() != null) stack.push(y.value());
                } else if (n instanceof YieldFrom y) {
                    yieldCheck(n);
                    stack.push(y.value());
                } else if (n instanceof Await a) {
                    if (cur.kind == ScopeKind.COMPREHENSION || cur.kind == ScopeKind.GENEXP) cur.coroutine = true;
                    stack.push(a.value());
                } else if (n instanceof ListComp c) {
                    comprehension(stack, c.generators(), List.of(c.elt()), ScopeKind.COMPREHENSION, "list comprehension");
                } else if (n instanceof SetComp c) {
                    comprehension(stack, c.generators(), List.of(c.elt()), ScopeKind.COMPREHENSION, "set comprehension");
                } else if (n instanceof DictComp c) {
                    comprehension(stack, c.generators(), List.of(c.key(), c.value()), ScopeKind.COMPREHENSION, "dict comprehension");
                } else if (n instanceof GeneratorExp c) {
                    comprehension(stack, c.generators(), List.of(c.elt()), ScopeKind.GENEXP, "generator expression");
                } else {
                    List<Node> ch = n.children();
                    for (int i = ch.size() - 1; i >= 0; i--) stack.push(ch.get(i));
                }
            }
        }

        private void yieldCheck(Node n) {
            if (cur.kind == ScopeKind.COMPREHENSION || cur.kind == ScopeKind.GENEXP) {
                throw err("'yield' inside " + cur.compName, n);
            }
            cur.generator = true;
        }

        private void walrusInComprehension(NamedExpr ne) {
            String target = ((Name) ne.target()).id();
            Scope s = cur;
            while (s.kind == ScopeKind.COMPREHENSION || s.kind == ScopeKind.GENEXP) {
                Integer f = s.flags.get(target);
                if (f != null && (f & (LOCAL | 128)) != 0 && (f & 128) != 0) {
                    throw err("assignment expression cannot rebind comprehension iteration variable '" + target + "'",
                            ne.target());
                }
                s = s.parent;
            }
            if (s.kind == ScopeKind.CLASS) {
                throw err("assignment expression within a comprehension cannot be used in a class body", ne);
            }
            cur.walrusTargets.add(target);
            Scope saved = cur;
            cur = s;
            add(target, LOCAL);
            cur = saved;
        }

        private void comprehension(ArrayDeque<Object> stack, List<Comprehension> gens, List<Expr> elts,
                ScopeKind kind, String name) {
            // the first iterable is evaluated in the enclosing scope
            Comprehension first = gens.get(0);
            iterable(first.iter());
            Scope saved = cur;
            cur = new Scope(kind, saved);
            cur.compName = name;
            for (int i = 0; i < gens.size(); i++) {
                Comprehension g = gens.get(i);
                if (i > 0) iterable(g.iter());
                if (g.isAsync()) cur.coroutine = true;
                AstWalker.walk(g.target(), n -> {
                    if (n instanceof Name nm) {
                        if (cur.walrusTargets.contains(nm.id())) {
                            throw err("comprehension inner loop cannot rebind assignment expression target '"
                                    + nm.id() + "'", nm);
                        }
                        add(nm.id(), LOCAL | 128);
                    }
                });
                for (Expr e : g.ifs()) expr(e);
            }
            for (Expr e : elts) expr(e);
            cur = saved;
        }

        private void iterable(Expr e) {
            AstWalker.walk(e, n -> {
                if (n instanceof NamedExpr) {
                    throw err("assignment expression cannot be used in a comprehension iterable expression", n);
                }
                return !(n instanceof Lambda);
            });
            expr(e);
        }

        /** CPython's analyze phase: nonlocal bindings. */
        private void analyze(Scope root) {
            ArrayDeque<Scope> todo = new ArrayDeque<>();
            todo.push(root);
            while (!todo.isEmpty()) {
                Scope s = todo.pop();
                for (var e : s.nonlocalDecl.entrySet()) {
                    boolean found = false;
                    if (e.getKey().equals("__class__")) {
                        for (Scope p = s.parent; p != null; p = p.parent) if (p.kind == ScopeKind.CLASS) found = true;
                    }
                    for (Scope p = s.parent; p != null && p.kind != ScopeKind.MODULE; p = p.parent) {
                        if (p.kind == ScopeKind.CLASS) continue;
                        int f = p.flags.getOrDefault(e.getKey(), 0);
                        if ((f & GLOBAL) != 0) break;
                        if ((f & (PARAM | LOCAL | IMPORT | NONLOCAL)) != 0
                                || (f & ANNOT) != 0) {
                            found = true;
                            break;
                        }
                    }
                    if (!found) {
                        throw err("no binding for nonlocal '" + mangled(s, e.getKey()) + "' found", e.getValue());
                    }
                }
                for (int i = s.children.size() - 1; i >= 0; i--) todo.push(s.children.get(i));
            }
        }
    }

    /**
     * CPython's private name mangling, as its messages show names: '__x' in a class 'A' is '_A__x'. Dunder
     * names, dotted names and classes named only with underscores are left alone.
     */
    static String mangled(Scope s, String name) {
        if (!name.startsWith("__") || name.endsWith("__") || name.contains(".")) return name;
        for (Scope p = s; p != null; p = p.parent) {
            if (p.kind != ScopeKind.CLASS) continue;
            String cls = p.className.replaceFirst("^_+", "");
            return cls.isEmpty() ? name : "_" + cls + name;
        }
        return name;
    }

    static List<Arg> allArgs(Arguments a) {
        List<Arg> out = new ArrayList<>(a.posonlyargs());
        out.addAll(a.args());
        if (a.vararg() != null) out.add(a.vararg());
        out.addAll(a.kwonlyargs());
        if (a.kwarg() != null) out.add(a.kwarg());
        return out;
    }
}
