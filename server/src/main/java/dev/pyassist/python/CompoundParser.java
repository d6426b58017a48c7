package dev.pyassist.python;

import dev.pyassist.python.ast.*;
import java.util.ArrayList;
import java.util.List;

/** Compound statements and blocks; the concrete parser (internal, one instance per parse). */
final class CompoundParser extends StatementParser {
    /**
     * Start of the first {@code match <subject>} line that ends without ':' (a valid expression statement such as
     * {@code match(x)}). CPython's invalid_match_stmt then turns any later syntax error into "expected ':'".
     */
    int matchColonAt = -1;

    CompoundParser(String src, List<Token> tokens) {
        super(src, tokens);
    }

    @Override
    Stmt compoundStatement() {
        Token t = peek();
        if (t.type == Token.OP && t.text.equals("@")) return decorated();
        if (t.type != Token.NAME) return null;
        switch (t.text) {
            case "if":
                return ifStmt();
            case "while":
                return whileStmt();
            case "for":
                return forStmt(null);
            case "with":
                return withStmt(null);
            case "try":
                return tryStmt();
            case "def":
                return funcDef(null, List.of());
            case "class":
                return classDef(List.of());
            case "async": {
                Token n = peekAt(1);
                if (n.isName("def")) return funcDef(next(), List.of());
                if (n.isName("for")) return forStmt(next());
                if (n.isName("with")) return withStmt(next());
                next();
                throw fail();
            }
            case "match":
                return matchStmt();
            default:
                return null;
        }
    }

    // ------------------------------------------------------------------ blocks

    /** ':' already consumed. {@code what}: e.g. "'if' statement" for the indentation error. */
    private List<Stmt> block(String what, Token kw) {
        if (atType(Token.NEWLINE)) {
            Token nl = next();
            Token t = peek();
            if (t.type != Token.INDENT) {
                String msg = "expected an indented block after " + what + " on line " + kw.line;
                // at the end of the input (only DEDENTs left) CPython points at the header line's end
                int k = p;
                while (k < toks.length - 1 && toks[k].type == Token.DEDENT) k++;
                Token at = toks[k].type == Token.ENDMARKER ? nl : t;
                throw new ParseError(new SyntaxDiagnostic(SyntaxErrorKind.EXPECTED_INDENTED_BLOCK, msg, at.start,
                        Math.max(at.start, at.end)), false, at.line);
            }
            next();
            enter();
            try {
                List<Stmt> body = new ArrayList<>();
                while (!atType(Token.DEDENT) && !atType(Token.ENDMARKER)) statement(body);
                if (atType(Token.DEDENT)) next();
                return body;
            } finally {
                leave();
            }
        }
        List<Stmt> body = new ArrayList<>();
        simpleStatements(body);
        return body;
    }

    /** Header colon: 'expected ':'' when the line ends instead (or always, for forced colons). */
    private void colon(boolean forced) {
        if (atOp(":")) {
            next();
            return;
        }
        Token t = peek();
        if (forced || t.type == Token.NEWLINE) {
            throw errorAt(SyntaxErrorKind.EXPECTED_COLON, "expected ':'", t);
        }
        throw fail();
    }

    private static int endOf(List<Stmt> body, int fallback) {
        return body.isEmpty() ? fallback : body.get(body.size() - 1).end();
    }

    // ------------------------------------------------------------------ if / while / for / with

    private Stmt ifStmt() {
        Token kw = next();
        Expr test = namedExpression();
        colon(false);
        List<Stmt> body = block("'if' statement", kw);
        List<Stmt> orelse = elifOrElse();
        return new If(test, body, orelse, kw.start, endOf(orelse, endOf(body, kw.end)));
    }

    private List<Stmt> elifOrElse() {
        if (atKw("elif")) {
            Token kw = next();
            Expr test = namedExpression();
            colon(false);
            List<Stmt> body = block("'elif' statement", kw);
            List<Stmt> orelse = elifOrElse();
            return List.of(new If(test, body, orelse, kw.start, endOf(orelse, endOf(body, kw.end))));
        }
        return elseBlock();
    }

