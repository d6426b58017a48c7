package dev.pyassist.python;

import dev.pyassist.python.ast.Constant;
import dev.pyassist.python.ast.ConstantKind;
import dev.pyassist.python.ast.Expr;
import dev.pyassist.python.ast.FormattedValue;
import dev.pyassist.python.ast.JoinedStr;
import java.util.ArrayList;
import java.util.List;

/** String literals, implicit concatenation and PEP 701 f-strings (internal). */
abstract class StringParser extends ParserBase {
    StringParser(String src, List<Token> tokens) {
        super(src, tokens);
    }

    /** {@code yield_expr | star_expressions} inside an f-string replacement field. */
    abstract Expr fstringFieldExpression();

    final boolean atString() {
        int t = peek().type;
        return t == Token.STRING || t == Token.FSTRING_START;
    }

    /** One or more adjacent string tokens. */
    final Expr strings() {
        int start = peek().start;
        List<Expr> parts = new ArrayList<>();
        StringBuilder pending = null;
        int pendingStart = -1;
        int pendingEnd = -1;
        boolean anyF = false;
        Boolean bytes = null;
        boolean mixed = false;
        int end = start;
        while (true) {
            Token t = peek();
            if (t.type == Token.STRING) {
                next();
                String text = t.text;
                int q = 0;
                while (text.charAt(q) != '"' && text.charAt(q) != '\'') q++;
                String prefix = text.substring(0, q).toLowerCase();
                boolean isBytes = prefix.indexOf('b') >= 0;
                boolean raw = prefix.indexOf('r') >= 0;
                if (bytes != null && bytes != isBytes) mixed = true;
                bytes = isBytes;
                int ql = text.length() - q >= 6 && text.startsWith(text.substring(q, q + 1).repeat(3), q) ? 3 : 1;
                String body = text.substring(q + ql, text.length() - ql);
                String value;
                if (isBytes) {
                    for (int i = 0; i < body.length(); i++) {
                        if (body.charAt(i) >= 128) {
                            throw errorRange(SyntaxErrorKind.OTHER,
                                    "bytes can only contain ASCII literal characters", t.start, t.end);
                        }
                    }
                }
                try {
                    value = raw ? body : StringDecoder.decodeEscapes(body, isBytes);
                } catch (StringDecoder.EscapeError e) {
                    throw errorRange(SyntaxErrorKind.OTHER, e.getMessage(), t.start, t.end);
                }
                if (pending == null) {
                    pending = new StringBuilder();
                    pendingStart = t.start;
                }
                pending.append(value);
                pendingEnd = t.end;
                end = t.end;
            } else if (t.type == Token.FSTRING_START) {
                if (bytes != null && bytes) mixed = true;
                bytes = false;
                anyF = true;
                next();
                while (true) {
                    Token m = peek();
                    if (m.type == Token.FSTRING_MIDDLE) {
                        next();
                        if (pending == null) {
                            pending = new StringBuilder();
                            pendingStart = m.start;
                        }
                        pending.append(m.text);
                        pendingEnd = m.end;
                    } else if (m.type == Token.FSTRING_END) {
                        next();
                        end = m.end;
                        break;
                    } else if (m.isOp("{")) {
                        if (pending != null) {
                            if (pending.length() > 0) {
                                parts.add(new Constant(ConstantKind.STR, pending.toString(), pendingStart, pendingEnd));
                            }
                            pending = null;
                        }
                        replacementField(parts);
                    } else {
                        throw fail();
                    }
                }
            } else {
                break;
            }
        }
        if (mixed) {
            // CPython checks the mix once every literal is read, and reports it at the token after them
            throw errorAt(SyntaxErrorKind.OTHER, "cannot mix bytes and nonbytes literals", peek());
        }
        if (!anyF) {
            return new Constant(bytes ? ConstantKind.BYTES : ConstantKind.STR,
                    pending == null ? "" : pending.toString(), start, end);
        }
        if (pending != null && pending.length() > 0) {
            parts.add(new Constant(ConstantKind.STR, pending.toString(), pendingStart, pendingEnd));
        }
        return new JoinedStr(mergeConstants(parts), start, end);
    }

