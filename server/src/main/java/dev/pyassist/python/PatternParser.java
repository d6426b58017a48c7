package dev.pyassist.python;

import dev.pyassist.python.ast.*;
import java.util.ArrayList;
import java.util.List;

/** {@code match} statement patterns (internal). */
abstract class PatternParser extends AtomParser {
    PatternParser(String src, List<Token> tokens) {
        super(src, tokens);
    }

    /** patterns: open_sequence_pattern | pattern */
    final Pattern patterns() {
        int start = peek().start;
        Pattern first = maybeStarPattern();
        if (!atOp(",")) {
            if (first instanceof MatchStar) throw fail();
            return first;
        }
        List<Pattern> items = new ArrayList<>();
        items.add(first);
        int end = first.end();
        while (atOp(",")) {
            end = next().end;
            if (atOp(":") || atKw("if")) break;
            Pattern p2 = maybeStarPattern();
            items.add(p2);
            end = p2.end();
        }
        return new MatchSequence(items, start, end);
    }

    private Pattern maybeStarPattern() {
        if (atOp("*")) {
            Token star = next();
            Token name = expectName();
            Identifier id = name.text.equals("_") ? null : new Identifier(name.text, name.start, name.end);
            return new MatchStar(id, star.start, name.end);
        }
        return pattern();
    }

    final Pattern pattern() {
        enter();
        try {
            int s0 = peek().start;
            Pattern or = orPattern();
            if (atKw("as")) {
                next();
                Token name = peek();
                if (name.type != Token.NAME || KEYWORDS.contains(name.text)) throw notANameTarget();
                if (name.text.equals("_")) {
                    throw errorAt(SyntaxErrorKind.INVALID_TARGET, "cannot use '_' as a target", name);
                }
                next();
                if (atOp(".") || atOp("(") || atOp("=")) {
                    throw errorRange(SyntaxErrorKind.INVALID_SYNTAX, "invalid pattern target", name.start,
                            peek().end);
                }
                return new MatchAs(or, new Identifier(name.text, name.start, name.end), s0, name.end);
            }
            return or;
        } finally {
            leave();
        }
    }

    /** invalid_as_pattern: 'as' followed by an expression that is not a name ('case 42 as 1+2'). */
    private ParseError notANameTarget() {
        if (noInvalid > 0) return fail();
        Mark m = new Mark();
        Expr target;
        noInvalid++;
        try {
            target = expression();
        } catch (ParseError e) {
            if (e.fromTokenizer) throw e;
            return fail();
        } finally {
            noInvalid--;
            m.reset();
        }
        return errorRange(SyntaxErrorKind.INVALID_SYNTAX, "invalid pattern target", target.start(), target.end());
    }

    private Pattern orPattern() {
        int s0 = peek().start;
        Pattern first = closedPattern();
        if (!atOp("|")) return first;
        List<Pattern> alts = new ArrayList<>();
        alts.add(first);
        while (eatOp("|")) alts.add(closedPattern());
        return new MatchOr(alts, s0, prev().end);
    }

    private Pattern closedPattern() {
        Token t = peek();
        if (t.type == Token.NUMBER || t.isOp("-")) {
            Expr v = signedNumberOrComplex();
            return new MatchValue(v, v.start(), v.end());
        }
        if (t.type == Token.STRING || t.type == Token.FSTRING_START) {
            Expr s = strings();
            if (s instanceof JoinedStr) {
                throw errorRange(SyntaxErrorKind.INVALID_SYNTAX, "patterns may only match literals and attribute lookups",
                        s.start(), s.end());
            }
            return new MatchValue(s, s.start(), s.end());
        }
        if (t.type == Token.NAME) {
            switch (t.text) {
                case "None" -> {
                    next();
                    return new MatchSingleton(ConstantKind.NONE, t.start, t.end);
                }
                case "True" -> {
                    next();
                    return new MatchSingleton(ConstantKind.TRUE, t.start, t.end);
                }
                case "False" -> {
                    next();
                    return new MatchSingleton(ConstantKind.FALSE, t.start, t.end);
                }
                default -> {
                }
            }
            if (KEYWORDS.contains(t.text)) throw fail();
            next();
            Expr dotted = new Name(t.text, ExprContext.LOAD, t.start, t.end);
            boolean isAttr = false;
            while (atOp(".")) {
                next();
                Token n = expectName();
                dotted = new Attribute(dotted, new Identifier(n.text, n.start, n.end), ExprContext.LOAD,
                        dotted.start(), n.end);
                isAttr = true;
            }
            if (atOp("(")) return classPattern(dotted);
            if (isAttr) return new MatchValue(dotted, dotted.start(), dotted.end());
            if (t.text.equals("_")) return new MatchAs(null, null, t.start, t.end);
            return new MatchAs(null, new Identifier(t.text, t.start, t.end), t.start, t.end);
        }
        if (t.isOp("(")) {
            Token open = next();
            enter();
            try {
                if (atOp(")")) {
                    Token close = next();
                    return new MatchSequence(List.of(), open.start, close.end);
                }
                Pattern first = maybeStarPattern();
                if (atOp(")") && !(first instanceof MatchStar)) {
                    next();
                    return first;
                }
                List<Pattern> items = new ArrayList<>();
                items.add(first);
                if (!atOp(")")) {
                    if (!atOp(",")) throw fail();
                    while (eatOp(",")) {
                        if (atOp(")")) break;
                        items.add(maybeStarPattern());
                    }
                }
                Token close = expectOp(")");
                return new MatchSequence(items, open.start, close.end);
            } finally {
                leave();
            }
        }
        if (t.isOp("[")) {
            Token open = next();
            enter();
            try {
                List<Pattern> items = new ArrayList<>();
                while (!atOp("]")) {
                    items.add(maybeStarPattern());
                    if (!eatOp(",")) break;
                }
                Token close = expectOp("]");
                return new MatchSequence(items, open.start, close.end);
            } finally {
                leave();
            }
        }
        if (t.isOp("{")) return mappingPattern();
        throw fail();
    }