    private List<Stmt> elseBlock() {
        if (!atKw("else")) return List.of();
        Token kw = next();
        colon(true);
        return block("'else' statement", kw);
    }

    private Stmt whileStmt() {
        Token kw = next();
        Expr test = namedExpression();
        colon(false);
        List<Stmt> body = block("'while' statement", kw);
        List<Stmt> orelse = elseBlock();
        return new While(test, body, orelse, kw.start, endOf(orelse, endOf(body, kw.end)));
    }

    private Stmt forStmt(Token async) {
        Token kw = next();
        Expr target = targetList("in", TargetChecks.TargetKind.FOR);
        expectKw("in");
        Expr iter = starExpressions();
        colon(false);
        List<Stmt> body = block("'for' statement", kw);
        List<Stmt> orelse = elseBlock();
        int start = async == null ? kw.start : async.start;
        int end = endOf(orelse, endOf(body, kw.end));
        return async == null ? new For(target, iter, body, orelse, start, end)
                : new AsyncFor(target, iter, body, orelse, start, end);
    }

    private Stmt withStmt(Token async) {
        Token kw = next();
        List<WithItem> items = null;
        if (atOp("(")) {
            Mark m = new Mark();
            try {
                next();
                List<WithItem> its = new ArrayList<>();
                while (!atOp(")")) {
                    its.add(withItem());
                    if (!eatOp(",")) break;
                }
                expectOp(")");
                if (!its.isEmpty() && atOp(":")) {
                    items = its;
                } else if (!its.isEmpty() && atType(Token.NEWLINE)) {
                    // invalid_with_stmt: parenthesized items, then the end of the line
                    throw errorAt(SyntaxErrorKind.EXPECTED_COLON, "expected ':'", peek());
                } else {
                    m.reset();
                }
            } catch (ParseError e) {
                if (e.fromTokenizer || e.diag.kind() == SyntaxErrorKind.EXPECTED_COLON) throw e;
                int r = reach;
                m.reset();
                reach = Math.max(reach, r);
            }
        }
        if (items == null) {
            items = new ArrayList<>();
            do {
                items.add(withItem());
            } while (eatOp(","));
        }
        colon(false);
        List<Stmt> body = block("'with' statement", kw);
        int start = async == null ? kw.start : async.start;
        int end = endOf(body, kw.end);
        return async == null ? new With(items, body, start, end) : new AsyncWith(items, body, start, end);
    }

    private WithItem withItem() {
        Expr ctx = expression();
        Expr vars = null;
        if (atKw("as")) {
            next();
            vars = starTarget();
            if (!(atOp(",") || atOp(")") || atOp(":") || atType(Token.NEWLINE))) throw fail();
        }
        return new WithItem(ctx, vars, ctx.start(), vars == null ? ctx.end() : vars.end());
    }

    /** A single star_target (with/except-as style). */
    private Expr starTarget() {
        Expr e;
        if (atOp("*")) {
            Token star = next();
            Expr v = primary();
            e = new Starred(v, ExprContext.LOAD, star.start, v.end());
        } else {
            e = primary();
        }
        Expr bad = TargetChecks.invalidTarget(e, TargetChecks.TargetKind.STAR);
        if (bad != null) {
            throw errorRange(SyntaxErrorKind.INVALID_TARGET, TargetChecks.invalidTargetMessage(bad,
                    TargetChecks.TargetKind.STAR), bad.start(), bad.end());
        }
        return TargetChecks.withCtx(e, ExprContext.STORE);
    }

    // ------------------------------------------------------------------ try