    private static List<Expr> mergeConstants(List<Expr> parts) {
        List<Expr> out = new ArrayList<>(parts.size());
        for (Expr e : parts) {
            if (e instanceof Constant c && !out.isEmpty() && out.get(out.size() - 1) instanceof Constant d
                    && d.kind() == ConstantKind.STR) {
                out.set(out.size() - 1, new Constant(ConstantKind.STR, d.value() + c.value(), d.start(), c.end()));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * The expression of a replacement field, with CPython 3.12's f-string errors: a bare lambda, no expression
     * after '{', or an expression followed by something other than '=', '!', ':' or '}'.
     */
    private Expr fieldExpression(Token open) {
        int first = p;
        Expr value;
        try {
            value = fstringFieldExpression();
        } catch (ParseError e) {
            if (!generic(e)) throw e;
            Token lambda = topLevelLambda(first, e.diag.start());
            if (lambda != null) {
                throw errorAt(SyntaxErrorKind.FSTRING,
                        "f-string: lambda expressions are not allowed without parentheses", lambda);
            }
            throw kept(errorAt(SyntaxErrorKind.FSTRING, "f-string: expecting a valid expression after '{'",
                    toks[first]));
        }
        Token next = peek();
        if (next.type == Token.OP && !next.isOp("=") && !next.isOp("!") && !next.isOp(":") && !next.isOp("}")) {
            Token lambda = topLevelLambda(first, next.start);
            throw kept(errorAt(SyntaxErrorKind.FSTRING, lambda != null
                    ? "f-string: lambda expressions are not allowed without parentheses"
                    : "f-string: expecting '=', or '!', or ':', or '}'", lambda != null ? lambda : next));
        }
        return value;
    }

    /** A 'lambda' between token {@code from} and offset {@code until}, at the field's own bracket level. */
    private Token topLevelLambda(int from, int until) {
        int level = toks[from].level;
        for (int i = from; i < toks.length && toks[i].start < until; i++) {
            Token t = toks[i];
            if (t.isName("lambda") && (i == from ? level : toks[i - 1].level) == toks[from - 1].level) return t;
        }
        return null;
    }

    /** At '{': parses one replacement field and appends its nodes. */
    private void replacementField(List<Expr> parts) {
        Token open = next();
        enter();
        try {
            if (atOp("}") || atOp("=") || atOp("!") || atOp(":")) {
                Token t = peek();
                throw kept(errorAt(SyntaxErrorKind.FSTRING,
                        "f-string: valid expression required before '" + t.text + "'", t));
            }
            Expr value = fieldExpression(open);
            int exprEnd = prev().end;
            String debugText = null;
            if (atOp("=")) {
                next();
                debugText = src.substring(open.end, prev().end);
            }
            int conversion = -1;
            if (atOp("!")) {
                Token bang = next();
                Token name = peek();
                if (name.type != Token.NAME && !name.isOp(":") && !name.isOp("}")
                        && name.type != Token.FSTRING_END) {
                    throw errorAt(SyntaxErrorKind.FSTRING, "f-string: invalid conversion character", name);
                }
                if (name.type != Token.NAME || name.start != bang.end) {
                    throw kept(errorAt(SyntaxErrorKind.FSTRING, "f-string: missing conversion character", name));
                }
                next();
                if (!name.text.equals("r") && !name.text.equals("s") && !name.text.equals("a")) {
                    throw errorAt(SyntaxErrorKind.FSTRING,
                            "f-string: invalid conversion character '" + name.text + "': expected 's', 'r', or 'a'",
                            name);
                }
                conversion = name.text.charAt(0);
            }
            Expr spec = null;
            if (atOp(":")) {
                Token colon = next();
                List<Expr> specParts = new ArrayList<>();
                int specEnd = colon.end;
                while (true) {
                    Token m = peek();
                    if (m.type == Token.FSTRING_MIDDLE) {
                        next();
                        specParts.add(new Constant(ConstantKind.STR, m.text, m.start, m.end));
                        specEnd = m.end;
                    } else if (m.isOp("{")) {
                        replacementField(specParts);
                        specEnd = prev().end;
                    } else {
                        break;
                    }
                }
                spec = new JoinedStr(mergeConstants(specParts), colon.end, specEnd);
            }
            Token close = peek();
            if (!close.isOp("}")) {
                if (close.type == Token.FSTRING_END || close.type == Token.FSTRING_MIDDLE) {
                    throw errorAt(SyntaxErrorKind.FSTRING, "f-string: expecting '}'", close);
                }
                if (conversion != -1 && spec == null) {
                    // invalid_replacement_field: a conversion is followed by a format spec or the end only
                    throw errorAt(SyntaxErrorKind.FSTRING, "f-string: expecting ':' or '}'", close);
                }
                throw fail();
            }
            next();
            if (debugText != null) {
                parts.add(new Constant(ConstantKind.STR, debugText, open.end, exprEnd));
                if (conversion == -1 && spec == null) conversion = 'r';
            }
            parts.add(new FormattedValue(value, conversion, spec, open.start, close.end));
        } finally {
            leave();
        }
    }

    /** A NUMBER token as a Constant. */
    static Constant number(Token t) {
        String s = t.text;
        char last = s.charAt(s.length() - 1);
        ConstantKind kind;
        if (last == 'j' || last == 'J') kind = ConstantKind.COMPLEX;
        else if (s.length() > 1 && s.charAt(0) == '0' && "xXoObB".indexOf(s.charAt(1)) >= 0) kind = ConstantKind.INT;
        else if (s.indexOf('.') >= 0 || s.indexOf('e') >= 0 || s.indexOf('E') >= 0) kind = ConstantKind.FLOAT;
        else kind = ConstantKind.INT;
        return new Constant(kind, s, t.start, t.end);
    }
}
