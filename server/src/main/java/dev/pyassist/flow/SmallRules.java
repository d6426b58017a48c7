package dev.pyassist.flow;

import dev.pyassist.names.Builtins;
import dev.pyassist.python.ast.Assert;
import dev.pyassist.python.ast.Assign;
import dev.pyassist.python.ast.AsyncFunctionDef;
import dev.pyassist.python.ast.Break;
import dev.pyassist.python.ast.Call;
import dev.pyassist.python.ast.ClassDef;
import dev.pyassist.python.ast.CmpOp;
import dev.pyassist.python.ast.Compare;
import dev.pyassist.python.ast.Constant;
import dev.pyassist.python.ast.ConstantKind;
import dev.pyassist.python.ast.Continue;
import dev.pyassist.python.ast.Dict;
import dev.pyassist.python.ast.Expr;
import dev.pyassist.python.ast.ExprStmt;
import dev.pyassist.python.ast.FunctionDef;
import dev.pyassist.python.ast.Lambda;
import dev.pyassist.python.ast.Module;
import dev.pyassist.python.ast.Name;
import dev.pyassist.python.ast.Node;
import dev.pyassist.python.ast.Raise;
import dev.pyassist.python.ast.Return;
import dev.pyassist.python.ast.Stmt;
import dev.pyassist.python.ast.Tuple;
import dev.pyassist.python.ast.UnaryOp;
import dev.pyassist.python.ast.UnaryOperator;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules that need one look at a node and its neighbours: unreachable statements, {@code x = x},
 * {@code x == x}, duplicate dict keys, {@code return value} in {@code __init__}, {@code assert (x, y)} and
 * {@code is} with a literal. One iterative walk over the whole tree.
 */
final class SmallRules {
    /** The kind of scope a node is in. */
    enum Scope { MODULE, CLASS, FUNCTION }

    private final String text;
    private final Outside outside;
    private final List<FlowIssue> out;

    SmallRules(String text, Outside outside, List<FlowIssue> out) {
        this.text = text;
        this.outside = outside;
        this.out = out;
    }

    /**
     * Checks one node; called for every node by the one walk over the tree ({@link CallChecks}).
     *
     * @param scope the scope the node is in
     * @param inInit whether it is in the body of a class's {@code __init__} (not in a nested function)
     */
    void visit(Node n, Scope scope, boolean inInit) {
        check(n, scope, inInit);
        if (n instanceof Stmt || n instanceof Module || n instanceof dev.pyassist.python.ast.ExceptHandler
                || n instanceof dev.pyassist.python.ast.MatchCase) {
            for (List<Stmt> body : bodies(n)) {
                unreachable(body);
            }
        }
    }

    private static List<List<Stmt>> bodies(Node n) {
        if (n instanceof Module m) {
            return List.of(m.body());
        } else if (n instanceof FunctionDef f) {
            return List.of(f.body());
        } else if (n instanceof AsyncFunctionDef f) {
            return List.of(f.body());
        } else if (n instanceof ClassDef c) {
            return List.of(c.body());
        } else if (n instanceof dev.pyassist.python.ast.If i) {
            return List.of(i.body(), i.orelse());
        } else if (n instanceof dev.pyassist.python.ast.For f) {
            return List.of(f.body(), f.orelse());
        } else if (n instanceof dev.pyassist.python.ast.AsyncFor f) {
            return List.of(f.body(), f.orelse());
        } else if (n instanceof dev.pyassist.python.ast.While w) {
            return List.of(w.body(), w.orelse());
        } else if (n instanceof dev.pyassist.python.ast.With w) {
            return List.of(w.body());
        } else if (n instanceof dev.pyassist.python.ast.AsyncWith w) {
            return List.of(w.body());
        } else if (n instanceof dev.pyassist.python.ast.Try t) {
            return List.of(t.body(), t.orelse(), t.finalbody());
        } else if (n instanceof dev.pyassist.python.ast.TryStar t) {
            return List.of(t.body(), t.orelse(), t.finalbody());
        } else if (n instanceof dev.pyassist.python.ast.ExceptHandler h) {
            return List.of(h.body());
        } else if (n instanceof dev.pyassist.python.ast.MatchCase c) {
            return List.of(c.body());
        }
        return List.of();
    }

