package dev.pyassist.python;

import dev.pyassist.python.ast.BinOp;
import dev.pyassist.python.ast.Expr;
import dev.pyassist.python.ast.IfExp;
import dev.pyassist.python.ast.Lambda;
import dev.pyassist.python.ast.Module;
import dev.pyassist.python.ast.Node;
import dev.pyassist.python.ast.Operator;
import dev.pyassist.python.ast.UnaryOp;
import java.util.ArrayDeque;

/**
 * CPython's limits on nesting, which this parser itself handles without them, measured with compile() of 3.12.1
 * and 3.13.0:
 * <ul>
 *   <li>the PEG parser's stack (6,000 rules) overflows at 5,969 nested unary operators, {@code not}s or
 *       conditional expressions, and at 2,985 nested lambdas or {@code **} operands (two rules a level):
 *       "Parser stack overflowed", on both versions;</li>
 *   <li>the compiler stops at an expression nesting of 9,998 nodes on 3.13 (its C recursion limit) and 2,996
 *       before (three times the default recursion limit): "maximum recursion depth exceeded during
 *       compilation".</li>
 * </ul>
 * Reported at the expression where the limit is crossed. Iterative, so no depth overflows the Java stack.
 */
final class NestingLimits {
    static final String PARSER_OVERFLOW = "Parser stack overflowed - Python source too complex to parse";
    static final String COMPILER_RECURSION = "maximum recursion depth exceeded during compilation";
    /** Parser stack cost at which CPython's parser overflows. */
    static final int PARSER_COST = 5969;
    static final int COMPILER_DEPTH_313 = 9998;
    static final int COMPILER_DEPTH_312 = 2996;

    private NestingLimits() {
    }

    private record Item(Node node, int depth, int cost) {
    }

    static SyntaxDiagnostic check(Module module, PythonVersion target) {
        int limit = target.atLeast(13) ? COMPILER_DEPTH_313 : COMPILER_DEPTH_312;
        ArrayDeque<Item> stack = new ArrayDeque<>();
        stack.push(new Item(module, 0, 0));
        Node compilerAt = null;
        while (!stack.isEmpty()) {
            Item top = stack.pop();
            Node n = top.node();
            int depth = top.depth() + (n instanceof Expr ? 1 : 0);
            int cost = top.cost() + parserCost(n);
            if (cost >= PARSER_COST) return at(n, PARSER_OVERFLOW); // the parser fails before any compiling
            if (depth >= limit && compilerAt == null) compilerAt = n;
            for (Node c : n.children()) stack.push(new Item(c, depth, cost));
        }
        return compilerAt == null ? null : at(compilerAt, COMPILER_RECURSION);
    }

    /** Rules a nesting level puts on CPython's parser stack (beyond the ones every expression level takes). */
    private static int parserCost(Node n) {
        if (n instanceof UnaryOp || n instanceof IfExp) return 1;
        if (n instanceof Lambda) return 2;
        if (n instanceof BinOp b && b.op() == Operator.POW) return 2;
        return 0;
    }

    private static SyntaxDiagnostic at(Node n, String msg) {
        return new SyntaxDiagnostic(SyntaxErrorKind.TOO_DEEP, msg, n.start(),
                Math.max(n.start(), Math.min(n.start() + 1, n.end())));
    }
}
