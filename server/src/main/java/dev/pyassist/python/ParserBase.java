package dev.pyassist.python;

import java.util.List;

/**
 * Token cursor shared by the parser layers (internal). Tracks the furthest token the parser looked at: like
 * CPython's PEG parser, a generic {@code invalid syntax} is reported there.
 */
abstract class ParserBase {
    /** Thrown to abort the parse with one diagnostic. */
    static final class ParseError extends RuntimeException {
        final SyntaxDiagnostic diag;
        /** True when the error comes from the tokenizer (ERROR token reached). */
        final boolean fromTokenizer;
        /** Line used to compare with later tokenizer errors. */
        final int line;
        /** True for errors that later tokenizer errors do not replace (CPython's unexpected indent/unindent). */
        final boolean keep;

        ParseError(SyntaxDiagnostic diag, boolean fromTokenizer, int line) {
            this(diag, fromTokenizer, line, false);
        }

        ParseError(SyntaxDiagnostic diag, boolean fromTokenizer, int line, boolean keep) {
            super(diag.message(), null, false, false);
            this.diag = diag;
            this.fromTokenizer = fromTokenizer;
            this.line = line;
            this.keep = keep;
        }
    }

    /**
     * Recursion guard: each level here is at least one of the rules on CPython's 6,000-rule parser stack, so an
     * input that reaches it overflows CPython's parser too ({@link NestingLimits}), with the same message.
     */
    static final int MAX_DEPTH = 6_000;

    final String src;
    final Token[] toks;
    int p;
    /** Furthest token index looked at. */
    int reach;
    /** Furthest token index ever looked at (never reset by speculation). */
    int fetched;
    int depth;
    /** The version parsed for: its grammar and its CPython's wording. */
    PythonVersion target = PythonVersion.DEFAULT;
    /** Line starts, for line numbers of offsets. */
    private int[] lineStarts;
    /** {@code src}'s chars when the caller has them already (the tokenizer's copy), else null. */
    char[] chars;

    ParserBase(String src, List<Token> tokens) {
        this.src = src;
        this.toks = tokens.toArray(new Token[0]);
    }

    // ------------------------------------------------------------------ cursor

    final Token peek() {
        if (p > reach) reach = p;
        if (p > fetched) fetched = p;
        Token t = toks[p];
        if (t.type == Token.ERROR) throw tokenizerError(t);
        return t;
    }

    final Token peekAt(int k) {
        int i = Math.min(p + k, toks.length - 1);
        if (i > reach) reach = i;
        if (i > fetched) fetched = i;
        Token t = toks[i];
        if (t.type == Token.ERROR) {
            // a look-ahead beyond the error: report it only once actually needed
            for (int j = p; j < i; j++) if (toks[j].type == Token.ENDMARKER) return toks[j];
            throw tokenizerError(t);
        }
        return t;
    }

    final Token next() {
        Token t = peek();
        if (t.type != Token.ENDMARKER) p++;
        return t;
    }

    final Token prev() {
        return toks[Math.max(0, p - 1)];
    }

    final boolean atOp(String op) {
        Token t = peek();
        return t.type == Token.OP && t.text.equals(op);
    }

    final boolean atKw(String kw) {
        Token t = peek();
        return t.type == Token.NAME && t.text.equals(kw);
    }

    final boolean atType(int type) {
        return peek().type == type;
    }

    final boolean eatOp(String op) {
        if (atOp(op)) {
            p++;
            return true;
        }
        return false;
    }

    final boolean eatKw(String kw) {
        if (atKw(kw)) {
            p++;
            return true;
        }
        return false;
    }

    final Token expectOp(String op) {
        if (!atOp(op)) throw fail();
        return next();
    }

    final Token expectKw(String kw) {
        if (!atKw(kw)) throw fail();
        return next();
    }

    /** Forced token ({@code &&'x'} in the grammar): error {@code expected 'x'} at the current token. */
    final Token forceOp(String op) {
        if (!atOp(op)) {
            Token t = peek();
            throw error(SyntaxErrorKind.forExpected(op), "expected '" + op + "'", lastTokenEndOrStart(t), t);
        }
        return next();
    }

    private int lastTokenEndOrStart(Token t) {
        return t.start;
    }

    static final java.util.Set<String> KEYWORDS = java.util.Set.of("False", "None", "True", "and", "as", "assert",
            "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for",
            "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
            "try", "while", "with", "yield");

    static boolean isKeyword(Token t) {
        return t.type == Token.NAME && KEYWORDS.contains(t.text);
    }

    /** A NAME token that is not a hard keyword. */
    final boolean atName() {
        Token t = peek();
        return t.type == Token.NAME && !KEYWORDS.contains(t.text);
    }

