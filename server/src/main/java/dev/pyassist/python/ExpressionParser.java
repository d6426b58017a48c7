package dev.pyassist.python;

import dev.pyassist.python.ast.*;
import java.util.ArrayList;
import java.util.List;

/** Expressions (internal): precedence climbing for binary operators, iterative unary chains. */
abstract class ExpressionParser extends StringParser {
    /** >0 while parsing the right side of a speculative check: suppresses nested diagnostics. */
    int noInvalid;

    ExpressionParser(String src, List<Token> tokens) {
        super(src, tokens);
    }

    @Override
    final Expr fstringFieldExpression() {
        if (atKw("yield")) return yieldExpr();
        return starExpressions();
    }

    // ------------------------------------------------------------------ helpers

    static boolean startsExpression(Token t) {
        switch (t.type) {
            case Token.NUMBER, Token.STRING, Token.FSTRING_START:
                return true;
            case Token.NAME:
                if (!KEYWORDS.contains(t.text)) return true;
                return switch (t.text) {
                    case "not", "lambda", "await", "None", "True", "False" -> true;
                    default -> false;
                };
            case Token.OP:
                return switch (t.text) {
                    case "(", "[", "{", "-", "+", "~", "..." -> true;
                    default -> false;
                };
            default:
                return false;
        }
    }

    static int startOf(Expr e) {
        return e.start();
    }

    /** Restores the cursor after a speculative parse. */
    final class Mark {
        final int pp = p, rr = reach, dd = depth;

        void reset() {
            p = pp;
            reach = rr;
            depth = dd;
        }
    }

    // ------------------------------------------------------------------ expression lists

    /** star_expressions: a Tuple when a comma is present. */
    final Expr starExpressions() {
        int start = peek().start;
        Expr first = starExpression();
        if (!atOp(",")) return first;
        List<Expr> elts = new ArrayList<>();
        elts.add(first);
        int end = first.end();
        while (atOp(",")) {
            end = next().end;
            if (!startsExpression(peek()) && !atOp("*")) break;
            Expr e = starExpression();
            elts.add(e);
            end = e.end();
        }
        return new Tuple(elts, ExprContext.LOAD, start, end);
    }

    final Expr starExpression() {
        if (atOp("*")) {
            Token star = next();
            Expr v = bitwiseOr();
            return new Starred(v, ExprContext.LOAD, star.start, v.end());
        }
        return expression();
    }

    final Expr starNamedExpression() {
        if (atOp("*")) {
            Token star = next();
            Expr v = bitwiseOr();
            return new Starred(v, ExprContext.LOAD, star.start, v.end());
        }
        return namedExpression();
    }

    /** expressions: expression (',' expression)* [','] */
    final Expr expressions() {
        int start = peek().start;
        Expr first = expression();
        if (!atOp(",")) return first;
        List<Expr> elts = new ArrayList<>();
        elts.add(first);
        int end = first.end();
        while (atOp(",")) {
            end = next().end;
            if (!startsExpression(peek())) break;
            Expr e = expression();
            elts.add(e);
            end = e.end();
        }
        return new Tuple(elts, ExprContext.LOAD, start, end);
    }

    final Expr namedExpression() {
        Token t = peek();
        if (t.type == Token.NAME && !KEYWORDS.contains(t.text) && peekAt(1).isOp(":=")) {
            next();
            next();
            Expr value = expression();
            return new NamedExpr(new Name(t.text, ExprContext.STORE, t.start, t.end), value, t.start, value.end());
        }
        Expr e = expression();
        if (atOp(":=")) {
            throw errorRange(SyntaxErrorKind.INVALID_TARGET,
                    "cannot use assignment expressions with " + TargetChecks.exprName(e), e.start(), e.end());
        }
        if (atOp("=") && noInvalid == 0) checkEqualsInsteadOfEq(e);
        return e;
    }

