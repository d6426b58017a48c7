package dev.pyassist.flow;

import dev.pyassist.python.ast.AsyncFunctionDef;
import dev.pyassist.python.ast.ClassDef;
import dev.pyassist.python.ast.FunctionDef;
import dev.pyassist.python.ast.Module;
import dev.pyassist.python.ast.Node;
import dev.pyassist.python.ast.Stmt;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each scope of one parse binds, found when first asked for and shared by the definite-assignment and call
 * checks of one analysis: the scopes of a function whose result is reused from the cache are never walked.
 */
final class Scopes {
    final Module module;
    private final Map<Node, ScopeNames> byNode = new IdentityHashMap<>();

    Scopes(Module module) {
        this.module = module;
    }

    ScopeNames of(Node scope) {
        ScopeNames names = byNode.get(scope);
        if (names == null) {
            names = ScopeNames.of(body(scope));
            byNode.put(scope, names);
        }
        return names;
    }

    ScopeNames moduleNames() {
        return of(module);
    }

    static List<Stmt> body(Node scope) {
        if (scope instanceof Module m) {
            return m.body();
        } else if (scope instanceof FunctionDef f) {
            return f.body();
        } else if (scope instanceof AsyncFunctionDef f) {
            return f.body();
        }
        return ((ClassDef) scope).body();
    }
}
