package dev.pyassist.python;

import dev.pyassist.python.ast.*;
import dev.pyassist.python.ast.Module;
import java.util.ArrayList;
import java.util.List;

/** Simple statements and the module (internal); compound statements live in {@link CompoundParser}. */
abstract class StatementParser extends PatternParser {
    StatementParser(String src, List<Token> tokens) {
        super(src, tokens);
    }

    abstract Stmt compoundStatement();

    final Module file() {
        List<Stmt> body = new ArrayList<>();
        while (!atType(Token.ENDMARKER)) statement(body);
        return new Module(body, 0, src.length());
    }

    /** One statement line (a compound statement, or simple statements up to NEWLINE) appended to out. */
    final void statement(List<Stmt> out) {
        Stmt c = compoundStatement();
        if (c != null) {
            out.add(c);
            return;
        }
        simpleStatements(out);
    }

    final void simpleStatements(List<Stmt> out) {
        while (true) {
            out.add(simpleStatement());
            if (atOp(";")) {
                next();
                if (atType(Token.NEWLINE)) break;
                continue;
            }
            break;
        }
        if (!atType(Token.NEWLINE)) throw fail();
        next();
    }

    private Stmt simpleStatement() {
        Token t = peek();
        if (t.type == Token.NAME) {
            switch (t.text) {
                case "pass" -> {
                    next();
                    return new Pass(t.start, t.end);
                }
                case "break" -> {
                    next();
                    return new Break(t.start, t.end);
                }
                case "continue" -> {
                    next();
                    return new Continue(t.start, t.end);
                }
                case "return" -> {
                    next();
                    if (startsExpression(peek()) || atOp("*")) {
                        Expr v = starExpressions();
                        return new Return(v, t.start, prev().end);
                    }
                    return new Return(null, t.start, t.end);
                }
                case "raise" -> {
                    return raiseStmt();
                }
                case "global", "nonlocal" -> {
                    next();
                    List<Identifier> names = new ArrayList<>();
                    do {
                        Token n = expectName();
                        names.add(new Identifier(n.text, n.start, n.end));
                    } while (eatOp(","));
                    int end = names.get(names.size() - 1).end();
                    return t.text.equals("global") ? new Global(names, t.start, end)
                            : new Nonlocal(names, t.start, end);
                }
                case "del" -> {
                    return delStmt();
                }
                case "assert" -> {
                    next();
                    Expr test = expression();
                    Expr msg = null;
                    if (eatOp(",")) msg = expression();
                    return new Assert(test, msg, t.start, prev().end);
                }
                case "import" -> {
                    return importStmt();
                }
                case "from" -> {
                    return fromImport();
                }
                case "type" -> {
                    Token n1 = peekAt(1);
                    if (n1.type == Token.NAME && !KEYWORDS.contains(n1.text)
                            && (peekAt(2).isOp("=") || peekAt(2).isOp("["))) {
                        return typeAlias();
                    }
                }
                default -> {
                }
            }
        }
        return expressionStatement();
    }

    private Stmt raiseStmt() {
        Token t = next();
        if (!startsExpression(peek())) return new Raise(null, null, t.start, t.end);
        Expr exc = expression();
        Expr cause = null;
        if (eatKw("from")) cause = expression();
        return new Raise(exc, cause, t.start, prev().end);
    }