    private Stmt tryStmt() {
        Token kw = next();
        colon(true);
        List<Stmt> body = block("'try' statement", kw);
        List<ExceptHandler> handlers = new ArrayList<>();
        boolean star = false, plain = false;
        while (atKw("except")) {
            Token ex = next();
            boolean isStar = false;
            if (atOp("*")) {
                next();
                isStar = true;
            }
            if (isStar) star = true;
            else plain = true;
            if (star && plain) {
                throw errorAt(SyntaxErrorKind.INVALID_SYNTAX,
                        "cannot have both 'except' and 'except*' on the same 'try'", ex);
            }
            Expr type = null;
            Identifier name = null;
            if (isStar && atOp(":")) {
                throw errorAt(SyntaxErrorKind.INVALID_SYNTAX, "expected one or more exception types", peek());
            }
            if (!atOp(":")) {
                if (isStar && atType(Token.NEWLINE)) {
                    throw errorAt(SyntaxErrorKind.INVALID_SYNTAX, "expected one or more exception types", peek());
                }
                if (!atType(Token.NEWLINE)) {
                    type = expression();
                    if (atOp(",")) {
                        Mark m = new Mark();
                        int end = type.end();
                        boolean ok = true;
                        try {
                            while (eatOp(",")) end = expression().end();
                        } catch (ParseError e) {
                            if (!generic(e)) throw e;
                            ok = false;
                        }
                        if (ok && (atOp(":") || atKw("as"))) {
                            throw errorRange(SyntaxErrorKind.INVALID_SYNTAX,
                                    "multiple exception types must be parenthesized", type.start(), end);
                        }
                        int r = reach;
                        m.reset();
                        reach = Math.max(reach, r);
                        throw fail();
                    }
                    if (eatKw("as")) {
                        Token n = expectName();
                        name = new Identifier(n.text, n.start, n.end);
                    }
                }
            }
            colon(false);
            List<Stmt> hb = block(isStar ? "'except*' statement" : "'except' statement", ex);
            handlers.add(new ExceptHandler(type, name, hb, ex.start, endOf(hb, ex.end)));
        }
        List<Stmt> orelse = List.of();
        if (!handlers.isEmpty()) orelse = elseBlock();
        List<Stmt> fin = List.of();
        if (atKw("finally")) {
            Token f = next();
            colon(true);
            fin = block("'finally' statement", f);
        }
        if (handlers.isEmpty() && fin.isEmpty()) {
            Token t = peek();
            throw errorAt(SyntaxErrorKind.INVALID_SYNTAX, "expected 'except' or 'finally' block", t);
        }
        int end = endOf(fin, endOf(orelse, handlers.isEmpty() ? endOf(body, kw.end)
                : handlers.get(handlers.size() - 1).end()));
        return star ? new TryStar(body, handlers, orelse, fin, kw.start, end)
                : new Try(body, handlers, orelse, fin, kw.start, end);
    }

    // ------------------------------------------------------------------ def / class / decorators

    private Stmt decorated() {
        List<Expr> decos = new ArrayList<>();
        while (atOp("@")) {
            next();
            decos.add(namedExpression());
            if (!atType(Token.NEWLINE)) throw fail();
            next();
        }
        if (atKw("def")) return funcDef(null, decos);
        if (atKw("async") && peekAt(1).isName("def")) return funcDef(next(), decos);
        if (atKw("class")) return classDef(decos);
        throw fail();
    }

    private Stmt funcDef(Token async, List<Expr> decos) {
        Token kw = next();
        Token name = expectName();
        List<TypeParam> tps = atOp("[") ? typeParams() : List.of();
        if (!atOp("(")) {
            Token t = peek();
            throw errorAt(SyntaxErrorKind.INVALID_SYNTAX, "expected '('", t);
        }
        next();
        Arguments args = parameters(false);
        expectOp(")");
        Expr returns = null;
        if (eatOp("->")) returns = expression();
        colon(true);
        List<Stmt> body = block("function definition", kw);
        // like CPython, a decorated definition starts at its 'def' ('async') keyword, not at the decorators
        int start = async == null ? kw.start : async.start;
        int end = endOf(body, kw.end);
        Identifier id = new Identifier(name.text, name.start, name.end);
        return async == null ? new FunctionDef(id, args, body, decos, returns, tps, start, end)
                : new AsyncFunctionDef(id, args, body, decos, returns, tps, start, end);
    }