    /** invalid_named_expression: {@code a = b} where a comparison was meant. */
    final void checkEqualsInsteadOfEq(Expr a) {
        if (!isBitwiseOrLevel(a) && !isParenthesized(a)) return;
        if (a instanceof dev.pyassist.python.ast.List || a instanceof GeneratorExp
                || (a instanceof Tuple tu && isParenthesized(tu))) {
            return;
        }
        if (a instanceof Constant c && (c.kind() == ConstantKind.TRUE || c.kind() == ConstantKind.FALSE
                || c.kind() == ConstantKind.NONE)) {
            return;
        }
        Mark m = new Mark();
        boolean ok;
        int bEnd;
        noInvalid++;
        try {
            next();
            Expr b = bitwiseOr();
            bEnd = b.end();
            ok = !atOp("=") && !atOp(":=");
        } catch (ParseError e) {
            if (e.fromTokenizer) throw e;
            ok = false;
            bEnd = 0;
        } finally {
            noInvalid--;
        }
        m.reset();
        if (!ok) return;
        if (a instanceof Name) {
            throw errorRange(SyntaxErrorKind.INVALID_SYNTAX,
                    "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", a.start(), bEnd);
        }
        if (TargetChecks.invalidTarget(a, TargetChecks.TargetKind.STAR) == null) return;
        throw errorRange(SyntaxErrorKind.INVALID_TARGET, "cannot assign to " + TargetChecks.exprName(a)
                + " here. Maybe you meant '==' instead of '='?", a.start(), a.end());
    }

    final boolean isParenthesized(Expr e) {
        return e.start() < src.length() && src.charAt(e.start()) == '(';
    }

    static boolean isBitwiseOrLevel(Expr e) {
        return !(e instanceof Compare || e instanceof BoolOp || e instanceof IfExp || e instanceof Lambda
                || e instanceof Starred
                || (e instanceof UnaryOp u && u.op() == UnaryOperator.NOT));
    }

    // ------------------------------------------------------------------ expression

    final Expr expression() {
        if (atKw("lambda")) return lambdef();
        enter();
        try {
            int firstTok = p;
            Expr a = disjunction();
            if (atKw("if")) {
                next();
                Expr test = disjunction();
                if (!atKw("else")) {
                    if (!atOp(":") && noInvalid == 0) {
                        throw errorRange(SyntaxErrorKind.INVALID_SYNTAX, "expected 'else' after 'if' expression",
                                a.start(), test.end());
                    }
                    throw fail();
                }
                next();
                Expr orelse = expression();
                return new IfExp(test, a, orelse, a.start(), orelse.end());
            }
            if (noInvalid == 0 && startsExpression(peek())) checkMissingComma(firstTok, a);
            return a;
        } finally {
            leave();
        }
    }

    /** invalid_expression: two expressions side by side inside brackets. */
    /** CPython 3.11 matches SOFT_KEYWORD with strncmp over the token's length: any prefix of one counts. */
    static boolean softKeywordLike(String name) {
        return !name.isEmpty() && ("_".startsWith(name) || "case".startsWith(name) || "match".startsWith(name));
    }

    /**
     * invalid_expression (two expressions side by side inside brackets: "Perhaps you forgot a comma?") and
     * invalid_legacy_expression (NAME !'(' star_expressions: "Missing parentheses in call to 'print'", and any
     * error its star_expressions raises). Only called where the parse is bound to fail.
     */
    private void checkMissingComma(int firstTok, Expr a) {
        Token t0 = toks[firstTok];
        Token t1 = firstTok + 1 < toks.length ? toks[firstTok + 1] : t0;
        boolean skip = t0.type == Token.NAME && (t1.type == Token.STRING || t1.type == Token.FSTRING_START);
        if (t0.type == Token.NAME && softKeywordLike(t0.text)) skip = true;
        boolean legacyName = a instanceof Name n && (n.id().equals("print") || n.id().equals("exec"));
        if (!skip && !legacyName) {
            Mark m = new Mark();
            Expr b;
            noInvalid++;
            try {
                b = expression();
            } catch (ParseError e) {
                if (e.fromTokenizer) throw e;
                b = null;
            } finally {
                noInvalid--;
            }
            boolean inBrackets = b != null && toks[p - 1].level > 0;
            m.reset();
            if (inBrackets) {
                throw errorRange(SyntaxErrorKind.INVALID_SYNTAX, "invalid syntax. Perhaps you forgot a comma?",
                        a.start(), b.end());
            }
        }
        if (t0.type == Token.NAME && !KEYWORDS.contains(t0.text) && !t1.isOp("(")) {
            Mark m = new Mark();
            p = firstTok + 1;
            Expr b;
            try {
                b = starExpressions();
            } catch (ParseError e) {
                if (e.fromTokenizer || (!generic(e) && e.diag.kind() != SyntaxErrorKind.TOO_DEEP)) throw e;
                b = null;
            }
            m.reset();
            if (b != null && (t0.text.equals("print") || t0.text.equals("exec"))) {
                throw errorRange(SyntaxErrorKind.INVALID_SYNTAX, "Missing parentheses in call to '" + t0.text
                        + "'. Did you mean " + t0.text + "(...)?", t0.start, b.end());
            }
        }
    }