    private Stmt delStmt() {
        Token t = next();
        int mark = p;
        Mark m = new Mark();
        Expr target = null;
        boolean ok;
        try {
            target = delTargets();
            ok = atOp(";") || atType(Token.NEWLINE);
        } catch (ParseError e) {
            if (e.fromTokenizer) throw e;
            ok = false;
        }
        if (ok) {
            Expr bad = TargetChecks.invalidTarget(target, TargetChecks.TargetKind.DEL);
            if (bad == null) {
                List<Expr> targets = target instanceof Tuple tu && !isParenthesized(tu) ? tu.elts() : List.of(target);
                List<Expr> stored = new ArrayList<>();
                for (Expr e : targets) stored.add(TargetChecks.withCtx(e, ExprContext.DEL));
                return new Delete(stored, t.start, target.end() >= prev().end ? target.end() : prev().end);
            }
        }
        int failReach = reach;
        m.reset();
        reach = Math.max(reach, failReach);
        Expr whole;
        try {
            whole = starExpressions();
        } catch (ParseError e) {
            // invalid_del_stmt parses star_expressions with the invalid_* rules on: theirs are kept ('del (*x)')
            if (e.fromTokenizer || !generic(e)) throw e;
            throw fail();
        }
        Expr bad = TargetChecks.invalidTarget(whole, TargetChecks.TargetKind.DEL);
        if (bad != null) {
            throw errorRange(SyntaxErrorKind.INVALID_TARGET, TargetChecks.invalidTargetMessage(bad,
                    TargetChecks.TargetKind.DEL), bad.start(), bad.end());
        }
        throw fail();
    }

    private Expr delTargets() {
        int start = peek().start;
        List<Expr> elts = new ArrayList<>();
        int end;
        boolean comma = false;
        while (true) {
            Expr e = primary();
            elts.add(e);
            end = e.end();
            if (!atOp(",")) break;
            comma = true;
            end = next().end;
            if (!startsExpression(peek())) break;
        }
        return comma ? new Tuple(elts, ExprContext.LOAD, start, end) : elts.get(0);
    }

    private Alias dottedAs(boolean dotted) {
        Token first = expectName();
        StringBuilder name = new StringBuilder(first.text);
        int end = first.end;
        if (dotted) {
            while (atOp(".")) {
                next();
                Token n = expectName();
                name.append('.').append(n.text);
                end = n.end;
            }
        }
        Identifier asname = null;
        if (eatKw("as")) {
            Token a = expectName();
            asname = new Identifier(a.text, a.start, a.end);
            end = a.end;
        }
        return new Alias(new Identifier(name.toString(), first.start, dotted ? end(first, name, end, asname) : first.end),
                asname, first.start, end);
    }

    private static int end(Token first, StringBuilder name, int end, Identifier asname) {
        return asname == null ? end : first.start + name.length();
    }

    private Stmt importStmt() {
        Token t = next();
        noNamesAfterImport();
        List<Alias> names = new ArrayList<>();
        do {
            names.add(dottedAs(true));
        } while (eatOp(","));
        if (atKw("from")) {
            // CPython's invalid_import: 'import' dotted_name 'from' dotted_name, reported on the whole statement
            int end = peek().end;
            for (int i = p; i < toks.length && toks[i].type != Token.NEWLINE && toks[i].type != Token.ENDMARKER
                    && toks[i].type != Token.ERROR; i++) {
                end = toks[i].end;
            }
            throw errorRange(SyntaxErrorKind.INVALID_SYNTAX,
                    "Did you mean to use 'from ... import ...' instead?", t.start, end);
        }
        return new Import(names, t.start, names.get(names.size() - 1).end());
    }

    /** 3.13's invalid_import rule: a bare {@code import} ends the line. */
    private void noNamesAfterImport() {
        if (target.atLeast(13) && atType(Token.NEWLINE)) {
            Token nl = peek();
            throw errorRange(SyntaxErrorKind.INVALID_SYNTAX, "Expected one or more names after 'import'", nl.start,
                    nl.start);
        }
    }

