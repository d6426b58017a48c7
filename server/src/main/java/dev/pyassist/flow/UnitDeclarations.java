package dev.pyassist.flow;

import dev.pyassist.python.ast.ClassDef;
import dev.pyassist.python.ast.FunctionDef;
import dev.pyassist.python.ast.Node;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one top-level function or class (or the module's own code) tells the rest of the module, whatever that
 * is: the names its scopes declare {@code global} or {@code nonlocal}, the methods each of its classes defines,
 * and for a class, whether it mentions {@code __new__} or {@code __call__} (a base that may change its subclasses'
 * constructors). A function of the unit's text alone, so cached with it.
 *
 * @param methods for each method name, how many of the unit's classes define it
 * @param signature a function's signature, a class's constructor as far as its own body says (null: unknown)
 */
record UnitDeclarations(Set<String> globals, Set<String> nonlocals, Map<String, Integer> methods,
        boolean newOrCall, CallChecks.Signature signature) {

    /** The declarations of {@code root}'s scope and every scope nested in it but those in {@code skip}. */
    static UnitDeclarations of(Scopes scopes, Node root, Set<Node> skip) {
        Set<String> globals = new HashSet<>();
        Set<String> nonlocals = new HashSet<>();
        Map<String, Integer> methods = new HashMap<>();
        ArrayDeque<Node> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Node n = todo.poll();
            ScopeNames names = scopes.of(n);
            globals.addAll(names.globals);
            nonlocals.addAll(names.nonlocals);
            if (n instanceof ClassDef c) {
                CallChecks.ownMethods(c).forEach(m -> methods.merge(m, 1, Integer::sum));
            }
            for (Node nested : names.nestedScopes) {
                if (!skip.contains(nested)) {
                    todo.add(nested);
                }
            }
        }
        CallChecks.Signature signature = root instanceof FunctionDef f ? CallChecks.functionSignature(f)
                : root instanceof ClassDef c ? CallChecks.ownConstructor(c) : null;
        return new UnitDeclarations(Set.copyOf(globals), Set.copyOf(nonlocals), Map.copyOf(methods),
                root instanceof ClassDef c && CallChecks.mentionsNewOrCall(c), signature);
    }
}
