package dev.pyassist.flow;

import dev.pyassist.python.ast.AsyncFunctionDef;
import dev.pyassist.python.ast.Attribute;
import dev.pyassist.python.ast.Call;
import dev.pyassist.python.ast.ClassDef;
import dev.pyassist.python.ast.Constant;
import dev.pyassist.python.ast.ConstantKind;
import dev.pyassist.python.ast.Expr;
import dev.pyassist.python.ast.ExprStmt;
import dev.pyassist.python.ast.FunctionDef;
import dev.pyassist.python.ast.Lambda;
import dev.pyassist.python.ast.Module;
import dev.pyassist.python.ast.Name;
import dev.pyassist.python.ast.Node;
import dev.pyassist.python.ast.Raise;
import dev.pyassist.python.ast.Return;
import dev.pyassist.python.ast.Stmt;
import dev.pyassist.python.ast.Yield;
import dev.pyassist.python.ast.YieldFrom;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Calls that never return: {@code sys.exit}, {@code os._exit}, {@code os.abort}, the {@code exit}/{@code quit}
 * builtins, {@code typing.assert_never}, and functions of the same module annotated {@code -> NoReturn} or
 * {@code -> Never}, or whose body can only end by raising (no {@code return}, no {@code yield}, last statement a
 * {@code raise} or such a call).
 */
final class NeverReturns {
    private static final Set<String> MODULE_FUNCTIONS = Set.of("sys.exit", "os._exit", "os.abort",
            "typing.assert_never", "typing_extensions.assert_never");
    private static final Set<String> BUILTINS = Set.of("exit", "quit");

    private final Set<String> functions = new HashSet<>();
    private final Set<String> moduleBound;

    private NeverReturns(Set<String> moduleBound) {
        this.moduleBound = moduleBound;
    }

    static NeverReturns of(Module module, ScopeNames moduleNames) {
        NeverReturns n = new NeverReturns(moduleNames.bound);
        Map<String, Integer> defs = new HashMap<>();
        for (var e : moduleNames.events.entrySet()) {
            int binds = 0;
            for (var ev : e.getValue()) {
                binds += ev.bind() ? 1 : 0;
            }
            defs.put(e.getKey(), binds);
        }
        // in source order, so a helper that ends by calling an earlier such helper counts too
        for (Stmt s : module.body()) {
            String name = null;
            List<Stmt> body = null;
            Expr returns = null;
            List<Expr> decorators = null;
            if (s instanceof FunctionDef f) {
                name = f.name().id();
                body = f.body();
                returns = f.returns();
                decorators = f.decoratorList();
            }
            if (name == null || defs.getOrDefault(name, 0) != 1 || !decorators.isEmpty()) {
                continue;
            }
            if (isNoReturn(returns) || (returns == null && endsByRaising(body, n))) {
                n.functions.add(name);
            }
        }
        return n;
    }

    private static boolean isNoReturn(Expr annotation) {
        if (annotation instanceof Name nm) {
            return nm.id().equals("NoReturn") || nm.id().equals("Never");
        }
        if (annotation instanceof Attribute a) {
            return a.attr().id().equals("NoReturn") || a.attr().id().equals("Never");
        }
        if (annotation instanceof Constant c && c.kind() == ConstantKind.STR) {
            return c.value().equals("NoReturn") || c.value().endsWith(".NoReturn") || c.value().equals("Never");
        }
        return false;
    }

    private static boolean endsByRaising(List<Stmt> body, NeverReturns known) {
        if (body.isEmpty()) {
            return false;
        }
        Stmt last = body.get(body.size() - 1);
        boolean ends = last instanceof Raise
                || (last instanceof ExprStmt e && known.neverReturns(e.value()));
        if (!ends) {
            return false;
        }
        ArrayDeque<Node> stack = new ArrayDeque<>(body);
        while (!stack.isEmpty()) {
            Node x = stack.pop();
            if (x instanceof Return || x instanceof Yield || x instanceof YieldFrom) {
                return false;
            }
            if (x instanceof FunctionDef || x instanceof AsyncFunctionDef || x instanceof ClassDef
                    || x instanceof Lambda) {
                continue;
            }
            stack.addAll(x.children());
        }
        return true;
    }

    /** Whether {@code o} gives every name the same answer. */
    boolean sameAs(NeverReturns o) {
        if (!functions.equals(o.functions)) {
            return false;
        }
        for (String b : BUILTINS) {
            if (moduleBound.contains(b) != o.moduleBound.contains(b)) {
                return false;
            }
        }
        return true;
    }

    /** Whether evaluating {@code e} (an expression statement's value) never returns. */
    boolean neverReturns(Expr e) {
        return neverReturns(e, this::neverReturnsName);
    }

    /** Whether a call of the plain name {@code n} never returns. */
    boolean neverReturnsName(String n) {
        return functions.contains(n) || (BUILTINS.contains(n) && !moduleBound.contains(n));
    }

    /** As {@link #neverReturns(Expr)}, with the plain names' answers from {@code byName}. */
    static boolean neverReturns(Expr e, Predicate<String> byName) {
        if (!(e instanceof Call call)) {
            return false;
        }
        Expr f = call.func();
        if (f instanceof Name nm) {
            return byName.test(nm.id());
        }
        if (f instanceof Attribute a && a.value() instanceof Name base) {
            return MODULE_FUNCTIONS.contains(base.id() + "." + a.attr().id());
        }
        return false;
    }
}
