package dev.pyassist.python;

import dev.pyassist.python.ast.*;
import java.util.ArrayList;
import java.util.List;

/** Atoms (names, literals, displays, comprehensions) and parameter lists (internal). */
abstract class AtomParser extends ExpressionParser {
    AtomParser(String src, List<Token> tokens) {
        super(src, tokens);
    }

    @Override
    final Expr atom() {
        Token t = peek();
        switch (t.type) {
            case Token.NAME -> {
                switch (t.text) {
                    case "True" -> {
                        next();
                        return new Constant(ConstantKind.TRUE, "True", t.start, t.end);
                    }
                    case "False" -> {
                        next();
                        return new Constant(ConstantKind.FALSE, "False", t.start, t.end);
                    }
                    case "None" -> {
                        next();
                        return new Constant(ConstantKind.NONE, "None", t.start, t.end);
                    }
                    default -> {
                        if (KEYWORDS.contains(t.text)) throw fail();
                        next();
                        return new Name(t.text, ExprContext.LOAD, t.start, t.end);
                    }
                }
            }
            case Token.NUMBER -> {
                next();
                return number(t);
            }
            case Token.STRING, Token.FSTRING_START -> {
                return strings();
            }
            case Token.OP -> {
                switch (t.text) {
                    case "(" -> {
                        return paren();
                    }
                    case "[" -> {
                        return bracket();
                    }
                    case "{" -> {
                        return brace();
                    }
                    case "..." -> {
                        next();
                        return new Constant(ConstantKind.ELLIPSIS, "...", t.start, t.end);
                    }
                    default -> throw fail();
                }
            }
            default -> throw fail();
        }
    }

    private Expr paren() {
        Token open = next();
        enter();
        try {
            if (atOp(")")) {
                Token close = next();
                return new Tuple(List.of(), ExprContext.LOAD, open.start, close.end);
            }
            if (atKw("yield")) {
                Expr y = yieldExpr();
                expectOp(")");
                return regroup(y, open, prev());
            }
            Expr first = starNamedExpression();
            starredComprehension(first);
            if (!(first instanceof Starred) && (atKw("for") || (atKw("async") && peekAt(1).isName("for")))) {
                List<Comprehension> gens = forIfClauses();
                Token close = expectOp(")");
                return new GeneratorExp(first, gens, open.start, close.end);
            }
            if (atOp(")")) {
                Token close = next();
                if (first instanceof Starred) {
                    throw errorRange(SyntaxErrorKind.OTHER, "cannot use starred expression here", first.start(),
                            first.end());
                }
                return regroup(first, open, close);
            }
            if (!atOp(",")) throw fail();
            List<Expr> elts = new ArrayList<>();
            elts.add(first);
            while (eatOp(",")) {
                if (atOp(")")) break;
                elts.add(starNamedExpression());
            }
            Token close = expectOp(")");
            return new Tuple(elts, ExprContext.LOAD, open.start, close.end);
        } finally {
            leave();
        }
    }

    /** A parenthesized expression keeps its inner node and offsets, like CPython. */
    private static Expr regroup(Expr inner, Token open, Token close) {
        return inner;
    }

    private Expr bracket() {
        Token open = next();
        enter();
        try {
            List<Expr> elts = new ArrayList<>();
            if (atOp("]")) {
                Token close = next();
                return new dev.pyassist.python.ast.List(elts, ExprContext.LOAD, open.start, close.end);
            }
            Expr first = starNamedExpression();
            starredComprehension(first);
            if (!(first instanceof Starred) && (atKw("for") || (atKw("async") && peekAt(1).isName("for")))) {
                List<Comprehension> gens = forIfClauses();
                Token close = expectOp("]");
                return new ListComp(first, gens, open.start, close.end);
            }
            elts.add(first);
            while (eatOp(",")) {
                if (atOp("]")) break;
                if (atComprehensionFor()) unparenthesizedTarget(first, prev().end);
                elts.add(starNamedExpression());
            }
            if (elts.size() > 1 && atComprehensionFor()) unparenthesizedTarget(first, elts.get(elts.size() - 1).end());
            Token close = expectOp("]");
            return new dev.pyassist.python.ast.List(elts, ExprContext.LOAD, open.start, close.end);
        } finally {
            leave();
        }
    }

