package dev.pyassist.python;

/** A token of the Python tokenizer (internal). */
final class Token {
    static final int NAME = 1, NUMBER = 2, STRING = 3, OP = 4, NEWLINE = 5, INDENT = 6, DEDENT = 7, ENDMARKER = 8,
            FSTRING_START = 9, FSTRING_MIDDLE = 10, FSTRING_END = 11, ERROR = 12;

    final int type;
    /** NAME: identifier as written; OP: operator; NUMBER/STRING: source text; FSTRING_MIDDLE: decoded text. */
    final String text;
    final int start;
    final int end;
    /** 1-based line of {@code start}. */
    final int line;
    /** Bracket nesting level after this token. */
    final int level;
    /** For ERROR tokens: the error. */
    final SyntaxDiagnostic error;
    /** For ERROR tokens: true when CPython's tokenizer raises it directly (it then overrides later parser errors). */
    final boolean direct;
    /** For ERROR tokens at EOF inside brackets. */
    final boolean eofInBrackets;

    Token(int type, String text, int start, int end, int line, int level) {
        this(type, text, start, end, line, level, null, false, false);
    }

    Token(int type, String text, int start, int end, int line, int level, SyntaxDiagnostic error, boolean direct,
            boolean eofInBrackets) {
        this.type = type;
        this.text = text;
        this.start = start;
        this.end = end;
        this.line = line;
        this.level = level;
        this.error = error;
        this.direct = direct;
        this.eofInBrackets = eofInBrackets;
    }

    boolean isOp(String s) {
        return type == OP && text.equals(s);
    }

    boolean isName(String s) {
        return type == NAME && text.equals(s);
    }

    @Override
    public String toString() {
        return type + ":" + text + "@" + start;
    }
}