    private Expr signedNumberOrComplex() {
        Token t = peek();
        Expr real;
        if (t.isOp("-")) {
            next();
            Token num = peek();
            if (num.type != Token.NUMBER) throw fail();
            next();
            Constant c = number(num);
            real = new UnaryOp(UnaryOperator.USUB, c, t.start, num.end);
        } else {
            next();
            real = number(t);
        }
        if (atOp("+") || atOp("-")) {
            Token op = next();
            Token imag = peek();
            if (imag.type != Token.NUMBER) throw fail();
            next();
            Constant c = number(imag);
            if (c.kind() != ConstantKind.COMPLEX) {
                throw errorRange(SyntaxErrorKind.INVALID_SYNTAX, "imaginary number required in complex literal",
                        c.start(), c.end());
            }
            return new BinOp(real, op.text.equals("+") ? Operator.ADD : Operator.SUB, c, real.start(), c.end());
        }
        return real;
    }

    private Pattern mappingPattern() {
        Token open = next();
        enter();
        try {
            List<Expr> keys = new ArrayList<>();
            List<Pattern> pats = new ArrayList<>();
            Identifier rest = null;
            while (!atOp("}")) {
                if (atOp("**")) {
                    next();
                    // pattern_capture_target: '_' is no capture target ('case {**_}')
                    if (peek().isName("_")) throw errorAt(SyntaxErrorKind.INVALID_SYNTAX, "invalid syntax", peek());
                    Token n = expectName();
                    rest = new Identifier(n.text, n.start, n.end);
                    eatOp(",");
                    break;
                }
                Token t = peek();
                Expr key;
                if (t.type == Token.NUMBER || t.isOp("-")) {
                    key = signedNumberOrComplex();
                } else if (t.type == Token.STRING || t.type == Token.FSTRING_START) {
                    key = strings();
                } else if (t.isName("None") || t.isName("True") || t.isName("False")) {
                    key = atom();
                } else if (t.type == Token.NAME && !KEYWORDS.contains(t.text)) {
                    next();
                    key = new Name(t.text, ExprContext.LOAD, t.start, t.end);
                    if (!atOp(".")) throw fail();
                    while (eatOp(".")) {
                        Token n = expectName();
                        key = new Attribute(key, new Identifier(n.text, n.start, n.end), ExprContext.LOAD,
                                key.start(), n.end);
                    }
                } else {
                    throw fail();
                }
                expectOp(":");
                keys.add(key);
                pats.add(pattern());
                if (!eatOp(",")) break;
            }
            Token close = expectOp("}");
            return new MatchMapping(keys, pats, rest, open.start, close.end);
        } finally {
            leave();
        }
    }

    private Pattern classPattern(Expr cls) {
        next(); // (
        enter();
        try {
            List<Pattern> pos = new ArrayList<>();
            List<Identifier> kwNames = new ArrayList<>();
            List<Pattern> kwPats = new ArrayList<>();
            while (!atOp(")")) {
                Token t = peek();
                if (t.type == Token.NAME && !KEYWORDS.contains(t.text) && peekAt(1).isOp("=")) {
                    next();
                    next();
                    kwNames.add(new Identifier(t.text, t.start, t.end));
                    kwPats.add(pattern());
                } else {
                    Pattern pt = pattern();
                    if (!kwNames.isEmpty()) {
                        throw errorRange(SyntaxErrorKind.INVALID_SYNTAX, "positional patterns follow keyword patterns",
                                pt.start(), pt.end());
                    }
                    pos.add(pt);
                }
                if (!eatOp(",")) break;
            }
            Token close = expectOp(")");
            return new MatchClass(cls, pos, kwNames, kwPats, cls.start(), close.end);
        } finally {
            leave();
        }
    }
}