    private Expr brace() {
        Token open = next();
        enter();
        try {
            if (atOp("}")) {
                Token close = next();
                return new Dict(List.of(), List.of(), open.start, close.end);
            }
            if (atOp("**")) {
                Token dstar = peek();
                Mark m = new Mark();
                next();
                try {
                    bitwiseOr();
                    if (atKw("for") || (atKw("async") && peekAt(1).isName("for"))) {
                        throw errorAt(SyntaxErrorKind.INVALID_SYNTAX,
                                "dict unpacking cannot be used in dict comprehension", dstar);
                    }
                } catch (ParseError e) {
                    if (!generic(e)) throw e;
                }
                m.reset();
                return dictRest(open, null, null);
            }
            Expr first = starNamedExpression();
            starredComprehension(first);
            if (atOp(":") && !(first instanceof Starred)) {
                Token colon = next();
                if ((atOp("}") || atOp(",")) && noInvalid == 0) {
                    throw errorRange(SyntaxErrorKind.INVALID_SYNTAX, "expression expected after dictionary key and ':'",
                            colon.start, colon.end);
                }
                Expr value = dictValue();
                if (atKw("for") || (atKw("async") && peekAt(1).isName("for"))) {
                    List<Comprehension> gens = forIfClauses();
                    Token close = expectOp("}");
                    return new DictComp(first, value, gens, open.start, close.end);
                }
                return dictRest(open, first, value);
            }
            if (!(first instanceof Starred) && (atKw("for") || (atKw("async") && peekAt(1).isName("for")))) {
                List<Comprehension> gens = forIfClauses();
                Token close = expectOp("}");
                return new SetComp(first, gens, open.start, close.end);
            }
            List<Expr> elts = new ArrayList<>();
            elts.add(first);
            while (eatOp(",")) {
                if (atOp("}")) break;
                if (atComprehensionFor()) unparenthesizedTarget(first, prev().end);
                elts.add(starNamedExpression());
            }
            if (elts.size() > 1 && atComprehensionFor()) unparenthesizedTarget(first, elts.get(elts.size() - 1).end());
            Token close = expectOp("}");
            return new dev.pyassist.python.ast.Set(elts, open.start, close.end);
        } finally {
            leave();
        }
    }

    private boolean atComprehensionFor() {
        return atKw("for") || (atKw("async") && peekAt(1).isName("for"));
    }

    /**
     * invalid_comprehension: {@code [x, y for x, y in z]}, a tuple as the element of a list or set comprehension
     * without its parentheses. CPython raises it only when the 'for' clauses parse; the range runs from the first
     * element to the last one (or to the trailing comma).
     */
    private void unparenthesizedTarget(Expr first, int end) {
        if (noInvalid > 0) return;
        Mark m = new Mark();
        boolean clausesParse;
        noInvalid++;
        try {
            forIfClauses();
            clausesParse = true;
        } catch (ParseError e) {
            clausesParse = false;
        } finally {
            noInvalid--;
            m.reset();
        }
        if (clausesParse) {
            throw errorRange(SyntaxErrorKind.INVALID_SYNTAX,
                    "did you forget parentheses around the comprehension target?", first.start(), end);
        }
    }

    /** invalid_comprehension: a starred element followed by 'for'. */
    private void starredComprehension(Expr first) {
        if (first instanceof Starred && (atKw("for") || (atKw("async") && peekAt(1).isName("for")))) {
            throw errorRange(SyntaxErrorKind.INVALID_SYNTAX, "iterable unpacking cannot be used in comprehension",
                    first.start(), first.end());
        }
    }

    private Expr dictValue() {
        if (atOp("*")) {
            Token star = next();
            try {
                Expr v = bitwiseOr();
                throw errorRange(SyntaxErrorKind.INVALID_SYNTAX,
                        "cannot use a starred expression in a dictionary value", star.start, v.end());
            } catch (ParseError e) {
                if (!generic(e)) throw e;
                throw fail();
            }
        }
        return expression();
    }