    final Expr disjunction() {
        Expr a = conjunction();
        if (!atKw("or")) return a;
        List<Expr> values = new ArrayList<>();
        values.add(a);
        while (atKw("or")) {
            int save = p;
            next();
            try {
                values.add(conjunction());
            } catch (ParseError e) {
                if (e.fromTokenizer) throw e;
                if (!generic(e)) throw e;
                p = save; // PEG: the shorter match stands
                break;
            }
        }
        if (values.size() == 1) return a;
        return new BoolOp(BoolOperator.OR, values, a.start(), values.get(values.size() - 1).end());
    }

    final Expr conjunction() {
        Expr a = inversion();
        if (!atKw("and")) return a;
        List<Expr> values = new ArrayList<>();
        values.add(a);
        while (atKw("and")) {
            int save = p;
            next();
            try {
                values.add(inversion());
            } catch (ParseError e) {
                if (e.fromTokenizer) throw e;
                if (!generic(e)) throw e;
                p = save;
                break;
            }
        }
        if (values.size() == 1) return a;
        return new BoolOp(BoolOperator.AND, values, a.start(), values.get(values.size() - 1).end());
    }

    final Expr inversion() {
        if (!atKw("not")) return comparison();
        List<Token> nots = new ArrayList<>();
        while (atKw("not")) nots.add(next());
        Expr e = comparison();
        for (int i = nots.size() - 1; i >= 0; i--) {
            e = new UnaryOp(UnaryOperator.NOT, e, nots.get(i).start, e.end());
        }
        return e;
    }

    private CmpOp compareOp() {
        Token t = peek();
        if (t.type == Token.OP) {
            switch (t.text) {
                case "==": next(); return CmpOp.EQ;
                case "!=": next(); return CmpOp.NOT_EQ;
                case "<": next(); return CmpOp.LT;
                case "<=": next(); return CmpOp.LTE;
                case ">": next(); return CmpOp.GT;
                case ">=": next(); return CmpOp.GTE;
                default: return null;
            }
        }
        if (t.type == Token.NAME) {
            switch (t.text) {
                case "in":
                    next();
                    return CmpOp.IN;
                case "is":
                    next();
                    if (eatKw("not")) return CmpOp.IS_NOT;
                    return CmpOp.IS;
                case "not":
                    if (peekAt(1).isName("in")) {
                        next();
                        next();
                        return CmpOp.NOT_IN;
                    }
                    return null;
                default:
                    return null;
            }
        }
        return null;
    }

    final Expr comparison() {
        Expr a = bitwiseOr();
        int save0 = p;
        CmpOp op = compareOp();
        if (op == null) return a;
        List<CmpOp> ops = new ArrayList<>();
        List<Expr> comps = new ArrayList<>();
        int save = save0;
        while (op != null) {
            Expr right;
            try {
                right = bitwiseOr();
            } catch (ParseError e) {
                if (e.fromTokenizer) throw e;
                if (!generic(e)) throw e;
                p = save;
                break;
            }
            ops.add(op);
            comps.add(right);
            save = p;
            op = compareOp();
        }
        if (ops.isEmpty()) return a;
        return new Compare(a, ops, comps, a.start(), comps.get(comps.size() - 1).end());
    }

    private static int binPrec(Token t) {
        if (t.type != Token.OP) return -1;
        return switch (t.text) {
            case "|" -> 1;
            case "^" -> 2;
            case "&" -> 3;
            case "<<", ">>" -> 4;
            case "+", "-" -> 5;
            case "*", "/", "//", "%", "@" -> 6;
            default -> -1;
        };
    }

