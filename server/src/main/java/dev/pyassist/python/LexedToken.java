package dev.pyassist.python;

import java.util.ArrayList;
import java.util.List;

/**
 * A token of the server's Python tokenizer, for layers that point at tokens (the validator widens its findings
 * to them): its kind, its text as written and its UTF-16 range in the text.
 */
public record LexedToken(Kind kind, String text, int start, int end) {
    public enum Kind { NAME, NUMBER, STRING, OP, OTHER }

    /** The tokens of a text that parses (layout tokens and f-string parts left out, strings whole). */
    public static List<LexedToken> of(String source) {
        List<LexedToken> out = new ArrayList<>();
        for (Token t : new Tokenizer(source).run()) {
            if (t.end <= t.start || t.type == Token.NEWLINE || t.type == Token.INDENT || t.type == Token.DEDENT
                    || t.type == Token.ENDMARKER || t.type == Token.ERROR) {
                continue;
            }
            Kind kind = switch (t.type) {
                case Token.NAME -> Kind.NAME;
                case Token.NUMBER -> Kind.NUMBER;
                case Token.STRING -> Kind.STRING;
                case Token.OP -> Kind.OP;
                default -> Kind.OTHER;
            };
            out.add(new LexedToken(kind, source.substring(t.start, t.end), t.start, t.end));
        }
        return out;
    }

    /**
     * As {@link #of}, but an f-string is one {@link Kind#STRING} too, from its prefix to its closing quote, with the
     * tokens of its replacement fields left out: for those who need every string as one span (the dataset: which
     * lines begin inside a string, the near-duplicate key). A text that does not tokenize gives its tokens up to
     * the error.
     */
    public static List<LexedToken> withWholeStrings(String source) {
        List<LexedToken> out = new ArrayList<>();
        int depth = 0;
        int outerStart = 0;
        for (Token t : new Tokenizer(source).run()) {
            if (t.type == Token.FSTRING_START) {
                if (depth++ == 0) {
                    outerStart = t.start;
                }
            } else if (t.type == Token.FSTRING_END) {
                if (--depth == 0) {
                    out.add(new LexedToken(Kind.STRING, source.substring(outerStart, t.end), outerStart, t.end));
                }
            } else if (depth == 0 && t.end > t.start && (t.type == Token.NAME || t.type == Token.NUMBER
                    || t.type == Token.STRING || t.type == Token.OP)) {
                Kind kind = t.type == Token.NAME ? Kind.NAME : t.type == Token.NUMBER ? Kind.NUMBER
                        : t.type == Token.STRING ? Kind.STRING : Kind.OP;
                out.add(new LexedToken(kind, source.substring(t.start, t.end), t.start, t.end));
            }
        }
        return out;
    }

    /** Whether {@code word} is one of Python's keywords (soft keywords such as {@code match} are names). */
    public static boolean isKeyword(String word) {
        return ParserBase.KEYWORDS.contains(word);
    }
}
