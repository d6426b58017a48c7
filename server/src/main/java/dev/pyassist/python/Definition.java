package dev.pyassist.python;

import dev.pyassist.python.ast.AsyncFunctionDef;
import dev.pyassist.python.ast.ClassDef;
import dev.pyassist.python.ast.Expr;
import dev.pyassist.python.ast.FunctionDef;
import dev.pyassist.python.ast.Stmt;
import java.util.List;

/**
 * One function or class of a parsed module, as {@link Definitions} cut it: the node, what it is, and where it sits
 * (the definition around it, and whether it is a statement of that definition's own body or sits deeper, inside an
 * {@code if}, {@code try}, {@code with}, loop or {@code match}). Each consumer keeps its own view on top: the
 * qualified names and offsets of {@link SourceUnits}, the dataset's {@code __qualname__} and dedented code, the
 * validator's functions.
 *
 * @param node       the {@code def}, {@code async def} or {@code class} statement (its start is the keyword's,
 *                   after any decorators)
 * @param kind       function or class
 * @param parent     the definition whose body holds this one, however deep; null at module level
 * @param direct     whether it is a statement of its parent's body (or of the module's) rather than nested in a
 *                   compound statement there
 */
public record Definition(Stmt node, SourceUnit.Kind kind, Definition parent, boolean direct) {

    public String name() {
        if (node instanceof FunctionDef f) {
            return f.name().id();
        }
        if (node instanceof AsyncFunctionDef f) {
            return f.name().id();
        }
        return ((ClassDef) node).name().id();
    }

    public List<Stmt> body() {
        if (node instanceof FunctionDef f) {
            return f.body();
        }
        if (node instanceof AsyncFunctionDef f) {
            return f.body();
        }
        return ((ClassDef) node).body();
    }

    public List<Expr> decorators() {
        if (node instanceof FunctionDef f) {
            return f.decoratorList();
        }
        if (node instanceof AsyncFunctionDef f) {
            return f.decoratorList();
        }
        return ((ClassDef) node).decoratorList();
    }

    public boolean isFunction() {
        return kind == SourceUnit.Kind.FUNCTION;
    }

    /** Whether the definition around it is a class (a function here is a method). */
    public boolean inClass() {
        return parent != null && parent.kind == SourceUnit.Kind.CLASS;
    }

    /** Where it begins with its decorators: the first decorator expression's start (after its @), else the keyword's. */
    public int decoratedStart() {
        int start = node.start();
        for (Expr d : decorators()) {
            start = Math.min(start, d.start());
        }
        return start;
    }

    /**
     * The names from the outermost definition to this one, each followed by {@code afterClass} or
     * {@code afterFunction} as the definition it names is a class or a function: {@code "."} and {@code "."} give
     * {@code C.m.inner}, {@code "."} and {@code ".<locals>."} Python's {@code __qualname__}.
     */
    public String qualifiedName(String afterClass, String afterFunction) {
        if (parent == null) {
            return name();
        }
        return parent.qualifiedName(afterClass, afterFunction) + (parent.isFunction() ? afterFunction : afterClass)
                + name();
    }

    /** Whether it and every definition around it is a direct statement of a class body or of the module. */
    public boolean directlyInClassesOnly() {
        for (Definition d = this; d != null; d = d.parent) {
            if (!d.direct || (d != this && d.kind != SourceUnit.Kind.CLASS)) {
                return false;
            }
        }
        return true;
    }
}