    private static Operator binOp(String s) {
        return switch (s) {
            case "|" -> Operator.BITOR;
            case "^" -> Operator.BITXOR;
            case "&" -> Operator.BITAND;
            case "<<" -> Operator.LSHIFT;
            case ">>" -> Operator.RSHIFT;
            case "+" -> Operator.ADD;
            case "-" -> Operator.SUB;
            case "*" -> Operator.MULT;
            case "/" -> Operator.DIV;
            case "//" -> Operator.FLOORDIV;
            case "%" -> Operator.MOD;
            case "@" -> Operator.MATMULT;
            default -> throw new IllegalArgumentException(s);
        };
    }

    final Expr bitwiseOr() {
        return binary(1);
    }

    private Expr binary(int minPrec) {
        Expr left = factor();
        while (true) {
            Token t = peek();
            int prec = binPrec(t);
            if (prec < minPrec) return left;
            int save = p;
            next();
            Expr right;
            try {
                right = prec == 6 ? factor() : binary(prec + 1);
            } catch (ParseError e) {
                if (e.fromTokenizer) throw e;
                if (!generic(e)) throw e;
                p = save;
                return left;
            }
            left = new BinOp(left, binOp(t.text), right, left.start(), right.end());
        }
    }

    final Expr factor() {
        Token t = peek();
        if (!(t.isOp("-") || t.isOp("+") || t.isOp("~"))) return power();
        List<Token> ops = new ArrayList<>();
        while (atOp("-") || atOp("+") || atOp("~")) {
            ops.add(next());
            if (ops.size() > 100_000) throw fail();
        }
        Expr e = power();
        for (int i = ops.size() - 1; i >= 0; i--) {
            Token o = ops.get(i);
            UnaryOperator u = o.text.equals("-") ? UnaryOperator.USUB
                    : o.text.equals("+") ? UnaryOperator.UADD : UnaryOperator.INVERT;
            e = new UnaryOp(u, e, o.start, e.end());
        }
        return e;
    }

    final Expr power() {
        Expr a = awaitPrimary();
        if (!atOp("**")) return a;
        next();
        enter();
        try {
            Expr b = factor();
            return new BinOp(a, Operator.POW, b, a.start(), b.end());
        } finally {
            leave();
        }
    }

    final Expr awaitPrimary() {
        if (atKw("await")) {
            Token t = next();
            enter();
            try {
                Expr v = primary();
                return new Await(v, t.start, v.end());
            } finally {
                leave();
            }
        }
        return primary();
    }

    final Expr primary() {
        Expr e = atom();
        while (true) {
            Token t = peek();
            if (t.type != Token.OP) return e;
            int save = p;
            int saveDepth = depth;
            try {
                switch (t.text) {
                case "." -> {
                    next();
                    Token name = expectName();
                    e = new Attribute(e, new Identifier(name.text, name.start, name.end), ExprContext.LOAD,
                            e.start(), name.end);
                }
                case "(" -> e = callOn(e);
                case "[" -> {
                    next();
                    Expr s = slices();
                    Token close = expectOp("]");
                    e = new Subscript(e, s, ExprContext.LOAD, e.start(), close.end);
                }
                default -> {
                    return e;
                }
                }
            } catch (ParseError err) {
                if (!generic(err)) throw err;
                p = save; // PEG: the primary without the failed trailer stands
                depth = saveDepth;
                return e;
            }
        }
    }

    // ------------------------------------------------------------------ slices

    final Expr slices() {
        int start = peek().start;
        Expr first = sliceOrStarred();
        if (!atOp(",")) {
            if (first instanceof Starred) return new Tuple(List.of(first), ExprContext.LOAD, start, first.end());
            return first;
        }
        List<Expr> elts = new ArrayList<>();
        elts.add(first);
        int end = first.end();
        while (atOp(",")) {
            end = next().end;
            if (atOp("]")) break;
            Expr e = sliceOrStarred();
            elts.add(e);
            end = e.end();
        }
        return new Tuple(elts, ExprContext.LOAD, start, end);
    }

