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
}