    private void unreachable(List<Stmt> body) {
        for (int i = 0; i + 1 < body.size(); i++) {
            Stmt s = body.get(i);
            boolean ends = s instanceof Return || s instanceof Raise || s instanceof Continue || s instanceof Break
                    || (s instanceof ExprStmt e && outside.neverReturns(e.value()));
            if (ends) {
                Stmt first = body.get(i + 1);
                Stmt last = body.get(body.size() - 1);
                Map<String, Object> data = new HashMap<>();
                data.put("removeStart", first.start());
                data.put("removeEnd", last.end());
                data.put("after", kindOf(s));
                out.add(new FlowIssue(FlowRule.UNREACHABLE, "Unreachable code (after the " + kindOf(s)
                        + " on the line before)", first.start(), lineEnd(first), data));
                return;
            }
        }
    }

    private static String kindOf(Stmt s) {
        if (s instanceof Return) {
            return "`return`";
        } else if (s instanceof Raise) {
            return "`raise`";
        } else if (s instanceof Continue) {
            return "`continue`";
        } else if (s instanceof Break) {
            return "`break`";
        }
        return "call that never returns";
    }

    /** The end of the first line of a statement: an unreachable block is marked by its first line only. */
    private int lineEnd(Stmt s) {
        int nl = text.indexOf('\n', s.start());
        return nl < 0 || nl > s.end() ? s.end() : Math.max(s.start(), trimEnd(s.start(), nl));
    }

