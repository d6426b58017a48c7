package dev.pyassist.dataset;

import java.util.ArrayList;
import java.util.List;

/**
 * Keys for duplicate removal. Exact: the code itself. Near: the code's token stream with comments, whitespace and
 * docstrings dropped, every identifier replaced by {@code ID}, every string by {@code STR} and every number by
 * {@code NUM} (keywords and operators kept). Two units with the same near key differ only in names, literals,
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
        return tokens.size() < minTokens ? null : UnitExtractor.sha256(String.join(" ", tokens));
    }

    /** The normalised token stream (see the class comment). */
    static List<String> normalizedTokens(String code) {
        List<PyLexer.Tok> toks = PyLexer.tokens(code);
        List<String> out = new ArrayList<>();
        int depth = 0;
        PyLexer.Tok previous = null;
        for (int i = 0; i < toks.size(); i++) {
            PyLexer.Tok t = toks.get(i);
            switch (t.type()) {
                case COMMENT:
                    continue;
                case NAME:
                    out.add(PyLexer.KEYWORDS.contains(t.text()) ? t.text() : "ID");
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
    private static boolean isDocstring(String code, PyLexer.Tok t, PyLexer.Tok previous, int depth) {
        return depth == 0 && previous != null && previous.type() == PyLexer.Type.OP && previous.text().equals(":")
                && code.substring(previous.end(), t.start()).contains("\n");
    }
}
