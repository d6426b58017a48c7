package dev.pyassist.python;

import dev.pyassist.python.ast.Expr;
import dev.pyassist.python.ast.Module;
import dev.pyassist.python.ast.Node;
import dev.pyassist.python.ast.UnaryOp;
import java.util.ArrayDeque;

/**
 * CPython's limits on nesting that this parser itself handles without recursion: 3.13's PEG parser overflows its
 * stack on about 6,000 nested unary operators ("Parser stack overflowed"), and its compiler stops at an
 * expression nesting near its C recursion limit (10,000 in 3.13; 3,000 in 3.12, three times the default
 * recursion limit). Measured with each version's compile(); reported at the expression where the limit is
 * crossed. Iterative, so no depth overflows the Java stack either.
 */
final class NestingLimits {
    /** 3.13: n nested unary operators overflow the parser from n = 5,969. */
    static final int PARSER_UNARY_313 = 5969;
    /** Expression depth (nested expression nodes) at which the compiler fails: 9,998 on 3.13, 2,996 before. */
    static final int COMPILER_DEPTH_313 = 9998;
    static final int COMPILER_DEPTH_312 = 2996;

    private NestingLimits() {
    }

    static SyntaxDiagnostic check(Module module, PythonVersion target) {
        int limit = target.atLeast(13) ? COMPILER_DEPTH_313 : COMPILER_DEPTH_312;
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {module, 0, 0});
        Node deepest = null;
        boolean parser = false;
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            Node n = (Node) top[0];
            int depth = (int) top[1];
            int unary = (int) top[2];
            if (n instanceof Expr) depth++;
            unary = n instanceof UnaryOp ? unary + 1 : 0;
            if (target.atLeast(13) && unary >= PARSER_UNARY_313) {
                deepest = n;
                parser = true;
                break;
            }
            if (depth >= limit) {
                deepest = n;
                break;
            }
            for (Node c : n.children()) stack.push(new Object[] {c, depth, unary});
        }
        if (deepest == null) return null;
        String msg = parser ? "Parser stack overflowed - Python source too complex to parse"
                : "maximum recursion depth exceeded during compilation";
        return new SyntaxDiagnostic(SyntaxErrorKind.TOO_DEEP, msg, deepest.start(), Math.max(deepest.start(),
                Math.min(deepest.start() + 1, deepest.end())));
    }
}