    final Token expectName() {
        if (!atName()) throw fail();
        return next();
    }

    /** A plain "invalid syntax" failure, after which a PEG parser would backtrack and try shorter matches. */
    static boolean generic(ParseError e) {
        return !e.fromTokenizer && !e.keep && e.diag.kind() == SyntaxErrorKind.INVALID_SYNTAX
                && e.diag.message().equals("invalid syntax");
    }

    /** First token starting at or after the offset. */
    final Token tokenAtOrAfter(int off) {
        int lo = 0, hi = toks.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (toks[mid].start < off) lo = mid + 1;
            else hi = mid;
        }
        return toks[lo];
    }

    // ------------------------------------------------------------------ depth

    final void enter() {
        if (++depth > MAX_DEPTH) {
            Token t = toks[Math.min(p, toks.length - 1)];
            throw new ParseError(new SyntaxDiagnostic(SyntaxErrorKind.TOO_DEEP,
                    NestingLimits.PARSER_OVERFLOW, t.start, t.end), false,
                    t.line);
        }
    }

    final void leave() {
        depth--;
    }

    // ------------------------------------------------------------------ errors

    final ParseError tokenizerError(Token t) {
        return new ParseError(t.error, true, lineOf(t.error.start()));
    }

    /**
     * The error, kept over a tokenizer error later in the source. CPython's parser fetches tokens lazily: where
     * it raises a replacement field's error before its tokenizer has reached the bad text ('f"{!'), its own
     * error is the one reported.
     */
    final ParseError kept(ParseError e) {
        return new ParseError(e.diag, e.fromTokenizer, e.line, true);
    }

    /** Generic {@code invalid syntax} at the furthest token looked at. */
    final ParseError fail() {
        Token t = toks[Math.min(reach, toks.length - 1)];
        if (t.type == Token.ERROR) return tokenizerError(t);
        if (t.type == Token.INDENT) {
            return new ParseError(new SyntaxDiagnostic(SyntaxErrorKind.UNEXPECTED_INDENT, "unexpected indent",
                    Math.max(t.start, t.end - 1), t.end), false, t.line, true);
        }
        if (t.type == Token.DEDENT) {
            int ls = t.start;
            while (ls > 0 && src.charAt(ls - 1) != '\n' && src.charAt(ls - 1) != '\r') ls--;
            int at = Math.max(ls, t.start - 1);
            return new ParseError(new SyntaxDiagnostic(SyntaxErrorKind.UNEXPECTED_UNINDENT, "unexpected unindent",
                    at, at), false, t.line, true);
        }
        return errorAt(SyntaxErrorKind.INVALID_SYNTAX, "invalid syntax", t);
    }

    final ParseError errorAt(SyntaxErrorKind kind, String msg, Token t) {
        if (t.type == Token.ENDMARKER && t.start > 0) {
            // CPython's ENDMARKER sits on the last line
            int at = t.start;
            while (at > 0 && (src.charAt(at - 1) == '\n' || src.charAt(at - 1) == '\r')) at--;
            if (at < t.start) return errorRange(kind, msg, at, at);
        }
        return error(kind, msg, t.start, t);
    }

    final ParseError error(SyntaxErrorKind kind, String msg, int start, Token t) {
        int end = Math.max(start, t.end);
        if (end == start && start < src.length() && t.type != Token.NEWLINE) end = start + 1;
        return new ParseError(new SyntaxDiagnostic(kind, msg, start, Math.min(end, src.length())), false,
                lineOf(start));
    }

    final ParseError errorRange(SyntaxErrorKind kind, String msg, int start, int end) {
        start = Math.max(0, Math.min(start, src.length()));
        end = Math.max(start, Math.min(end, src.length()));
        return new ParseError(new SyntaxDiagnostic(kind, msg, start, end), false, lineOf(start));
    }

    final int lineOf(int off) {
        if (lineStarts == null) lineStarts = computeLineStarts(chars != null ? chars : src.toCharArray());
        int lo = 0, hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= off) lo = mid;
            else hi = mid - 1;
        }
        return lo + 1;
    }

    static int[] computeLineStarts(String s) {
        return computeLineStarts(s.toCharArray());
    }

    /** Offsets where lines start: one pass over the chars (cheaper than two of {@code charAt}). */
    static int[] computeLineStarts(char[] cs) {
        int n = cs.length;
        int[] out = new int[Math.max(16, n / 32)];
        int k = 1;
        for (int i = 0; i < n; i++) {
            char c = cs[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= n || cs[i + 1] != '\n'))) {
                if (k == out.length) out = java.util.Arrays.copyOf(out, k * 2);
                out[k++] = i + 1;
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }
}