    private Stmt classDef(List<Expr> decos) {
        Token kw = next();
        Token name = expectName();
        List<TypeParam> tps = atOp("[") ? typeParams() : List.of();
        List<Expr> bases = List.of();
        List<Keyword> kws = List.of();
        if (atOp("(")) {
            int parenAt = peek().start;
            Name dummy = new Name(name.text, ExprContext.LOAD, name.start, name.end);
            Expr c = callOn(dummy);
            Call call = (Call) c;
            if (call.args().size() == 1 && call.args().get(0) instanceof GeneratorExp g && g.start() == parenAt) {
                // class arguments have no bare generator form
                throw errorAt(SyntaxErrorKind.INVALID_SYNTAX, "invalid syntax", tokenAtOrAfter(g.elt().end()));
            }
            bases = call.args();
            kws = call.keywords();
        }
        colon(false);
        List<Stmt> body = block("class definition", kw);
        int start = kw.start;
        return new ClassDef(new Identifier(name.text, name.start, name.end), bases, kws, body, decos, tps, start,
                endOf(body, kw.end));
    }

    // ------------------------------------------------------------------ match

    private Stmt matchStmt() {
        Token kw = peek();
        Token n1 = peekAt(1);
        if (!startsExpression(n1) && !n1.isOp("*")) return null;
        if (n1.type == Token.OP && (n1.text.equals("-") || n1.text.equals("+") || n1.text.equals("~")
                || n1.text.equals("(") || n1.text.equals("["))) {
            // could be `match - x` / `match(x)` / `match[x]` expressions: decide after the subject
        }
        Mark m = new Mark();
        Expr subject;
        try {
            next();
            subject = matchSubject();
        } catch (ParseError e) {
            if (e.fromTokenizer) throw e;
            m.reset();
            return null;
        }
        if (!atOp(":")) {
            boolean nl = atType(Token.NEWLINE);
            int r = reach;
            m.reset();
            reach = Math.max(reach, r);
            if (nl && matchColonAt < 0) matchColonAt = kw.start;
            return null;
        }
        next();
        if (!atType(Token.NEWLINE)) throw fail();
        Token nl = next();
        if (!atType(Token.INDENT)) {
            Token t = peek();
            Token at = t.type == Token.ENDMARKER ? nl : t;
            throw new ParseError(new SyntaxDiagnostic(SyntaxErrorKind.EXPECTED_INDENTED_BLOCK,
                    "expected an indented block after 'match' statement on line " + kw.line, at.start, at.end), false,
                    at.line);
        }
        next();
        List<MatchCase> cases = new ArrayList<>();
        while (atKw("case")) {
            Token c = next();
            Pattern pat = patterns();
            Expr guard = null;
            if (eatKw("if")) guard = namedExpression();
            colon(false);
            List<Stmt> body = block("'case' statement", c);
            cases.add(new MatchCase(pat, guard, body, c.start, endOf(body, c.end)));
        }
        if (cases.isEmpty()) throw fail();
        if (!atType(Token.DEDENT) && !atType(Token.ENDMARKER)) throw fail();
        if (atType(Token.DEDENT)) next();
        return new Match(subject, cases, kw.start, cases.get(cases.size() - 1).end());
    }

    private Expr matchSubject() {
        int start = peek().start;
        Expr first = starNamedExpression();
        if (!atOp(",")) {
            if (first instanceof Starred) throw fail();
            return first;
        }
        List<Expr> elts = new ArrayList<>();
        elts.add(first);
        int end = first.end();
        while (atOp(",")) {
            end = next().end;
            if (atOp(":")) break;
            Expr e = starNamedExpression();
            elts.add(e);
            end = e.end();
        }
        return new Tuple(elts, ExprContext.LOAD, start, end);
    }
}
