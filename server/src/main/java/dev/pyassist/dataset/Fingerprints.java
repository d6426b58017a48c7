package dev.pyassist.dataset;

import dev.pyassist.python.LexedToken;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys for duplicate removal. Exact: the code itself. Near: the code's token stream with comments, whitespace and
 * docstrings dropped, every identifier replaced by {@code ID}, every string by {@code STR} (an f-string is one) and
 * every number by {@code NUM} (keywords and operators kept, as the one lexer, {@code python/Tokenizer}, gives them:
 * {@code ==} is one token; before the dataset moved onto it, its own lexer gave {@code = =}, so keys made before
 * differ in text, but they group the same records, as {@code UnitCuttingStdlibTest} checks over the stdlib). Two units with the same near key differ only in names, literals,
 * comments, docstrings and layout — a renamed copy — and one of them is enough for training. Chosen over a Jaccard
 * similarity of shingles because it is exact, order-independent of the corpus and linear (a hash set), so the
 * result never depends on which pairs happened to be compared. Units shorter than a minimum number of tokens are
 * never near duplicates (see {@link BuildOptions#nearMinTokens()}).
 */
final class Fingerprints {
    private Fingerprints() {}

    static String exact(DatasetRecord r) {
        return UnitExtractor.sha256(r.code());
    }

    /** The near key, or null when the unit has fewer than {@code minTokens} normalised tokens (never a near duplicate). */
    static String near(DatasetRecord r, int minTokens) {
        List<String> tokens = normalizedTokens(r.code());
        return length(tokens) < minTokens ? null : UnitExtractor.sha256(String.join(" ", tokens));
    }

    /**
     * How many tokens the minimum counts: an operator by its characters ({@code ==} is two), as the dataset's own
     * lexer split operators before it moved onto the Tokenizer, so the same units reach the minimum (counted whole,
     * 15 of the stdlib's 7,808 units fall below 20 and two near-duplicate pairs among them would be kept).
     */
    static int length(List<String> tokens) {
        int n = 0;
        for (String t : tokens) {
            n += Character.isLetter(t.charAt(0)) ? 1 : t.length();
        }
        return n;
    }

    /** The normalised token stream (see the class comment). */
    static List<String> normalizedTokens(String code) {
        List<LexedToken> toks = LexedToken.withWholeStrings(code);
        List<String> out = new ArrayList<>();
        int depth = 0;
        LexedToken previous = null;
        for (int i = 0; i < toks.size(); i++) {
            LexedToken t = toks.get(i);
            switch (t.kind()) {
                case NAME:
                    out.add(LexedToken.isKeyword(t.text()) ? t.text() : "ID");
                    break;
                case NUMBER:
                    out.add("NUM");
                    break;
                case STRING:
                    if (!isDocstring(code, t, previous, depth)) {
                        out.add("STR");
                    }
                    break;
                default:
                    switch (t.text()) {
                        case "(", "[", "{" -> depth++;
                        case ")", "]", "}" -> depth--;
                        default -> { }
                    }
                    out.add(t.text());
            }
            previous = t;
        }
        return out;
    }

    /** A string right after a block's colon, on a later line, outside brackets: a nested docstring. */
    private static boolean isDocstring(String code, LexedToken t, LexedToken previous, int depth) {
        return depth == 0 && previous != null && previous.kind() == LexedToken.Kind.OP && previous.text().equals(":")
                && code.substring(previous.end(), t.start()).contains("\n");
    }
}