    /** Dict display after the first item (or at a leading '**'). */
    private Expr dictRest(Token open, Expr k0, Expr v0) {
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        if (k0 != null) {
            keys.add(k0);
            values.add(v0);
            if (!eatOp(",")) {
                Token close = expectOp("}");
                return new Dict(keys, values, open.start, close.end);
            }
        }
        boolean first = k0 == null;
        while (!atOp("}")) {
            // CPython checks the keys after the first item without its invalid_* rules
            if (!first) noInvalid++;
            boolean quiet = !first;
            try {
            if (atOp("**")) {
                next();
                keys.add(null);
                values.add(bitwiseOr());
            } else {
                Expr k = expression();
                if (quiet) {
                    noInvalid--;
                    quiet = false;
                }
                if (!atOp(":")) {
                    if (!first) {
                        throw errorRange(SyntaxErrorKind.INVALID_SYNTAX, "':' expected after dictionary key",
                                Math.max(k.start(), k.end() - 1), k.end());
                    }
                    throw fail();
                }
                next();
                if (atOp("}") || atOp(",")) {
                    Token t = peek();
                    throw errorRange(SyntaxErrorKind.INVALID_SYNTAX, "expression expected after dictionary key and ':'",
                            prev().start, prev().end);
                }
                keys.add(k);
                values.add(dictValue());
            }
            } finally {
                if (quiet) noInvalid--;
            }
            first = false;
            if (!eatOp(",")) break;
        }
        Token close = expectOp("}");
        return new Dict(keys, values, open.start, close.end);
    }

    // ------------------------------------------------------------------ comprehensions

    /** 3.13's invalid_for_if_clause: for-loop variables (bitwise_or, ...) not followed by 'in'. */
    private void inExpectedAfterForTargets() {
        int save = p;
        Token at = null;
        try {
            bitwiseOr();
            while (eatOp(",") && startsExpression(peek())) bitwiseOr();
            if (!atKw("in")) at = peek();
        } catch (ParseError e) {
            // not this rule's case: the normal parse reports it
        }
        p = save;
        if (at != null && !at.isOp("=")) {
            throw errorRange(SyntaxErrorKind.INVALID_SYNTAX, "'in' expected after for-loop variables", at.start,
                    at.start);
        }
    }

