package dev.pyassist.validator;

import dev.pyassist.python.Definition;
import dev.pyassist.python.Definitions;
import dev.pyassist.python.ast.AstWalker;
import dev.pyassist.python.ast.AsyncFunctionDef;
import dev.pyassist.python.ast.BinOp;
import dev.pyassist.python.ast.BoolOp;
import dev.pyassist.python.ast.Call;
import dev.pyassist.python.ast.ClassDef;
import dev.pyassist.python.ast.Compare;
import dev.pyassist.python.ast.Constant;
import dev.pyassist.python.ast.ConstantKind;
import dev.pyassist.python.ast.ExprStmt;
import dev.pyassist.python.ast.For;
import dev.pyassist.python.ast.FunctionDef;
import dev.pyassist.python.ast.If;
import dev.pyassist.python.ast.Import;
import dev.pyassist.python.ast.ImportFrom;
import dev.pyassist.python.ast.Module;
import dev.pyassist.python.ast.Node;
import dev.pyassist.python.ast.Stmt;
import dev.pyassist.python.ast.Try;
import dev.pyassist.python.ast.While;
import dev.pyassist.text.LineMap;
import java.util.ArrayList;
import java.util.List;

/**
 * The units the validator scores, cut as the training corpus cut them ({@code models/pyvalidator/corpus.py}):
 * every function and method that is a statement of the module's or a class's body (from its first decorator to its
 * last line; functions nested in functions, or defined under an {@code if} or {@code try}, belong to what holds
 * them), taken from the one cutter {@link Definitions}, and runs of module-level statements that are not definitions, imports or the module
 * docstring, at most {@value #MAX_BLOCK_LINES} lines each, kept only when they hold a comparison, operator,
 * call or control flow.
 */
public final class Units {
    static final int MAX_BLOCK_LINES = 25;

    /** One unit: 0-based document lines {@code firstLine..lastLine}, inclusive. */
    public record Unit(String name, int firstLine, int lastLine) {}

    private Units() {}

    public static List<Unit> extract(Module module, LineMap lines) {
        List<Unit> units = new ArrayList<>();
        for (Definition d : Definitions.of(module)) {
            if (d.isFunction() && d.directlyInClassesOnly()) {
                units.add(new Unit(d.qualifiedName(".", "."), lines.lineOf(d.decoratedStart()),
                        lastLine(d.node(), lines)));
            }
        }
        List<Stmt> block = new ArrayList<>();
        List<Stmt> body = module.body();
        for (int i = 0; i < body.size(); i++) {
            Stmt s = body.get(i);
            boolean plain = !(s instanceof FunctionDef || s instanceof AsyncFunctionDef || s instanceof ClassDef
                    || s instanceof Import || s instanceof ImportFrom);
            boolean docstring = i == 0 && s instanceof ExprStmt e && e.value() instanceof Constant c
                    && c.kind() == ConstantKind.STR;
            if (plain && !docstring) {
                if (!block.isEmpty() && lastLine(s, lines) - firstLine(block.get(0), lines) + 1 > MAX_BLOCK_LINES) {
                    flush(block, lines, units);
                }
                block.add(s);
            } else {
                flush(block, lines, units);
            }
        }
        flush(block, lines, units);
        units.sort(java.util.Comparator.comparingInt(Unit::firstLine));
        return units;
    }

    private static void flush(List<Stmt> block, LineMap lines, List<Unit> out) {
        if (block.isEmpty()) {
            return;
        }
        int first = firstLine(block.get(0), lines);
        int last = lastLine(block.get(block.size() - 1), lines);
        if (block.stream().anyMatch(Units::interesting)) {
            out.add(new Unit("<module>:" + (first + 1), first, last));
        }
        block.clear();
    }

    private static boolean interesting(Node root) {
        boolean[] found = {false};
        AstWalker.walk(root, n -> {
            if (found[0]) {
                return false;
            }
            if (n instanceof Compare || n instanceof BinOp || n instanceof BoolOp || n instanceof Call
                    || n instanceof If || n instanceof For || n instanceof While || n instanceof Try) {
                found[0] = true;
                return false;
            }
            return true;
        });
        return found[0];
    }

    private static int firstLine(Node node, LineMap lines) {
        return lines.lineOf(node.start()); // a block holds no definitions, so no decorators
    }

    private static int lastLine(Node node, LineMap lines) {
        return lines.lineOf(Math.max(node.start(), node.end() - 1));
    }
}
