package dev.pyassist.outline;

import dev.pyassist.python.ast.AnnAssign;
import dev.pyassist.python.ast.Assign;
import dev.pyassist.python.ast.AsyncFunctionDef;
import dev.pyassist.python.ast.ClassDef;
import dev.pyassist.python.ast.Expr;
import dev.pyassist.python.ast.FunctionDef;
import dev.pyassist.python.ast.Identifier;
import dev.pyassist.python.ast.Module;
import dev.pyassist.python.ast.Name;
import dev.pyassist.python.ast.Node;
import dev.pyassist.python.ast.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The outline of a module: classes, functions and methods (nested as in the source, also inside {@code if},
 * {@code try} and {@code with} blocks), plus the variables assigned at module and class level. Only statements
 * are descended into, so the walk's depth is the code's block nesting, never an expression's depth.
 */
public final class Outline {
    private Outline() {}

    /**
     * @param cancelled polled between statements; when it answers true the walk stops with a
     *     {@link CancellationException}
     */
    public static List<OutlineSymbol> of(Module module, BooleanSupplier cancelled) {
        List<OutlineSymbol> out = new ArrayList<>();
        collect(module, Scope.MODULE, out, cancelled);
        return out;
    }

    private enum Scope { MODULE, CLASS, FUNCTION }

    private static void collect(Node node, Scope scope, List<OutlineSymbol> out, BooleanSupplier cancelled) {
        for (Node child : node.children()) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException();
            }
            if (child instanceof ClassDef c) {
                out.add(definition(c.name(), OutlineSymbol.Kind.CLASS, c, Scope.CLASS, cancelled));
            } else if (child instanceof FunctionDef f) {
                out.add(definition(f.name(), functionKind(scope), f, Scope.FUNCTION, cancelled));
            } else if (child instanceof AsyncFunctionDef f) {
                out.add(definition(f.name(), functionKind(scope), f, Scope.FUNCTION, cancelled));
            } else if (child instanceof Assign a && scope != Scope.FUNCTION) {
                for (Expr target : a.targets()) {
                    variable(target, a, scope, out);
                }
            } else if (child instanceof AnnAssign a && scope != Scope.FUNCTION) {
                variable(a.target(), a, scope, out);
            } else if (child instanceof Stmt || !(child instanceof Expr)) {
                collect(child, scope, out, cancelled); // if/for/while/try/with/match bodies, handlers, cases
            }
        }
    }

    private static OutlineSymbol definition(
            Identifier name, OutlineSymbol.Kind kind, Stmt node, Scope inner, BooleanSupplier cancelled) {
        List<OutlineSymbol> children = new ArrayList<>();
        collect(node, inner, children, cancelled);
        return new OutlineSymbol(name.id(), kind, node.start(), node.end(), name.start(), name.end(), children);
    }

    private static void variable(Expr target, Stmt statement, Scope scope, List<OutlineSymbol> out) {
        if (target instanceof Name n) {
            OutlineSymbol.Kind kind = scope == Scope.CLASS ? OutlineSymbol.Kind.FIELD
                    : isConstantName(n.id()) ? OutlineSymbol.Kind.CONSTANT : OutlineSymbol.Kind.VARIABLE;
            out.add(new OutlineSymbol(n.id(), kind, statement.start(), statement.end(), n.start(), n.end(), List.of()));
        }
    }

    private static OutlineSymbol.Kind functionKind(Scope scope) {
        return scope == Scope.CLASS ? OutlineSymbol.Kind.METHOD : OutlineSymbol.Kind.FUNCTION;
    }

    private static boolean isConstantName(String name) {
        return name.chars().anyMatch(Character::isLetter) && name.equals(name.toUpperCase(java.util.Locale.ROOT));
    }
}