    @Override
    final List<Comprehension> forIfClauses() {
        List<Comprehension> out = new ArrayList<>();
        while (atKw("for") || (atKw("async") && peekAt(1).isName("for"))) {
            Token first = next();
            boolean isAsync = false;
            if (first.text.equals("async")) {
                isAsync = true;
                next();
            }
            if (this.target.atLeast(13) && noInvalid == 0) inExpectedAfterForTargets();
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
    @Override
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
                e = new Starred(v, ExprContext.LOAD, star.start, prev().end);
            } else {
                e = bitwiseOr();
            }
            elts.add(e);
            end = prev().end;
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

    @Override
    final Expr yieldExpr() {
        Token y = next();
        if (atKw("from")) {
            next();
            Expr v = expression();
            return new YieldFrom(v, y.start, prev().end);
        }
        if (startsExpression(peek()) || atOp("*")) {
            Expr v = starExpressions();
            return new Yield(v, y.start, prev().end);
        }
        return new Yield(null, y.start, y.end);
    }

    @Override
    final Expr lambdef() {
        Token l = next();
        enter();
        try {
            Arguments args = parameters(true);
            expectOp(":");
            Expr body = expression();
            return new Lambda(args, body, l.start, prev().end);
        } finally {
            leave();
        }
    }

    // ------------------------------------------------------------------ parameters

    @Override
    final Arguments parameters(boolean lambda) {
        String close = lambda ? ":" : ")";
        int start = peek().start;
        List<Arg> posonly = new ArrayList<>();
        List<Arg> args = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        Arg vararg = null, kwarg = null;
        List<Arg> kwonly = new ArrayList<>();
        List<Expr> kwDefaults = new ArrayList<>();
        boolean star = false, slash = false;
        int end = start;
        while (!atOp(close)) {
            Token t = peek();
            if (kwarg != null) {
                throw errorAt(SyntaxErrorKind.INVALID_SYNTAX, "arguments cannot follow var-keyword argument", t);
            }
            if (t.isOp("/")) {
                next();
                if (slash) throw errorAt(SyntaxErrorKind.INVALID_SYNTAX, "/ may appear only once", t);
                if (star) throw errorAt(SyntaxErrorKind.INVALID_SYNTAX, "/ must be ahead of *", t);
                if (args.isEmpty()) {
                    throw errorAt(SyntaxErrorKind.INVALID_SYNTAX, "at least one argument must precede /", t);
                }
                if (atOp("*")) throw errorAt(SyntaxErrorKind.INVALID_SYNTAX, "expected comma between / and *", peek());
                slash = true;
                posonly.addAll(args);
                args.clear();
                end = t.end;
            } else if (t.isOp("*")) {
                next();
                if (star) throw errorAt(SyntaxErrorKind.INVALID_SYNTAX, "* argument may appear only once", t);
                star = true;
                if (atOp(",")) {
                    if (peekAt(1).isOp(close) || peekAt(1).isOp("**")) {
                        throw errorAt(SyntaxErrorKind.INVALID_SYNTAX, "named arguments must follow bare *",
                                lambda ? peekAt(1) : t);
                    }
                    end = t.end;
                } else if (atOp(close)) {
                    throw errorAt(SyntaxErrorKind.INVALID_SYNTAX, "named arguments must follow bare *",
                            lambda ? peek() : t);
                } else {
                    vararg = param(lambda, true);
                    if (atOp("=")) {
                        throw errorAt(SyntaxErrorKind.INVALID_SYNTAX,
                                "var-positional argument cannot have default value", peek());
                    }
                    end = vararg.end();
                }
            } else if (t.isOp("**")) {
                next();
                kwarg = param(lambda, false);
                if (atOp("=")) {
                    throw errorAt(SyntaxErrorKind.INVALID_SYNTAX, "var-keyword argument cannot have default value",
                            peek());
                }
                end = kwarg.end();
            } else {
                // a look at the token after '(' without moving the furthest-token mark: CPython's parameter rules
                // fail at the '(' itself when a keyword follows ('lambda (None,): ...')
                Token after = t.isOp("(") ? toks[Math.min(p + 1, toks.length - 1)] : null;
                if (after != null && ((after.type == Token.NAME && !KEYWORDS.contains(after.text))
                        || after.isOp("("))) {
                    throw errorAt(SyntaxErrorKind.INVALID_SYNTAX, lambda
                            ? "Lambda expression parameters cannot be parenthesized"
                            : "Function parameters cannot be parenthesized", t);
                }
                Arg a = param(lambda, false);
                end = a.end();
                Expr def = null;
                if (atOp("=")) {
                    Token eq = next();
                    if (atOp(",") || atOp(close)) {
                        throw errorAt(SyntaxErrorKind.INVALID_SYNTAX, "expected default value expression", eq);
                    }
                    def = expression();
                    end = def.end();
                }
                if (star) {
                    kwonly.add(a);
                    kwDefaults.add(def);
                } else {
                    if (def == null && !defaults.isEmpty()) {
                        throw errorRange(SyntaxErrorKind.INVALID_SYNTAX,
                                target.atLeast(12) ? "parameter without a default follows parameter with a default"
                                        : "non-default argument follows default argument", a.start(), a.end());
                    }
                    args.add(a);
                    if (def != null) defaults.add(def);
                }
            }
            if (!atOp(close)) {
                if (!atOp(",")) throw fail();
                next();
            }
        }
        return new Arguments(posonly, args, vararg, kwonly, kwDefaults, kwarg, defaults, start, end);
    }

    private Arg param(boolean lambda, boolean starAnnotation) {
        Token name = expectName();
        Expr ann = null;
        int end = name.end;
        if (!lambda && atOp(":")) {
            next();
            if (starAnnotation && atOp("*")) {
                Token st = next();
                Expr v = bitwiseOr();
                ann = new Starred(v, ExprContext.LOAD, st.start, prev().end);
            } else {
                ann = expression();
            }
            end = prev().end;
        }
        return new Arg(new Identifier(name.text, name.start, name.end), ann, name.start, end);
    }
}
