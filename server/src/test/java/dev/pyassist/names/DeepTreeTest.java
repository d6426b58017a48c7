package dev.pyassist.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.pyassist.python.ast.Assign;
import dev.pyassist.python.ast.BinOp;
import dev.pyassist.python.ast.Call;
import dev.pyassist.python.ast.Constant;
import dev.pyassist.python.ast.ConstantKind;
import dev.pyassist.python.ast.Expr;
import dev.pyassist.python.ast.ExprContext;
import dev.pyassist.python.ast.ExprStmt;
import dev.pyassist.python.ast.Module;
import dev.pyassist.python.ast.Name;
import dev.pyassist.python.ast.Operator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trees far deeper than any Java stack: the analysis walks them iteratively. */
class DeepTreeTest {
    private static final int DEPTH = 250_000;

    @Test
    void quarterMillionOperandSum() {
        // x = 1 + 1 + ... + 1 (left-deep), then print(x) and an undefined name at the very bottom
        Expr sum = new Name("undefined_at_the_bottom", ExprContext.LOAD, 0, 1);
        for (int i = 1; i < DEPTH; i++) {
            sum = new BinOp(sum, Operator.ADD, new Constant(ConstantKind.INT, "1", 0, 1), 0, 1);
        }
        Module module = new Module(List.of(
                new Assign(List.of(new Name("x", ExprContext.STORE, 0, 1)), sum, 0, 1),
                new ExprStmt(new Call(new Name("print", ExprContext.LOAD, 0, 1),
                        List.of(new Name("x", ExprContext.LOAD, 0, 1)), List.of(), 0, 1), 0, 1)), 0, 1);
        List<NameIssue> issues = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> ScopeAnalyzer.analyze("x", module, false));
        assertEquals(1, issues.size());
        assertEquals("undefined_at_the_bottom", issues.get(0).name());
    }

    @Test
    void quarterMillionNestedCalls() {
        // abs(abs(abs(...abs(y)...)))
        Expr call = new Name("y", ExprContext.LOAD, 0, 1);
        for (int i = 0; i < DEPTH; i++) {
            call = new Call(new Name("abs", ExprContext.LOAD, 0, 1), List.of(call), List.of(), 0, 1);
        }
        Module module = new Module(List.of(new ExprStmt(call, 0, 1)), 0, 1);
        List<NameIssue> issues = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> ScopeAnalyzer.analyze("x", module, false));
        assertEquals(1, issues.size());
        assertEquals("y", issues.get(0).name());
    }
}
