package dev.pyassist.python;

import java.util.ArrayList;
import java.util.List;

/**
 * Eager Python tokenizer modelled on CPython's: produces NEWLINE/INDENT/DEDENT, f-string tokens (PEP 701 style)
 * and stops at the first tokenizer error, which becomes a trailing ERROR token carrying the CPython diagnostic.
 */
final class Tokenizer {
    static final int MAXLEVEL = 200;
    static final int MAXINDENT = 100;

    private final String s;
    /** The source's chars, copied once: indexing an array is cheaper than {@code String.charAt} (a coder check, a
     * bounds check and calls) under the editors' C1-only JIT: 15% less CPU to tokenize lsp_bench's file. */
    final char[] cs;
    private final int n;
    private int pos;
    private int line = 1;
    private int lineStart;
    final List<Token> tokens = new ArrayList<>();
    final List<Comment> comments = new ArrayList<>();
    private final int[] indstack = new int[MAXINDENT + 1];
    private final int[] altstack = new int[MAXINDENT + 1];
    private int indent;
    private final char[] parenChar = new char[MAXLEVEL + 1];
    private final int[] parenLine = new int[MAXLEVEL + 1];
    private final int[] parenPos = new int[MAXLEVEL + 1];
    private int level;
    private boolean atbol = true;
    private boolean blankline;
    private boolean done;
    /** 3.13 adds a hint to an unterminated string that contains an escaped quote. */
    boolean hintEscapedQuote;
    // f-string mode stack
    private static final int FSTR = 0, EXPR = 1, SPEC = 2;

    private static final class FMode {
        int kind;
        final FMode fstring; // enclosing FSTR entry (self for FSTR)
        char quote;
        boolean triple;
        boolean raw;
        int startPos;
        int startLine;
        int exprLevel;

        FMode(int kind, FMode fstring) {
            this.kind = kind;
            this.fstring = fstring == null ? this : fstring;
        }
    }

    private final ArrayList<FMode> fstack = new ArrayList<>();

    Tokenizer(String source) {
        this.s = source;
        this.cs = source.toCharArray();
        this.n = source.length();
        if (n > 0 && cs[0] == '\uFEFF') pos = 1;
    }

    static final class TokError extends RuntimeException {
        TokError() {
            super(null, null, false, false);
        }
    }

    List<Token> run() {
        try {
            while (!done) step();
        } catch (TokError e) {
            // error token already added
        }
        return tokens;
    }

    // ---------------------------------------------------------------- errors

    private void direct(SyntaxErrorKind kind, String msg, int start, int end) {
        err(kind, msg, start, end, true, false);
    }

    private void deferred(SyntaxErrorKind kind, String msg, int start, int end) {
        err(kind, msg, start, end, false, false);
    }

    /**
     * When the tokenizer stopped inside brackets: "'(' was never closed" at the innermost open bracket (CPython
     * reports it instead of a parser error on a later line).
     */
    SyntaxDiagnostic unclosedAtError;

    private void err(SyntaxErrorKind kind, String msg, int start, int end, boolean direct, boolean eof) {
        if (level > 0) {
            int i = level - 1;
            unclosedAtError = new SyntaxDiagnostic(SyntaxErrorKind.NEVER_CLOSED, "'" + parenChar[i]
                    + "' was never closed", parenPos[i], parenPos[i] + 1);
        }
        start = Math.max(0, Math.min(start, n));
        end = Math.max(start, Math.min(end, n));
        SyntaxDiagnostic d = new SyntaxDiagnostic(kind, msg, start, end);
        tokens.add(new Token(Token.ERROR, "", start, end, lineOf(start), level, d, direct, eof));
        done = true;
        throw new TokError();
    }

