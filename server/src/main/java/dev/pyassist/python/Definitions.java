package dev.pyassist.python;

import dev.pyassist.python.ast.AsyncFunctionDef;
import dev.pyassist.python.ast.ClassDef;
import dev.pyassist.python.ast.Expr;
import dev.pyassist.python.ast.FunctionDef;
import dev.pyassist.python.ast.Module;
import dev.pyassist.python.ast.Node;
import dev.pyassist.python.ast.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * The one unit cutter: every function and class of a parsed module, wherever statements nest (in {@code if},
 * {@code try} and its handlers, {@code with}, loops, {@code match} cases, function and class bodies), as Python would
 * define them; expressions are never descended into (a lambda is not a unit). In source order, a definition before
 * the ones inside it. {@link SourceUnits} (the AI actions and the index), {@code dataset/UnitExtractor} (training
 * records) and {@code validator/Units} (what the validator scores) each take their view of this one list.
 */
public final class Definitions {
    private Definitions() {}

    public static List<Definition> of(Module module) {
        List<Definition> out = new ArrayList<>();
        for (Stmt s : module.body()) {
            visit(s, null, true, out);
        }
        return out;
    }

    /** @param direct whether {@code node} is a statement of {@code parent}'s body (or the module's) itself */
    private static void visit(Node node, Definition parent, boolean direct, List<Definition> out) {
        SourceUnit.Kind kind = node instanceof ClassDef ? SourceUnit.Kind.CLASS
                : node instanceof FunctionDef || node instanceof AsyncFunctionDef ? SourceUnit.Kind.FUNCTION : null;
        if (kind != null) {
            Definition d = new Definition((Stmt) node, kind, parent, direct);
            out.add(d);
            for (Stmt s : d.body()) {
                visit(s, d, true, out);
            }
            return;
        }
        for (Node child : node.children()) {
            if (!(child instanceof Expr)) {
                visit(child, parent, false, out); // compound statements' bodies, handlers, match cases
            }
        }
    }
}