    private int trimEnd(int from, int to) {
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    private void check(Node n, Scope scope, boolean inInit) {
        if (n instanceof Assign a) {
            selfAssign(a, scope);
        } else if (n instanceof Compare c) {
            compare(c);
        } else if (n instanceof Dict d) {
            duplicateKeys(d);
        } else if (n instanceof Return r && inInit && r.value() != null
                && !(r.value() instanceof Constant k && k.kind() == ConstantKind.NONE)) {
            out.add(new FlowIssue(FlowRule.RETURN_IN_INIT, "Explicit return in __init__ (calling the class raises"
                    + " TypeError: __init__() should return None)", r.start(), r.end(), Map.of()));
        } else if (n instanceof Assert a && a.test() instanceof Tuple t && !t.elts().isEmpty()) {
            out.add(new FlowIssue(FlowRule.ASSERT_ON_TUPLE,
                    "Assertion is always true, perhaps remove parentheses? (assert on a populated tuple)",
                    a.test().start(), a.test().end(), Map.of()));
        }
    }

    private void selfAssign(Assign a, Scope scope) {
        if (scope == Scope.CLASS || a.targets().size() != 1) {
            return; // in a class body `x = x` copies an outer name into the class namespace
        }
        Expr t = a.targets().get(0);
        Expr v = a.value();
        if (t instanceof Tuple tt && v instanceof Tuple vt && tt.elts().size() == vt.elts().size()) {
            for (int i = 0; i < tt.elts().size(); i++) {
                selfAssign(tt.elts().get(i), vt.elts().get(i), scope, false);
            }
        } else {
            selfAssign(t, v, scope, true);
        }
    }

    /** @param whole mark the whole {@code x = x}; else (one pair of a tuple assignment) only the target */
    private void selfAssign(Expr t, Expr v, Scope scope, boolean whole) {
        if (t instanceof Name tn && v instanceof Name vn && tn.id().equals(vn.id())) {
            if (scope == Scope.MODULE && Builtins.NAMES.contains(tn.id())) {
                return; // `input = input` makes a builtin a module attribute
            }
            out.add(new FlowIssue(FlowRule.SELF_ASSIGNING_VARIABLE,
                    "Assigning the same variable '" + tn.id() + "' to itself", tn.start(), whole ? vn.end() : tn.end(),
                    Map.of("name", tn.id())));
        }
    }

    private void compare(Compare c) {
        Expr left = c.left();
        for (int i = 0; i < c.ops().size(); i++) {
            CmpOp op = c.ops().get(i);
            Expr right = c.comparators().get(i);
            if (op == CmpOp.IS || op == CmpOp.IS_NOT) {
                String type = literalType(left);
                if (type == null) {
                    type = literalType(right);
                }
                if (type != null) {
                    boolean is = op == CmpOp.IS;
                    out.add(new FlowIssue(FlowRule.LITERAL_COMPARISON, String.format(Locale.ROOT,
                            "\"%s\" with '%s' literal. Did you mean \"%s\"?", is ? "is" : "is not", type,
                            is ? "==" : "!="), c.start(), c.end(), Map.of()));
                }
            }
            if (i == 0 && c.ops().size() == 1 && !(left instanceof Constant) && sameSource(left, right)
                    && !hasCall(left)) {
                out.add(new FlowIssue(FlowRule.COMPARISON_WITH_ITSELF, "Redundant comparison - " + source(left)
                        + " " + opText(op) + " " + source(right), c.start(), c.end(), Map.of()));
            }
            left = right;
        }
    }

    /** The type CPython names in its SyntaxWarning when {@code e} is a literal {@code is} should not compare. */
    private static String literalType(Expr e) {
        if (e instanceof Constant c) {
            return switch (c.kind()) {
                case INT -> "int";
                case FLOAT -> "float";
                case COMPLEX -> "complex";
                case STR -> "str";
                case BYTES -> "bytes";
                default -> null;
            };
        }
        if (e instanceof UnaryOp u && (u.op() == UnaryOperator.USUB || u.op() == UnaryOperator.UADD
                || u.op() == UnaryOperator.INVERT) && u.operand() instanceof Constant c) {
            return switch (c.kind()) {
                case INT -> "int";
                case FLOAT -> u.op() == UnaryOperator.INVERT ? null : "float";
                case COMPLEX -> u.op() == UnaryOperator.INVERT ? null : "complex";
                default -> null;
            };
        }
        if (e instanceof Tuple t && constantTuple(t)) {
            return "tuple";
        }
        return null;
    }

    private static boolean constantTuple(Tuple t) {
        ArrayDeque<Expr> stack = new ArrayDeque<>(t.elts());
        while (!stack.isEmpty()) {
            Expr e = stack.pop();
            if (e instanceof Tuple inner) {
                stack.addAll(inner.elts());
            } else if (!(e instanceof Constant) && literalType(e) == null) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasCall(Expr e) {
        boolean[] found = {false};
        dev.pyassist.python.ast.AstWalker.walk(e, (Node n) -> {
            if (n instanceof Call || n instanceof dev.pyassist.python.ast.Await
                    || n instanceof dev.pyassist.python.ast.Yield || n instanceof dev.pyassist.python.ast.NamedExpr) {
                found[0] = true;
            }
            return !found[0];
        });
        return found[0];
    }

    /** Whether two expressions have the same source text, whitespace aside (without building strings). */
    private boolean sameSource(Expr a, Expr b) {
        int i = a.start();
        int j = b.start();
        while (true) {
            while (i < a.end() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            while (j < b.end() && Character.isWhitespace(text.charAt(j))) {
                j++;
            }
            if (i >= a.end() || j >= b.end()) {
                return i >= a.end() && j >= b.end();
            }
            if (text.charAt(i++) != text.charAt(j++)) {
                return false;
            }
        }
    }

    private String source(Expr e) {
        return text.substring(e.start(), e.end()).replaceAll("\\s+", "");
    }

    private static String opText(CmpOp op) {
        return switch (op) {
            case EQ -> "==";
            case NOT_EQ -> "!=";
            case LT -> "<";
            case LTE -> "<=";
            case GT -> ">";
            case GTE -> ">=";
            case IS -> "is";
            case IS_NOT -> "is not";
            case IN -> "in";
            case NOT_IN -> "not in";
        };
    }

    private void duplicateKeys(Dict d) {
        Map<String, Expr> seen = new HashMap<>();
        for (Expr k : d.keys()) {
            if (!(k instanceof Constant c)) {
                continue; // null is a ** unpacking; names and calls have no value to compare
            }
            String key = keyOf(c);
            if (key == null) {
                continue;
            }
            if (seen.putIfAbsent(key, k) != null) {
                out.add(new FlowIssue(FlowRule.DUPLICATE_KEY, "Duplicate key " + source(k) + " in dictionary",
                        k.start(), k.end(), Map.of()));
            }
        }
    }

    private static String keyOf(Constant c) {
        switch (c.kind()) {
            case STR:
                return "s" + c.value();
            case BYTES:
                return "b" + c.value();
            case NONE:
                return "None";
            case INT:
                try {
                    String v = c.value().replace("_", "").toLowerCase(Locale.ROOT);
                    BigInteger n;
                    if (v.startsWith("0x")) {
                        n = new BigInteger(v.substring(2), 16);
                    } else if (v.startsWith("0o")) {
                        n = new BigInteger(v.substring(2), 8);
                    } else if (v.startsWith("0b")) {
                        n = new BigInteger(v.substring(2), 2);
                    } else {
                        n = new BigInteger(v);
                    }
                    return "n" + n;
                } catch (NumberFormatException e) {
                    return null;
                }
            default:
                return null;
        }
    }
}