    private Stmt fromImport() {
        Token t = next();
        int level = 0;
        while (atOp(".") || atOp("...")) level += next().text.length();
        Identifier module = null;
        if (!atKw("import")) {
            Token first = expectName();
            StringBuilder name = new StringBuilder(first.text);
            int end = first.end;
            while (atOp(".")) {
                next();
                Token n = expectName();
                name.append('.').append(n.text);
                end = n.end;
            }
            module = new Identifier(name.toString(), first.start, end);
        }
        if (level == 0 && module == null) throw fail(); // 'from import x': a module (or dots) is required
        expectKw("import");
        noNamesAfterImport();
        List<Alias> names = new ArrayList<>();
        int end;
        if (atOp("*")) {
            Token st = next();
            names.add(new Alias(new Identifier("*", st.start, st.end), null, st.start, st.end));
            end = st.end;
        } else if (atOp("(")) {
            next();
            do {
                if (atOp(")")) break;
                names.add(dottedAs(false));
            } while (eatOp(","));
            if (names.isEmpty()) throw fail();
            end = expectOp(")").end;
        } else {
            do {
                names.add(dottedAs(false));
            } while (eatOp(",") && !trailingCommaInImport());
            end = names.get(names.size() - 1).end();
        }
        return new ImportFrom(module, names, level, t.start, end);
    }

    private boolean trailingCommaInImport() {
        if (atType(Token.NEWLINE)) {
            throw errorAt(SyntaxErrorKind.INVALID_SYNTAX,
                    "trailing comma not allowed without surrounding parentheses", peek());
        }
        return false;
    }

    private Stmt typeAlias() {
        Token t = next();
        Token n = next();
        List<TypeParam> tps = atOp("[") ? typeParams() : List.of();
        expectOp("=");
        Expr v = expression();
        return new TypeAlias(new Name(n.text, ExprContext.STORE, n.start, n.end), tps, v, t.start, prev().end);
    }

    /** PEP 696's {@code = default} of a type parameter ({@code = *Ts} for a TypeVarTuple), or null. */
    private Expr typeParamDefault(boolean starAllowed) {
        if (!eatOp("=")) return null;
        if (starAllowed && atOp("*")) {
            Token star = next();
            Expr v = expression();
            return new Starred(v, ExprContext.LOAD, star.start, v.end());
        }
        return expression();
    }

    final List<TypeParam> typeParams() {
        next(); // [
        if (target.atLeast(13) && atOp("]")) {
            Token close = peek();
            throw errorRange(SyntaxErrorKind.INVALID_SYNTAX, "Type parameter list cannot be empty", close.start,
                    close.start);
        }
        List<TypeParam> out = new ArrayList<>();
        while (!atOp("]")) {
            Token t = peek();
            if (t.isOp("*")) {
                next();
                Token n = expectName();
                Expr def = typeParamDefault(true);
                out.add(new TypeVarTuple(new Identifier(n.text, n.start, n.end), def, t.start,
                        def == null ? n.end : def.end()));
            } else if (t.isOp("**")) {
                next();
                Token n = expectName();
                Expr def = typeParamDefault(false);
                out.add(new ParamSpec(new Identifier(n.text, n.start, n.end), def, t.start,
                        def == null ? n.end : def.end()));
            } else {
                Token n = expectName();
                Expr bound = null;
                if (eatOp(":")) bound = expression();
                Expr def = typeParamDefault(false);
                int end = def != null ? def.end() : bound == null ? n.end : bound.end();
                out.add(new TypeVar(new Identifier(n.text, n.start, n.end), bound, def, n.start, end));
            }
            if (!eatOp(",")) break;
        }
        expectOp("]");
        if (out.isEmpty()) throw fail();
        return out;
    }

    // ------------------------------------------------------------------ assignment / expression statements

    private static Operator augOp(Token t) {
        if (t.type != Token.OP || t.text.length() < 2 || !t.text.endsWith("=")) return null;
        return switch (t.text) {
            case "+=" -> Operator.ADD;
            case "-=" -> Operator.SUB;
            case "*=" -> Operator.MULT;
            case "@=" -> Operator.MATMULT;
            case "/=" -> Operator.DIV;
            case "%=" -> Operator.MOD;
            case "&=" -> Operator.BITAND;
            case "|=" -> Operator.BITOR;
            case "^=" -> Operator.BITXOR;
            case "<<=" -> Operator.LSHIFT;
            case ">>=" -> Operator.RSHIFT;
            case "**=" -> Operator.POW;
            case "//=" -> Operator.FLOORDIV;
            default -> null;
        };
    }

