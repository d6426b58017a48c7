package dev.pyassist.python;

import dev.pyassist.python.ast.*;
import java.util.ArrayList;
import java.util.List;

/** Expressions (internal): precedence climbing for binary operators, iterative unary chains. */
abstract class ExpressionParser extends ErrorRules {
    ExpressionParser(String src, List<Token> tokens) {
        super(src, tokens);
    }

    @Override
    final Expr fstringFieldExpression() {
        if (atKw("yield")) return yieldExpr();
        return starExpressions();
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
            end = prev().end;
        }
        return new Tuple(elts, ExprContext.LOAD, start, end);
    }

    final Expr starExpression() {
        if (atOp("*")) {
            Token star = next();
            Expr v = bitwiseOr();
            return new Starred(v, ExprContext.LOAD, star.start, prev().end);
        }
        return expression();
    }

    final Expr starNamedExpression() {
        if (atOp("*")) {
            Token star = next();
            Expr v = bitwiseOr();
            return new Starred(v, ExprContext.LOAD, star.start, prev().end);
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
            return new NamedExpr(new Name(t.text, ExprContext.STORE, t.start, t.end), value, t.start, prev().end);
        }
        Expr e = expression();
        if (atOp(":=")) {
            throw errorRange(SyntaxErrorKind.INVALID_TARGET,
                    "cannot use assignment expressions with " + TargetChecks.exprName(e), e.start(), e.end());
        }
        if (atOp("=") && noInvalid == 0) checkEqualsInsteadOfEq(e);
        return e;
    }

    // ------------------------------------------------------------------ expression

    final Expr expression() {
        if (atKw("lambda")) return lambdef();
        enter();
        try {
            int firstTok = p;
            int s0 = peek().start;
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
                return new IfExp(test, a, orelse, s0, prev().end);
            }
            if (noInvalid == 0 && startsExpression(peek())) checkMissingComma(firstTok, a);
            return a;
        } finally {
            leave();
        }
    }

    /** invalid_expression: two expressions side by side inside brackets. */
    final Expr disjunction() {
        int s0 = peek().start;
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
        return new BoolOp(BoolOperator.OR, values, s0, prev().end);
    }

    final Expr conjunction() {
        int s0 = peek().start;
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
        return new BoolOp(BoolOperator.AND, values, s0, prev().end);
    }

    final Expr inversion() {
        if (!atKw("not")) return comparison();
        List<Token> nots = new ArrayList<>();
        while (atKw("not")) nots.add(next());
        Expr e = comparison();
        for (int i = nots.size() - 1; i >= 0; i--) {
            e = new UnaryOp(UnaryOperator.NOT, e, nots.get(i).start, prev().end);
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
        int s0 = peek().start;
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
        return new Compare(a, ops, comps, s0, prev().end);
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
        int s0 = peek().start;
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
            left = new BinOp(left, binOp(t.text), right, s0, prev().end);
        }
    }

    final Expr factor() {
        Token t = peek();
        if (p > 0 && arithmeticOperator(toks[p - 1])) notAfterOperator();
        if (!(t.isOp("-") || t.isOp("+") || t.isOp("~"))) return power();
        List<Token> ops = new ArrayList<>();
        while (atOp("-") || atOp("+") || atOp("~")) {
            ops.add(next());
            if (ops.size() > 100_000) throw fail();
        }
        notAfterOperator();
        Expr e = power();
        for (int i = ops.size() - 1; i >= 0; i--) {
            Token o = ops.get(i);
            UnaryOperator u = o.text.equals("-") ? UnaryOperator.USUB
                    : o.text.equals("+") ? UnaryOperator.UADD : UnaryOperator.INVERT;
            e = new UnaryOp(u, e, o.start, prev().end);
        }
        return e;
    }

    /**
     * 3.13's invalid_factor and invalid_arithmetic: 'not' right after a unary operator or after + - * / // % @
     * ('3 + not x'). The error spans the 'not' expression.
     */
    private void notAfterOperator() {
        Token t = peek();
        if (!(t.type == Token.NAME && t.text.equals("not") && target.atLeast(13) && noInvalid == 0)) return;
        int save = p;
        int end = t.end;
        try {
            end = inversion().end();
        } catch (ParseError e) {
            // the span then ends at 'not'
        }
        p = save;
        throw errorRange(SyntaxErrorKind.INVALID_SYNTAX, "'not' after an operator must be parenthesized",
                t.start, end);
    }

    private static boolean arithmeticOperator(Token t) {
        return t.type == Token.OP && switch (t.text) {
            case "+", "-", "*", "/", "//", "%", "@" -> true;
            default -> false;
        };
    }

    final Expr power() {
        int s0 = peek().start;
        Expr a = awaitPrimary();
        if (!atOp("**")) return a;
        next();
        enter();
        try {
            Expr b = factor();
            return new BinOp(a, Operator.POW, b, s0, prev().end);
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
                return new Await(v, t.start, prev().end);
            } finally {
                leave();
            }
        }
        return primary();
    }

    final Expr primary() {
        int s0 = peek().start;
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
                            s0, name.end);
                }
                case "(" -> {
                    Call c = (Call) callOn(e);
                    e = new Call(c.func(), c.args(), c.keywords(), s0, c.end());
                }
                case "[" -> {
                    next();
                    Expr s = slices();
                    Token close = expectOp("]");
                    e = new Subscript(e, s, ExprContext.LOAD, s0, close.end);
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
            end = prev().end;
        }
        return new Tuple(elts, ExprContext.LOAD, start, end);
    }

    /** 3.13's invalid_starred_expression: a '*' with no expression after it. */
    private void invalidStar() {
        if (target.atLeast(13) && !startsExpression(peek())) {
            throw invalid(SyntaxErrorKind.INVALID_SYNTAX, "Invalid star expression", peek());
        }
    }

    private Expr sliceOrStarred() {
        if (atOp("*")) {
            Token star = next();
            invalidStar();
            Expr v;
            try {
                v = expression();
            } catch (ParseError e) {
                if (target.atLeast(13) && generic(e)) {
                    throw new ParseError(new SyntaxDiagnostic(SyntaxErrorKind.INVALID_SYNTAX,
                            "Invalid star expression", e.diag.start(), e.diag.end()), false, e.line);
                }
                throw e;
            }
            return new Starred(v, ExprContext.LOAD, star.start, prev().end);
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
            end = prev().end;
        }
        if (atOp(":")) {
            end = next().end;
            if (startsExpression(peek())) {
                step = expression();
                end = prev().end;
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
                    invalidStar();
                    if (seenKwUnpack) {
                        // 3.13 starts the error at the comma before the '*'
                        throw invalid(SyntaxErrorKind.INVALID_SYNTAX,
                                "iterable argument unpacking follows keyword argument unpacking",
                                target.atLeast(13) && p >= 2 && toks[p - 2].isOp(",") ? toks[p - 2] : t);
                    }
                    Expr v;
                    try {
                        v = expression();
                    } catch (ParseError e) {
                        if (seenKw && generic(e)) {
                            throw invalid(SyntaxErrorKind.INVALID_SYNTAX,
                                    "iterable argument unpacking follows keyword argument unpacking", t);
                        }
                        throw e;
                    }
                    if (atOp("=") && noInvalid == 0) throwIfUnpackingAssigned("iterable", t);
                    args.add(new Starred(v, ExprContext.LOAD, t.start, prev().end));
                } else if (t.isOp("**")) {
                    next();
                    Expr v = expression();
                    if (atOp("=") && noInvalid == 0) throwIfUnpackingAssigned("keyword", t);
                    kws.add(new Keyword(null, v, t.start, prev().end));
                    seenKwUnpack = true;
                } else if (t.type == Token.NAME && !KEYWORDS.contains(t.text) && peekAt(1).isOp("=")) {
                    next();
                    Token eq = next();
                    if (atOp(",") || atOp(")")) {
                        throw invalidRange(SyntaxErrorKind.INVALID_SYNTAX, "expected argument value expression",
                                t.start, eq.end);
                    }
                    Expr v = expression();
                    if (atKw("for") || atKw("async")) {
                        throw invalidRange(SyntaxErrorKind.INVALID_SYNTAX,
                                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", t.start, v.end());
                    }
                    kws.add(new Keyword(new Identifier(t.text, t.start, t.end), v, t.start, prev().end));
                    seenKw = true;
                } else {
                    Expr v = namedExpressionNoEq();
                    if (atOp("=")) {
                        Token eq = peek();
                        if (v instanceof Constant c && (c.kind() == ConstantKind.TRUE
                                || c.kind() == ConstantKind.FALSE || c.kind() == ConstantKind.NONE)) {
                            throw invalidRange(SyntaxErrorKind.INVALID_TARGET, "cannot assign to " + c.value(),
                                    v.start(), v.end());
                        }
                        throw invalidRange(SyntaxErrorKind.INVALID_SYNTAX,
                                "expression cannot contain assignment, perhaps you meant \"==\"?", v.start(), eq.end);
                    }
                    if (atKw("for") || atKw("async")) {
                        List<Comprehension> gens = forIfClauses();
                        Expr g = new GeneratorExp(v, gens, v.start(), prev().end);
                        if (count > 1 || atOp(",")) {
                            if (count == 1) {
                                throw invalidRange(SyntaxErrorKind.INVALID_SYNTAX,
                                        "Generator expression must be parenthesized", v.start(), prev().end);
                            }
                            throw invalidRange(SyntaxErrorKind.INVALID_SYNTAX,
                                    "Generator expression must be parenthesized", v.start(), prev().end);
                        }
                        v = g;
                    }
                    if (seenKw || seenKwUnpack) {
                        // CPython raises it once the whole argument list is read: at the call's ')'
                        Token at = closingParen();
                        throw invalidRange(SyntaxErrorKind.INVALID_SYNTAX, seenKwUnpack
                                ? "positional argument follows keyword argument unpacking"
                                : "positional argument follows keyword argument", at.start, at.end);
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

    /** A specific (invalid_*) error, or a plain failure while CPython's invalid rules are off. */
    /**
     * CPython's invalid_kwarg/invalid_starred_expression: {@code f(*args=[0])} or {@code f(**kw={})}, an unpacked
     * argument followed by '='. The range runs from the star to the end of the value after '='.
     */
    private void throwIfUnpackingAssigned(String which, Token star) {
        Mark m = new Mark();
        int end = -1;
        noInvalid++;
        try {
            next(); // =
            end = expression().end();
        } catch (ParseError e) {
            // no value after '=': not this rule; the caller's ',' or ')' check reports the '='
        } finally {
            noInvalid--;
            m.reset();
        }
        if (end >= 0) {
            throw errorRange(SyntaxErrorKind.INVALID_SYNTAX, "cannot assign to " + which + " argument unpacking",
                    star.start, end);
        }
    }

    /** The ')' that closes the bracket the cursor is in, or the current token where the line ends first. */
    private Token closingParen() {
        int depth = 0;
        for (int i = p; i < toks.length; i++) {
            Token t = toks[i];
            if (t.type == Token.NEWLINE || t.type == Token.ENDMARKER || t.type == Token.ERROR) break;
            if (t.isOp("(") || t.isOp("[") || t.isOp("{")) depth++;
            else if (t.isOp(")") || t.isOp("]") || t.isOp("}")) {
                if (depth == 0) return t;
                depth--;
            }
        }
        return peek();
    }

    private ParseError invalid(SyntaxErrorKind kind, String msg, Token t) {
        return noInvalid > 0 ? fail() : errorAt(kind, msg, t);
    }

    private ParseError invalidRange(SyntaxErrorKind kind, String msg, int start, int end) {
        return noInvalid > 0 ? fail() : errorRange(kind, msg, start, end);
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

    abstract List<Comprehension> forIfClauses();

    abstract Expr targetList(String stopKw, TargetChecks.TargetKind kind);

    abstract Expr yieldExpr();

    abstract Expr lambdef();

    abstract Arguments parameters(boolean lambda);

    abstract Expr atom();
}
