package dev.pyassist.flow;

import dev.pyassist.python.ast.AsyncFunctionDef;
import dev.pyassist.python.ast.ClassDef;
import dev.pyassist.python.ast.FunctionDef;
import dev.pyassist.python.ast.Module;
import dev.pyassist.python.ast.Node;
import dev.pyassist.python.ast.Stmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every scope of a module (module, classes, functions) with what it binds, collected once and shared by the
 * definite-assignment and call checks; and the names declared {@code global} or {@code nonlocal} anywhere.
 */
final class Scopes {
    final Module module;
    final Map<Node, ScopeNames> byNode = new IdentityHashMap<>();
    final Set<String> globals = new HashSet<>();
    final Set<String> nonlocals = new HashSet<>();
    final List<ClassDef> classes = new ArrayList<>();

    Scopes(Module module) {
        this.module = module;
        ArrayDeque<Node> todo = new ArrayDeque<>();
        todo.add(module);
        while (!todo.isEmpty()) {
            Node n = todo.poll();
            ScopeNames names = ScopeNames.of(body(n));
            byNode.put(n, names);
            globals.addAll(names.globals);
            nonlocals.addAll(names.nonlocals);
            if (n instanceof ClassDef c) {
                classes.add(c);
            }
            todo.addAll(names.nestedScopes);
        }
    }

    ScopeNames of(Node scope) {
        return byNode.get(scope);
    }

    ScopeNames moduleNames() {
        return byNode.get(module);
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