    private Expr rhs() {
        if (atKw("yield")) return yieldExpr();
        return starExpressions();
    }

    private Stmt expressionStatement() {
        int startTok = p;
        int s0 = peek().start;
        Expr e = rhs();
        Token t = peek();
        if (t.isOp(":")) {
            if (!(e instanceof Name || e instanceof Attribute || e instanceof Subscript)) {
                // no valid alternative reads past the ':' here: only invalid_assignment does, if an annotation follows
                Mark m = new Mark();
                next();
                try {
                    expression();
                } catch (ParseError pe) {
                    if (!generic(pe)) throw pe;
                    m.reset();
                    throw fail();
                }
                m.reset();
            }
            next();
            Expr ann = expression();
            Expr value = null;
            if (eatOp("=")) value = rhs();
            if (!(e instanceof Name || e instanceof Attribute || e instanceof Subscript)) {
                String msg;
                if (e instanceof Tuple && !isParenthesized(e)) msg = "only single target (not tuple) can be annotated";
                else if (e instanceof Tuple) msg = "only single target (not tuple) can be annotated";
                else if (e instanceof dev.pyassist.python.ast.List) msg = "only single target (not list) can be annotated";
                else msg = "illegal target for annotation";
                throw errorRange(SyntaxErrorKind.INVALID_TARGET, msg, e.start(), e.end());
            }
            boolean simple = e instanceof Name && !isParenthesized(e);
            return new AnnAssign(TargetChecks.withCtx(e, ExprContext.STORE), ann, value, simple, s0, prev().end);
        }
        Operator aug = augOp(t);
        if (aug != null) {
            if (!(e instanceof Name || e instanceof Attribute || e instanceof Subscript)) {
                throw errorRange(SyntaxErrorKind.INVALID_TARGET, "'" + TargetChecks.exprName(e)
                        + "' is an illegal expression for augmented assignment", e.start(), e.end());
            }
            next();
            Expr v = rhs();
            return new AugAssign(TargetChecks.withCtx(e, ExprContext.STORE), aug, v, s0, prev().end);
        }
        if (!t.isOp("=")) return new ExprStmt(e, s0, prev().end);
        List<Expr> targets = new ArrayList<>();
        int firstEq = p;
        while (atOp("=")) {
            next();
            targets.add(e);
            e = rhs();
        }
        for (int i = 0; i < targets.size(); i++) {
            Expr tgt = targets.get(i);
            Expr bad = tgt instanceof Yield || tgt instanceof YieldFrom ? tgt
                    : TargetChecks.invalidTarget(tgt, TargetChecks.TargetKind.STAR);
            if (bad == null) continue;
            {
                Expr first = targets.get(0);
                Expr last = first instanceof Tuple tu && !isParenthesized(tu) ? tu.elts().get(tu.elts().size() - 1)
                        : first;
                if (!(last instanceof Starred)) {
                    int save = p;
                    int saveReach = reach;
                    p = firstEq;
                    try {
                        checkEqualsInsteadOfEq(last);
                    } finally {
                        p = save;
                        reach = saveReach;
                    }
                }
            }
            if (tgt instanceof Yield || tgt instanceof YieldFrom) {
                throw errorRange(SyntaxErrorKind.INVALID_TARGET, "assignment to yield expression not possible",
                        tgt.start(), tgt.end());
            }
            throw errorRange(SyntaxErrorKind.INVALID_TARGET, TargetChecks.invalidTargetMessage(bad,
                    TargetChecks.TargetKind.STAR), bad.start(), bad.end());
        }
        List<Expr> stored = new ArrayList<>(targets.size());
        for (Expr x : targets) stored.add(TargetChecks.withCtx(x, ExprContext.STORE));
        return new Assign(stored, e, s0, prev().end);
    }
}