    private int lineOf(int off) {
        // tokens are produced in order; compute from current tracking when possible
        if (off >= lineStart) return line;
        int l = line;
        for (int i = lineStart - 1; i >= off; i--) {
            char c = cs[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= n || cs[i + 1] != '\n'))) l--;
        }
        return l;
    }

    private void add(int type, String text, int start, int end) {
        tokens.add(new Token(type, text, start, end, lineOf(start), level));
    }

    // ---------------------------------------------------------------- helpers

    private char peekc(int off) {
        int p = pos + off;
        return p < n ? cs[p] : '\0';
    }

    private boolean isNewlineAt(int p) {
        if (p >= n) return false;
        char c = cs[p];
        return c == '\n' || c == '\r';
    }

    /** Consumes a newline at pos (\n, \r\n or \r) and updates line tracking. */
    private void consumeNewline() {
        if (cs[pos] == '\r' && pos + 1 < n && cs[pos + 1] == '\n') pos += 2;
        else pos++;
        line++;
        lineStart = pos;
    }

    /** Line number reported by CPython for errors detected at EOF. */
    private int eofLine() {
        if (n > 0 && (cs[n - 1] == '\n' || cs[n - 1] == '\r')) return line - 1;
        return line;
    }

    static boolean isPrintable(int cp) {
        if (cp == ' ') return true;
        int t = Character.getType(cp);
        switch (t) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR:
                return false;
            default:
                return true;
        }
    }

    static String invalidCharMessage(int cp) {
        String hex = String.format("%04X", cp);
        if (isPrintable(cp)) return "invalid character '" + new String(Character.toChars(cp)) + "' (U+" + hex + ")";
        return "invalid non-printable character U+" + hex;
    }

    static boolean isIdStart(int cp) {
        if (cp < 128) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_';
        return Character.isUnicodeIdentifierStart(cp) || cp == 0x2118 || cp == 0x212E || cp == 0x309B || cp == 0x309C
                || cp == 0x1885 || cp == 0x1886;
    }

    static boolean isIdContinue(int cp) {
        if (cp < 128) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_' || (cp >= '0' && cp <= '9');
        if (isIdStart(cp)) return true;
        return Character.isUnicodeIdentifierPart(cp) && !Character.isIdentifierIgnorable(cp)
                || cp == 0x00B7 || cp == 0x0387 || (cp >= 0x1369 && cp <= 0x1371) || cp == 0x19DA;
    }

    private static boolean potentialIdChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 128;
    }

    // ---------------------------------------------------------------- main loop

    private void step() {
        if (!fstack.isEmpty()) {
            FMode top = fstack.get(fstack.size() - 1);
            if (top.kind != EXPR) {
                scanFStringLiteral(top);
                return;
            }
        }
        if (atbol) {
            atbol = false;
            if (handleIndentation()) return;
        }
        // skip whitespace
        while (pos < n) {
            char c = cs[pos];
            if (c == ' ' || c == '\t' || c == '\f') pos++;
            else break;
        }
        int start = pos;
        if (pos >= n) {
            handleEof();
            return;
        }
        char c = cs[pos];
        if (c == '#') {
            int e = pos;
            while (e < n && cs[e] != '\n' && cs[e] != '\r') e++;
            comments.add(new Comment(s.substring(pos, e), pos, e, line));
            pos = e;
            return;
        }
        if (c == '\n' || c == '\r') {
            if (blankline || level > 0) {
                consumeNewline();
                atbol = true;
                blankline = false;
                return;
            }
            int st = newlineStart(pos);
            int ln = line;
            consumeNewline();
            tokens.add(new Token(Token.NEWLINE, "", st, pos, ln, level));
            atbol = true;
            return;
        }
        if (c == '\\') {
            int p = pos + 1;
            if (p >= n) {
                pos = p;
                deferred(SyntaxErrorKind.UNEXPECTED_EOF, "unexpected EOF while parsing", start, start + 1);
            }
            char d = cs[p];
            if (d != '\n' && d != '\r') {
                deferred(SyntaxErrorKind.LINE_CONTINUATION, "unexpected character after line continuation character",
                        start + 1, start + 2);
            }
            pos = p;
            consumeNewline();
            if (pos >= n) {
                deferred(SyntaxErrorKind.UNEXPECTED_EOF, "unexpected EOF while parsing", p, p + 1);
            }
            return;
        }
        if (c == '\0') {
            direct(SyntaxErrorKind.NULL_BYTES, "source code cannot contain null bytes", start, start + 1);
        }
        if (potentialIdChar(c) && !(c >= '0' && c <= '9')) {
            scanNameOrString(start);
            return;
        }
        if ((c >= '0' && c <= '9') || (c == '.' && pos + 1 < n && Character.isDigit(cs[pos + 1])
                && cs[pos + 1] < 128)) {
            scanNumber(start);
            return;
        }
        if (c == '"' || c == '\'') {
            scanString(start, start);
            return;
        }
        scanOperator(start);
    }

    /** Returns true when it consumed the whole step (error or blank handling). */
    private boolean handleIndentation() {
        int col = 0, altcol = 0;
        int p = pos;
        while (p < n) {
            char c = cs[p];
            if (c == ' ') {
                col++;
                altcol++;
            } else if (c == '\t') {
                col = (col / 8 + 1) * 8;
                altcol++;
            } else if (c == '\f') {
                col = altcol = 0;
            } else break;
            p++;
        }
        pos = p;
        blankline = false;
        if (p < n) {
            char c = cs[p];
            if (c == '#' || c == '\n' || c == '\r') blankline = true;
            else if (c == '\\' && p + 1 < n && (cs[p + 1] == '\n' || cs[p + 1] == '\r')) blankline = false;
        } else {
            col = 0;
            altcol = 0;
        }
        if (blankline || level != 0) return false;
        if (col == indstack[indent]) {
            if (altcol != altstack[indent]) tabError();
        } else if (col > indstack[indent]) {
            if (indent + 1 >= MAXINDENT) {
                deferred(SyntaxErrorKind.TOO_DEEP, "too many levels of indentation", lineStart, pos);
            }
            if (altcol <= altstack[indent]) tabError();
            indent++;
            indstack[indent] = col;
            altstack[indent] = altcol;
            tokens.add(new Token(Token.INDENT, "", lineStart, pos, line, level));
        } else {
            int target = indent;
            while (target > 0 && col < indstack[target]) target--;
            if (col != indstack[target]) {
                int eol = endOfLine(pos);
                deferred(SyntaxErrorKind.INCONSISTENT_DEDENT, "unindent does not match any outer indentation level",
                        eol, eol);
            }
            if (altcol != altstack[target]) tabError();
            while (indent > target) {
                indent--;
                tokens.add(new Token(Token.DEDENT, "", pos, pos, line, level));
            }
        }
        return false;
    }

    /** Like CPython, a NEWLINE token that follows a comment starts at the comment's '#'. */
    private int newlineStart(int at) {
        if (!comments.isEmpty()) {
            Comment c = comments.get(comments.size() - 1);
            if (c.end() == at && c.start() >= lineStart) {
                Token last = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
                if (last == null || last.end <= c.start()) return c.start();
            }
        }
        return at;
    }

    private int endOfLine(int from) {
        int e = from;
        while (e < n && cs[e] != '\n' && cs[e] != '\r') e++;
        return e;
    }

    private void tabError() {
        deferred(SyntaxErrorKind.INCONSISTENT_TABS, "inconsistent use of tabs and spaces in indentation", lineStart,
                pos);
    }

    private void handleEof() {
        // Only reached inside an f-string's replacement field (the literal parts end in scanFStringLiteral): like
        // CPython, the end of the input there leaves the field's '{' (or a bracket inside it) never closed, and a
        // comment ('f"{x#}"') may have eaten the closing quote.
        if (!fstack.isEmpty() && fstack.get(fstack.size() - 1).kind != EXPR) {
            FMode f = fstack.get(fstack.size() - 1).fstring;
            unterminated(f.triple, f.startPos);
        }
        if (level > 0) {
            int i = level - 1;
            err(SyntaxErrorKind.NEVER_CLOSED, "'" + parenChar[i] + "' was never closed", parenPos[i], parenPos[i] + 1,
                    false, true);
        }
        if (!tokens.isEmpty()) {
            int t = tokens.get(tokens.size() - 1).type;
            if (t != Token.NEWLINE && t != Token.DEDENT && t != Token.INDENT) {
                tokens.add(new Token(Token.NEWLINE, "", newlineStart(n), n, line, level));
            }
        }
        while (indent > 0) {
            indent--;
            tokens.add(new Token(Token.DEDENT, "", n, n, line, level));
        }
        tokens.add(new Token(Token.ENDMARKER, "", n, n, line, level));
        done = true;
    }

    private void unterminated(boolean triple, int startPos) {
        unterminated(triple, startPos, "string");
    }

    /** {@code what}: "string", or "f-string" for an f-string's own literal part (CPython 3.12's wording). */
    private void unterminated(boolean triple, int startPos, String what) {
        int detected = pos >= n ? eofLine() : line;
        if (triple) {
            direct(SyntaxErrorKind.UNTERMINATED_TRIPLE_QUOTED_STRING,
                    "unterminated triple-quoted " + what + " literal (detected at line " + detected + ")", startPos,
                    startPos + 1);
        }
        direct(SyntaxErrorKind.UNTERMINATED_STRING, "unterminated " + what + " literal (detected at line " + detected
                + ")", startPos, startPos + 1);
    }

    // ---------------------------------------------------------------- names

    private static boolean isStringPrefix(String w) {
        switch (w.length()) {
            case 1: {
                char c = Character.toLowerCase(w.charAt(0));
                return c == 'r' || c == 'u' || c == 'b' || c == 'f';
            }
            case 2: {
                String l = w.toLowerCase();
                return l.equals("br") || l.equals("rb") || l.equals("fr") || l.equals("rf");
            }
            default:
                return false;
        }
    }

    private void scanNameOrString(int start) {
        int p = pos;
        boolean nonAscii = false;
        while (p < n && potentialIdChar(cs[p])) {
            if (cs[p] >= 128) nonAscii = true;
            p++;
        }
        if (p < n && (cs[p] == '"' || cs[p] == '\'') && p - start <= 2
                && isStringPrefix(s.substring(start, p))) {
            pos = p;
            scanString(start, p);
            return;
        }
        if (nonAscii) {
            int i = start;
            boolean first = true;
            while (i < p) {
                int cp = s.codePointAt(i);
                boolean ok = first ? isIdStart(cp) : isIdContinue(cp);
                if (!ok) {
                    // CPython reports the first invalid char; a lone surrogate is reported like any other
                    pos = i;
                    direct(SyntaxErrorKind.INVALID_CHARACTER, invalidCharMessage(cp), i, i + Character.charCount(cp));
                }
                first = false;
                i += Character.charCount(cp);
            }
        }
        pos = p;
        add(Token.NAME, s.substring(start, p), start, p);
    }

    // ---------------------------------------------------------------- numbers

    private char cur() {
        return pos < n ? cs[pos] : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** CPython points at the offending digit, or at the last character read before the bad one. */
    private void numErr(String msg, int start) {
        int at = msg.startsWith("invalid digit") ? pos : Math.max(start, pos - 1);
        direct(SyntaxErrorKind.INVALID_LITERAL, msg, at, at + 1);
    }

    private boolean lookaheadWord(String w) {
        return s.startsWith(w, pos + 1);
    }

    private void verifyEnd(int start, String kind) {
        char c = cur();
        if (pos >= n) return;
        boolean r = false;
        if (c == 'a') r = lookaheadWord("nd");
        else if (c == 'e') r = lookaheadWord("lse");
        else if (c == 'f') r = lookaheadWord("or");
        else if (c == 'i') {
            char c2 = peekc(1);
            r = c2 == 'f' || c2 == 'n' || c2 == 's';
        } else if (c == 'o') r = lookaheadWord("r");
        else if (c == 'n') r = lookaheadWord("ot");
        if (r) return;
        if (potentialIdChar(c)) numErr("invalid " + kind + " literal", start);
    }

    /** Decimal tail: digits with single underscores; pos at first digit. */
    private void decimalTail(int start) {
        while (true) {
            while (isDigit(cur()) && pos < n) pos++;
            if (cur() != '_' || pos >= n) break;
            pos++;
            if (!isDigit(cur()) || pos >= n) {
                numErr("invalid decimal literal", start);
            }
        }
    }

    private void scanNumber(int start) {
        char c = cs[pos];
        if (c == '0' && pos + 1 < n && "xXoObB".indexOf(cs[pos + 1]) >= 0) {
            char k = Character.toLowerCase(cs[pos + 1]);
            pos += 2;
            String kind = k == 'x' ? "hexadecimal" : k == 'o' ? "octal" : "binary";
            do {
                if (cur() == '_' && pos < n) pos++;
                char d = cur();
                boolean ok = pos < n && (k == 'x' ? isHex(d) : k == 'o' ? (d >= '0' && d <= '7') : (d == '0' || d == '1'));
                if (!ok) {
                    if (k != 'x' && pos < n && isDigit(d)) numErr("invalid digit '" + d + "' in " + kind + " literal", start);
                    numErr("invalid " + kind + " literal", start);
                }
                while (pos < n && (k == 'x' ? isHex(cur()) : k == 'o' ? (cur() >= '0' && cur() <= '7') : (cur() == '0' || cur() == '1'))) pos++;
            } while (cur() == '_' && pos < n);
            if (k != 'x' && pos < n && isDigit(cur())) numErr("invalid digit '" + cur() + "' in " + kind + " literal", start);
            verifyEnd(start, kind);
            add(Token.NUMBER, s.substring(start, pos), start, pos);
            return;
        }
        boolean fraction = false;
        if (c == '0') {
            boolean nonzero = false;
            while (true) {
                if (cur() == '_' && pos < n) {
                    pos++;
                    if (!isDigit(cur()) || pos >= n) numErr("invalid decimal literal", start);
                }
                if (cur() != '0' || pos >= n) break;
                pos++;
            }
            int zerosEnd = pos;
            if (pos < n && isDigit(cur())) {
                nonzero = true;
                decimalTail(start);
            }
            char d = cur();
            if (pos < n && d == '.') {
                pos++;
                fraction = true;
            } else if (pos < n && (d == 'e' || d == 'E')) {
                // exponent below
            } else if (pos < n && (d == 'j' || d == 'J')) {
                // imaginary below
            } else if (nonzero) {
                direct(SyntaxErrorKind.INVALID_LITERAL,
                        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                        start, zerosEnd);
            }
        } else if (c == '.') {
            pos++;
            fraction = true;
        } else {
            decimalTail(start);
            if (pos < n && cur() == '.') {
                pos++;
                fraction = true;
            }
        }
        if (fraction && pos < n && isDigit(cur())) decimalTail(start);
        if (pos < n && (cur() == 'e' || cur() == 'E')) {
            int ePos = pos;
            pos++;
            if (pos < n && (cur() == '+' || cur() == '-')) {
                pos++;
                if (pos >= n || !isDigit(cur())) numErr("invalid decimal literal", start);
            } else if (pos >= n || !isDigit(cur())) {
                pos = ePos;
                verifyEnd(start, "decimal");
                add(Token.NUMBER, s.substring(start, pos), start, pos);
                return;
            }
            decimalTail(start);
        }
        if (pos < n && (cur() == 'j' || cur() == 'J')) {
            pos++;
            verifyEnd(start, "imaginary");
        } else {
            verifyEnd(start, "decimal");
        }
        add(Token.NUMBER, s.substring(start, pos), start, pos);
    }

    // ---------------------------------------------------------------- strings

    /** start: token start (prefix); pos/quotePos: at the opening quote. */
    private void scanString(int start, int quotePos) {
        pos = quotePos;
        String prefix = s.substring(start, quotePos).toLowerCase();
        char q = cs[pos];
        boolean triple = pos + 2 < n && cs[pos + 1] == q && cs[pos + 2] == q;
        if (prefix.indexOf('f') >= 0) {
            int open = 0;
            for (FMode m : fstack) if (m.kind == FSTR) open++;
            // CPython's MAXFSTRINGLEVEL: the 150th nested f-string is refused at its quote
            if (open >= 149) direct(SyntaxErrorKind.FSTRING, "too many nested f-strings", pos, pos + 1);
            pos += triple ? 3 : 1;
            FMode f = new FMode(FSTR, null);
            f.quote = q;
            f.triple = triple;
            f.raw = prefix.indexOf('r') >= 0;
            f.startPos = start;
            f.startLine = line;
            add(Token.FSTRING_START, s.substring(start, pos), start, pos);
            fstack.add(f);
            return;
        }
        pos += triple ? 3 : 1;
        boolean escapedQuote = false;
        while (true) {
            if (pos >= n) {
                stringUnterminated(triple, start, q, escapedQuote);
            }
            char c = cs[pos];
            if (c == '\\') {
                pos++;
                if (pos < n) {
                    if (isNewlineAt(pos)) consumeNewline();
                    else if (cs[pos++] == q) escapedQuote = true;
                }
                continue;
            }
            if (c == '\n' || c == '\r') {
                if (!triple) stringUnterminated(false, start, q, escapedQuote);
                consumeNewline();
                continue;
            }
            if (c == q) {
                if (!triple) {
                    pos++;
                    break;
                }
                if (pos + 2 < n && cs[pos + 1] == q && cs[pos + 2] == q) {
                    pos += 3;
                    break;
                }
            }
            pos++;
        }
        add(Token.STRING, s.substring(start, pos), start, pos);
    }

    private void stringUnterminated(boolean triple, int start, char q, boolean escapedQuote) {
        if (!fstack.isEmpty()) {
            FMode top = fstack.get(fstack.size() - 1);
            if (top.kind == EXPR && top.fstring.quote == q && !triple) {
                direct(SyntaxErrorKind.FSTRING, "f-string: expecting '}'", start, start + 1);
            }
        }
        if (!triple && escapedQuote && hintEscapedQuote) {
            int detected = pos >= n ? eofLine() : line;
            direct(SyntaxErrorKind.UNTERMINATED_STRING, "unterminated string literal (detected at line " + detected
                    + "); perhaps you escaped the end quote?", start, start + 1);
        }
        unterminated(triple, start);
    }

    private void scanFStringLiteral(FMode top) {
        FMode f = top.fstring;
        StringBuilder sb = new StringBuilder();
        int segStart = pos;
        while (true) {
            if (pos >= n) {
                unterminated(f.triple, f.startPos, top.kind == SPEC ? "string" : "f-string");
            }
            char c = cs[pos];
            if (c == f.quote && (!f.triple || (pos + 2 < n && cs[pos + 1] == c && cs[pos + 2] == c))) {
                if (top.kind == SPEC) {
                    direct(SyntaxErrorKind.FSTRING, "f-string: expecting '}', or format specs", pos, pos + 1);
                }
                flushMiddle(sb, segStart, f);
                int st = pos;
                pos += f.triple ? 3 : 1;
                add(Token.FSTRING_END, s.substring(st, pos), st, pos);
                fstack.remove(fstack.size() - 1);
                return;
            }
            if (c == '\n' || c == '\r') {
                if (!f.triple) {
                    if (top.kind == SPEC) direct(SyntaxErrorKind.FSTRING, "f-string: expecting '}'", pos, pos);
                    unterminated(false, f.startPos, "f-string");
                }
                int st = pos;
                consumeNewline();
                sb.append(s, st, pos);
                continue;
            }
            if (c == '{') {
                if (top.kind == FSTR && peekc(1) == '{') {
                    sb.append('{');
                    pos += 2;
                    continue;
                }
                flushMiddle(sb, segStart, f);
                openBracket('{', pos);
                add(Token.OP, "{", pos, pos + 1);
                pos++;
                FMode e = new FMode(EXPR, f);
                e.exprLevel = level;
                fstack.add(e);
                return;
            }
            if (c == '}') {
                if (top.kind == FSTR) {
                    if (peekc(1) == '}') {
                        sb.append('}');
                        pos += 2;
                        continue;
                    }
                    direct(SyntaxErrorKind.FSTRING, "f-string: single '}' is not allowed", pos, pos + 1);
                }
                flushMiddle(sb, segStart, f);
                closeBracket('}', pos);
                add(Token.OP, "}", pos, pos + 1);
                pos++;
                fstack.remove(fstack.size() - 1);
                return;
            }
            if (c == '\\') {
                if (!f.raw && peekc(1) == 'N' && peekc(2) == '{') {
                    // the name runs to its '}', but the literal's closing quote (or a single-quoted literal's line
                    // end) still ends the literal: an open '\N{' is then the decoder's error, as in CPython
                    int e = pos + 3;
                    while (e < n && cs[e] != '}' && !closesLiteral(e, f)
                            && (f.triple || (cs[e] != '\n' && cs[e] != '\r'))) {
                        e++;
                    }
                    if (e < n && cs[e] == '}') e++;
                    sb.append(s, pos, e);
                    pos = e;
                    continue;
                }
                sb.append(c);
                pos++;
                if (pos < n) {
                    char d = cs[pos];
                    if (d == '\n' || d == '\r') {
                        int st = pos;
                        consumeNewline();
                        sb.append(s, st, pos);
                    } else if (d != '{' && d != '}') {
                        sb.append(d);
                        pos++;
                    }
                }
                continue;
            }
            sb.append(c);
            pos++;
        }
    }

    private boolean closesLiteral(int at, FMode f) {
        char q = f.quote;
        return cs[at] == q && (!f.triple || (at + 2 < n && cs[at + 1] == q && cs[at + 2] == q));
    }

    private void flushMiddle(StringBuilder sb, int segStart, FMode f) {
        if (pos > segStart) {
            String text;
            try {
                text = f.raw ? sb.toString() : StringDecoder.decodeEscapes(sb.toString(), false);
            } catch (StringDecoder.EscapeError e) {
                // CPython reports a bad escape in an f-string's literal part where that part ends
                err(SyntaxErrorKind.OTHER, e.getMessage(), pos, pos + 1, true, false);
                return;
            }
            add(Token.FSTRING_MIDDLE, text, segStart, pos);
        }
        sb.setLength(0);
    }

    // ---------------------------------------------------------------- operators

    /** Length of the operator starting with c1 c2 c3 (1 for single characters). */
    private static int opLength(char c1, char c2, char c3) {
        switch (c1) {
            case '*':
                if (c2 == '*') return c3 == '=' ? 3 : 2;
                return c2 == '=' ? 2 : 1;
            case '/':
                if (c2 == '/') return c3 == '=' ? 3 : 2;
                return c2 == '=' ? 2 : 1;
            case '<':
                if (c2 == '<') return c3 == '=' ? 3 : 2;
                return c2 == '=' ? 2 : 1;
            case '>':
                if (c2 == '>') return c3 == '=' ? 3 : 2;
                return c2 == '=' ? 2 : 1;
            case '.':
                return c2 == '.' && c3 == '.' ? 3 : 1;
            case '-':
                return c2 == '=' || c2 == '>' ? 2 : 1;
            case '!', '%', '&', '+', '=', '@', '^', '|':
                return c2 == '=' ? 2 : 1;
            case ':':
                return c2 == '=' ? 2 : 1;
            default:
                return 1;
        }
    }

    private void openBracket(char c, int at) {
        if (level >= MAXLEVEL) {
            direct(SyntaxErrorKind.TOO_DEEP, "too many nested parentheses", at, at + 1);
        }
        parenChar[level] = c;
        parenLine[level] = line;
        parenPos[level] = at;
        level++;
    }

    private void closeBracket(char c, int at) {
        if (level == 0) {
            direct(SyntaxErrorKind.UNMATCHED_BRACKET, "unmatched '" + c + "'", at, at + 1);
        }
        char o = parenChar[level - 1];
        char expected = o == '(' ? ')' : o == '[' ? ']' : '}';
        if (c != expected) {
            String msg = "closing parenthesis '" + c + "' does not match opening parenthesis '" + o + "'";
            if (parenLine[level - 1] != line) msg += " on line " + parenLine[level - 1];
            direct(SyntaxErrorKind.MISMATCHED_BRACKET, msg, at, at + 1);
        }
        level--;
    }

    /** Format specs open in the innermost f-string. */
    private int openSpecs() {
        int specs = 0;
        for (int i = fstack.size() - 1; i >= 0 && fstack.get(i).kind != FSTR; i--) {
            if (fstack.get(i).kind == SPEC) specs++;
        }
        return specs;
    }

    private void scanOperator(int start) {
        char c = cs[pos];
        FMode top = fstack.isEmpty() ? null : fstack.get(fstack.size() - 1);
        if (top != null && top.kind == EXPR && level == top.exprLevel) {
            if (c == '}') {
                closeBracket('}', pos);
                add(Token.OP, "}", pos, pos + 1);
                pos++;
                fstack.remove(fstack.size() - 1);
                return;
            }
            if (c == ':') {
                if (openSpecs() >= 2) {
                    // CPython's limit: a third format spec inside the same f-string
                    direct(SyntaxErrorKind.FSTRING, "f-string: expressions nested too deeply", pos, pos);
                }
                add(Token.OP, ":", pos, pos + 1);
                pos++;
                top.kind = SPEC;
                return;
            }
            if (c == '!' && peekc(1) != '=') {
                add(Token.OP, "!", pos, pos + 1);
                pos++;
                return;
            }
            if (c == ')' || c == ']') {
                // CPython does not count the field's own '{' as an open bracket here
                direct(SyntaxErrorKind.UNMATCHED_BRACKET, "f-string: unmatched '" + c + "'", pos, pos + 1);
            }
        }
        int len = opLength(c, peekc(1), peekc(2));
        if (len > 1) {
            String op = s.substring(pos, pos + len);
            pos += len;
            add(Token.OP, op, start, pos);
            return;
        }
        switch (c) {
            case '(', '[', '{' -> openBracket(c, pos);
            case ')', ']', '}' -> closeBracket(c, pos);
            default -> {
                if (c < 128 && !isPrintable(c)) {
                    direct(SyntaxErrorKind.INVALID_CHARACTER, invalidCharMessage(c), pos, pos + 1);
                }
                if (Character.isSurrogate(c)) {
                    direct(SyntaxErrorKind.INVALID_CHARACTER, invalidCharMessage(c), pos, pos + 1);
                }
            }
        }
        pos++;
        add(Token.OP, String.valueOf(c), start, pos);
    }
}
