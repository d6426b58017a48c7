package dev.pyassist.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A small lexer over already-parsed Python text, for what the dataset needs from tokens and the parser does not
 * expose: where a {@code def}/{@code class} header's colon is, which lines start inside a multi-line string, and a
 * token stream for near-duplicate detection. It never reports errors: the text has passed the real parser.
 * Strings (any prefix, triple-quoted or not, f-strings included) are one token; comments are tokens too.
 */
final class PyLexer {
    enum Type { NAME, NUMBER, STRING, OP, COMMENT }

    /** One token; {@code start}/{@code end} are offsets into the lexed text (end exclusive). */
    record Tok(Type type, String text, int start, int end) {}

    static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async", "await",
            "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
            "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
            "with", "yield");

    private final String s;
    private int pos;

    PyLexer(String text, int from) {
        this.s = text;
        this.pos = from;
    }

    static List<Tok> tokens(String text) {
        PyLexer lexer = new PyLexer(text, 0);
        List<Tok> out = new ArrayList<>();
        for (Tok t = lexer.next(); t != null; t = lexer.next()) {
            out.add(t);
        }
        return out;
    }

    /** The next token, or null at the end of the text. */
    Tok next() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '\\' || Character.isWhitespace(c) || c == '\f') {
                pos++; // whitespace, newlines and line continuations carry nothing we need
            } else {
                break;
            }
        }
        if (pos >= s.length()) {
            return null;
        }
        int start = pos;
        char c = s.charAt(pos);
        if (c == '#') {
            while (pos < s.length() && s.charAt(pos) != '\n' && s.charAt(pos) != '\r') {
                pos++;
            }
            return new Tok(Type.COMMENT, s.substring(start, pos), start, pos);
        }
        if (c == '"' || c == '\'') {
            return string(start, start);
        }
        if (Character.isJavaIdentifierStart(c) && c != '$') {
            while (pos < s.length() && Character.isJavaIdentifierPart(s.charAt(pos)) && s.charAt(pos) != '$') {
                pos++;
            }
            String word = s.substring(start, pos);
            if (pos < s.length() && (s.charAt(pos) == '"' || s.charAt(pos) == '\'') && word.length() <= 3
                    && word.chars().allMatch(ch -> "rRbBuUfFtT".indexOf(ch) >= 0)) {
                return string(start, pos);
            }
            return new Tok(Type.NAME, word, start, pos);
        }
        if (Character.isDigit(c) || c == '.' && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1))) {
            while (pos < s.length()) {
                char d = s.charAt(pos);
                boolean exponentSign = (d == '+' || d == '-') && "eE".indexOf(s.charAt(pos - 1)) >= 0
                        && !s.substring(start, pos).toLowerCase(java.util.Locale.ROOT).startsWith("0x");
                if (Character.isLetterOrDigit(d) || d == '_' || d == '.' || exponentSign) {
                    pos++;
                } else {
                    break;
                }
            }
            return new Tok(Type.NUMBER, s.substring(start, pos), start, pos);
        }
        pos++;
        return new Tok(Type.OP, String.valueOf(c), start, pos);
    }

    private Tok string(int start, int quoteAt) {
        String prefix = s.substring(start, quoteAt).toLowerCase(java.util.Locale.ROOT);
        pos = skipString(quoteAt, prefix.indexOf('f') >= 0 || prefix.indexOf('t') >= 0);
        return new Tok(Type.STRING, s.substring(start, pos), start, pos);
    }

    /**
     * The offset after the string whose opening quote is at {@code quoteAt}. In an f-string (or t-string) the
     * replacement fields are skipped as code, so quotes inside them (PEP 701: {@code f"{d["k"]}"}) do not end it.
     */
    private int skipString(int quoteAt, boolean formatted) {
        char q = s.charAt(quoteAt);
        boolean triple = s.startsWith(String.valueOf(q).repeat(3), quoteAt);
        String close = triple ? String.valueOf(q).repeat(3) : String.valueOf(q);
        int p = quoteAt + close.length();
        while (p < s.length()) {
            char c = s.charAt(p);
            if (c == '\\') {
                p += 2; // an escaped character never ends the string, raw strings included
            } else if (s.startsWith(close, p)) {
                return p + close.length();
            } else if (!triple && (c == '\n' || c == '\r')) {
                return p; // unterminated one-line string: cannot happen in parsed text, stop anyway
            } else if (formatted && c == '{') {
                p = s.startsWith("{{", p) ? p + 2 : skipField(p + 1);
            } else {
                p++;
            }
        }
        return s.length();
    }

    /**
     * Skips a replacement field from just after its <code>{</code> to just after its matching <code>}</code>: code
     * (where strings nest) up to a top-level {@code :}, then the format spec, which is text with nested fields.
     */
    private int skipField(int from) {
        int braces = 1;
        int brackets = 0;
        int p = from;
        while (p < s.length()) {
            char c = s.charAt(p);
            if (c == '"' || c == '\'') {
                int wordStart = p;
                while (wordStart > from && Character.isLetter(s.charAt(wordStart - 1))) {
                    wordStart--;
                }
                String prefix = s.substring(wordStart, p).toLowerCase(java.util.Locale.ROOT);
                p = skipString(p, prefix.length() <= 3 && (prefix.indexOf('f') >= 0 || prefix.indexOf('t') >= 0));
                continue;
            }
            p++;
            switch (c) {
                case '(', '[' -> brackets++;
                case ')', ']' -> brackets--;
                case '{' -> braces++;
                case '}' -> {
                    if (--braces == 0) {
                        return p;
                    }
                }
                case ':' -> {
                    if (braces == 1 && brackets == 0) {
                        return skipFormatSpec(p);
                    }
                }
                default -> { }
            }
        }
        return p;
    }

    /** Skips a format spec (text with nested fields) to just after the field's closing brace. */
    private int skipFormatSpec(int from) {
        int p = from;
        while (p < s.length()) {
            char c = s.charAt(p);
            if (c == '{') {
                p = skipField(p + 1);
            } else if (c == '}') {
                return p + 1;
            } else if (c == '\n' && p > 0 && s.charAt(p - 1) != '\\') {
                return p; // a spec never spans lines in a one-line string; stop rather than run away
            } else {
                p++;
            }
        }
        return p;
    }

    /**
     * Offset just after the colon ending the header that starts at {@code from} (a {@code def}, {@code async def}
     * or {@code class} keyword): the first {@code :} outside brackets. -1 when there is none.
     */
    static int headerEnd(String text, int from) {
        PyLexer lexer = new PyLexer(text, from);
        int depth = 0;
        for (Tok t = lexer.next(); t != null; t = lexer.next()) {
            if (t.type() != Type.OP) {
                continue;
            }
            switch (t.text()) {
                case "(", "[", "{" -> depth++;
                case ")", "]", "}" -> depth--;
                case ":" -> {
                    if (depth == 0) {
                        return t.end();
                    }
                }
                default -> { }
            }
        }
        return -1;
    }
}