    private Expr sliceOrStarred() {
        if (atOp("*")) {
            Token star = next();
            Expr v = expression();
            return new Starred(v, ExprContext.LOAD, star.start, v.end());
        }
        int start = peek().start;
        Expr lower = null;
        if (!atOp(":")) {
            lower = namedExpression();
            if (!atOp(":")) return lower;
            if (lower instanceof NamedExpr) throw fail();
        }
        int end = next().end;
        Expr upper = null, step = null;
        if (startsExpression(peek())) {
            upper = expression();
            end = upper.end();
        }
        if (atOp(":")) {
            end = next().end;
            if (startsExpression(peek())) {
                step = expression();
                end = step.end();
            }
        }
        return new Slice(lower, upper, step, start, end);
    }

    // ------------------------------------------------------------------ calls

    final Expr callOn(Expr func) {
        next(); // (
        enter();
        try {
            List<Expr> args = new ArrayList<>();
            List<Keyword> kws = new ArrayList<>();
            boolean seenKw = false, seenKwUnpack = false;
            int count = 0;
            while (!atOp(")")) {
                Token t = peek();
                count++;
                if (t.isOp("*")) {
                    next();
                    if (seenKwUnpack) {
                        throw errorAt(SyntaxErrorKind.INVALID_SYNTAX,
                                "iterable argument unpacking follows keyword argument unpacking", t);
                    }
                    Expr v;
                    try {
                        v = expression();
                    } catch (ParseError e) {
                        if (seenKw && generic(e)) {
                            throw errorAt(SyntaxErrorKind.INVALID_SYNTAX,
                                    "iterable argument unpacking follows keyword argument unpacking", t);
                        }
                        throw e;
                    }
                    args.add(new Starred(v, ExprContext.LOAD, t.start, v.end()));
                } else if (t.isOp("**")) {
                    next();
                    Expr v = expression();
                    kws.add(new Keyword(null, v, t.start, v.end()));
                    seenKwUnpack = true;
                } else if (t.type == Token.NAME && !KEYWORDS.contains(t.text) && peekAt(1).isOp("=")) {
                    next();
                    next();
                    Expr v = expression();
                    if (atKw("for") || atKw("async")) {
                        throw errorRange(SyntaxErrorKind.INVALID_SYNTAX,
                                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", t.start, v.end());
                    }
                    kws.add(new Keyword(new Identifier(t.text, t.start, t.end), v, t.start, v.end()));
                    seenKw = true;
                } else {
                    Expr v = namedExpressionNoEq();
                    if (atOp("=")) {
                        Token eq = peek();
                        if (v instanceof Constant c && (c.kind() == ConstantKind.TRUE
                                || c.kind() == ConstantKind.FALSE || c.kind() == ConstantKind.NONE)) {
                            throw errorRange(SyntaxErrorKind.INVALID_TARGET, "cannot assign to " + c.value(),
                                    v.start(), v.end());
                        }
                        throw errorRange(SyntaxErrorKind.INVALID_SYNTAX,
                                "expression cannot contain assignment, perhaps you meant \"==\"?", v.start(), eq.end);
                    }
                    if (atKw("for") || atKw("async")) {
                        List<Comprehension> gens = forIfClauses();
                        Expr g = new GeneratorExp(v, gens, v.start(), prev().end);
                        if (count > 1 || atOp(",") && !peekAt(1).isOp(")")) {
                            if (count == 1) {
                                throw errorRange(SyntaxErrorKind.INVALID_SYNTAX,
                                        "Generator expression must be parenthesized", v.start(), prev().end);
                            }
                            throw errorRange(SyntaxErrorKind.INVALID_SYNTAX,
                                    "Generator expression must be parenthesized", v.start(), prev().end);
                        }
                        v = g;
                    }
                    if (seenKw || seenKwUnpack) {
                        throw errorRange(SyntaxErrorKind.INVALID_SYNTAX, seenKwUnpack
                                ? "positional argument follows keyword argument unpacking"
                                : "positional argument follows keyword argument", v.start(), v.end());
                    }
                    args.add(v);
                }
                if (!eatOp(",")) break;
            }
            Token close = expectOp(")");
            if (args.size() == 1 && kws.isEmpty() && args.get(0) instanceof GeneratorExp g
                    && g.start() != func.end()) {
                args.set(0, new GeneratorExp(g.elt(), g.generators(), t0(func), close.end));
            }
            return new Call(func, args, kws, func.start(), close.end);
        } finally {
            leave();
        }
    }

    private int t0(Expr func) {
        // CPython gives a bare generator argument the call's parenthesis span
        int i = func.end();
        while (i < src.length() && src.charAt(i) != '(') i++;
        return i;
    }

    /** assignment_expression | expression !':=' */
    final Expr namedExpressionNoEq() {
        Token t = peek();
        if (t.type == Token.NAME && !KEYWORDS.contains(t.text) && peekAt(1).isOp(":=")) return namedExpression();
        Expr e = expression();
        if (atOp(":=")) {
            throw errorRange(SyntaxErrorKind.INVALID_TARGET,
                    "cannot use assignment expressions with " + TargetChecks.exprName(e), e.start(), e.end());
        }
        return e;
    }

    // ------------------------------------------------------------------ comprehensions

    final List<Comprehension> forIfClauses() {
        List<Comprehension> out = new ArrayList<>();
        while (atKw("for") || (atKw("async") && peekAt(1).isName("for"))) {
            Token first = next();
            boolean isAsync = false;
            if (first.text.equals("async")) {
                isAsync = true;
                next();
            }
            Expr target = targetList("in", TargetChecks.TargetKind.FOR);
            expectKw("in");
            Expr iter = disjunction();
            List<Expr> ifs = new ArrayList<>();
            while (atKw("if")) {
                next();
                ifs.add(disjunction());
            }
            int end = ifs.isEmpty() ? iter.end() : ifs.get(ifs.size() - 1).end();
            out.add(new Comprehension(target, iter, ifs, isAsync, first.start, end));
        }
        return out;
    }

    /**
     * star_targets followed by {@code stopKw} (e.g. 'in'): parsed as expressions, validated, rewritten to Store.
     */
    final Expr targetList(String stopKw, TargetChecks.TargetKind kind) {
        int start = peek().start;
        Mark m = new Mark();
        List<Expr> elts = new ArrayList<>();
        boolean comma = false;
        int end;
        while (true) {
            Expr e;
            if (atOp("*")) {
                Token star = next();
                Expr v = bitwiseOr();
                e = new Starred(v, ExprContext.LOAD, star.start, v.end());
            } else {
                e = bitwiseOr();
            }
            elts.add(e);
            end = e.end();
            if (!atOp(",")) break;
            comma = true;
            end = next().end;
            if (!startsExpression(peek()) && !atOp("*")) break;
        }
        Expr target = comma ? new Tuple(elts, ExprContext.LOAD, start, end) : elts.get(0);
        Expr bad = TargetChecks.invalidTarget(target, kind);
        if (bad != null || !atKw(stopKw)) {
            // CPython's invalid_for_target: re-read as star_expressions to name the culprit
            if (noInvalid == 0) {
                Mark after = new Mark();
                m.reset();
                Expr whole;
                try {
                    whole = starExpressions();
                } catch (ParseError e) {
                    if (!generic(e)) throw e;
                    whole = null;
                }
                Expr culprit = whole == null ? null : TargetChecks.invalidTarget(whole, kind);
                after.reset();
                if (culprit != null) {
                    throw errorRange(SyntaxErrorKind.INVALID_TARGET, TargetChecks.invalidTargetMessage(culprit, kind),
                            culprit.start(), culprit.end());
                }
            }
            if (bad != null && atKw(stopKw)) {
                throw errorRange(SyntaxErrorKind.INVALID_TARGET, TargetChecks.invalidTargetMessage(bad, kind),
                        bad.start(), bad.end());
            }
            throw fail();
        }
        return TargetChecks.withCtx(target, kind == TargetChecks.TargetKind.DEL ? ExprContext.DEL : ExprContext.STORE);
    }

    // ------------------------------------------------------------------ yield / lambda

    final Expr yieldExpr() {
        Token y = next();
        if (atKw("from")) {
            next();
            Expr v = expression();
            return new YieldFrom(v, y.start, v.end());
        }
        if (startsExpression(peek()) || atOp("*")) {
            Expr v = starExpressions();
            return new Yield(v, y.start, v.end());
        }
        return new Yield(null, y.start, y.end);
    }

    final Expr lambdef() {
        Token l = next();
        enter();
        try {
            Arguments args = parameters(true);
            expectOp(":");
            Expr body = expression();
            return new Lambda(args, body, l.start, body.end());
        } finally {
            leave();
        }
    }

    abstract Arguments parameters(boolean lambda);

    abstract Expr atom();
}
