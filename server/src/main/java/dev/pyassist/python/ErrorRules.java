package dev.pyassist.python;

import dev.pyassist.python.ast.*;
import java.util.List;

/**
 * CPython's second-pass {@code invalid_*} rules that the expression parser consults where a parse is bound to fail
 * (internal): "Perhaps you forgot a comma?", "Maybe you meant '==' ...", "Missing parentheses in call to 'print'".
 */
abstract class ErrorRules extends StringParser {
    /** >0 while parsing the right side of a speculative check: suppresses nested diagnostics. */
    int noInvalid;

    ErrorRules(String src, List<Token> tokens) {
        super(src, tokens);
    }

    abstract Expr expression();

    abstract Expr starExpressions();

    abstract Expr bitwiseOr();

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

    /** invalid_named_expression: {@code a = b} where a comparison was meant. */
    final void checkEqualsInsteadOfEq(Expr a) {
        if (!isBitwiseOrLevel(a) && !isParenthesized(a)) return;
        // a bare yield is no bitwise_or: 'yield = 1' is the assignment rule's, '(yield) = 1' this one's
        if ((a instanceof Yield || a instanceof YieldFrom) && !openParenBefore(a.start())) return;
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
        throw errorRange(SyntaxErrorKind.INVALID_TARGET, "cannot assign to " + TargetChecks.exprName(a)
                + " here. Maybe you meant '==' instead of '='?", a.start(), a.end());
    }

    /** True when the last non-blank character before the offset is '(' (a node CPython spans without it). */
    final boolean openParenBefore(int offset) {
        int i = offset - 1;
        while (i >= 0 && (src.charAt(i) == ' ' || src.charAt(i) == '\t')) i--;
        return i >= 0 && src.charAt(i) == '(';
    }

    final boolean isParenthesized(Expr e) {
        return e.start() < src.length() && src.charAt(e.start()) == '(';
    }

    static boolean isBitwiseOrLevel(Expr e) {
        return !(e instanceof Compare || e instanceof BoolOp || e instanceof IfExp || e instanceof Lambda
                || e instanceof Starred
                || (e instanceof UnaryOp u && u.op() == UnaryOperator.NOT));
    }

    /** CPython 3.11 matches SOFT_KEYWORD with strncmp over the token's length: any prefix of one counts. */
    static boolean softKeywordLike(String name) {
        return !name.isEmpty() && ("_".startsWith(name) || "case".startsWith(name) || "match".startsWith(name));
    }

    /**
     * invalid_expression (two expressions side by side inside brackets: "Perhaps you forgot a comma?") and
     * invalid_legacy_expression (NAME !'(' star_expressions: "Missing parentheses in call to 'print'", and any
     * error its star_expressions raises). Only called where the parse is bound to fail.
     */
    final void checkMissingComma(int firstTok, Expr a) {
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
            // what the comma check already parsed is memoized in CPython without its invalid_* rules
            boolean quiet = !skip && !legacyName;
            if (quiet) noInvalid++;
            try {
                b = starExpressions();
            } catch (ParseError e) {
                if (e.fromTokenizer || (!generic(e) && e.diag.kind() != SyntaxErrorKind.TOO_DEEP)) throw e;
                b = null;
            } finally {
                if (quiet) noInvalid--;
            }
            m.reset();
            if (b != null && (t0.text.equals("print") || t0.text.equals("exec"))) {
                throw errorRange(SyntaxErrorKind.INVALID_SYNTAX, "Missing parentheses in call to '" + t0.text
                        + "'. Did you mean " + t0.text + "(...)?", t0.start, b.end());
            }
        }
    }
}
