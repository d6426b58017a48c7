package dev.pyassist.python;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Deterministic source mutations for the CPython agreement test. */
final class Mutator {
    enum Kind {
        DELETE_COLON, DELETE_OPEN_BRACKET, DELETE_CLOSE_BRACKET, EXTRA_INDENT, INCONSISTENT_DEDENT, REMOVE_BODY_INDENT,
        UNTERMINATED_STRING, MISSPELLED_KEYWORD, DELETE_OPERAND
    }

    record Mutant(String id, Kind kind, String source, int site) {
    }

    static final Map<String, String> MISSPELLINGS = Map.ofEntries(Map.entry("return", "retrun"),
            Map.entry("while", "whille"), Map.entry("import", "improt"), Map.entry("def", "defn"),
            Map.entry("for", "fro"), Map.entry("if", "iff"), Map.entry("class", "clas"), Map.entry("else", "esle"),
            Map.entry("elif", "elfi"), Map.entry("except", "excpet"), Map.entry("try", "tyr"),
            Map.entry("lambda", "lamda"), Map.entry("in", "inn"), Map.entry("with", "wiht"),
            Map.entry("from", "form"), Map.entry("raise", "rasie"), Map.entry("pass", "pas"),
            Map.entry("yield", "yeild"), Map.entry("not", "nto"), Map.entry("and", "adn"),
            Map.entry("finally", "finaly"), Map.entry("assert", "asert"), Map.entry("continue", "contine"),
            Map.entry("break", "braek"), Map.entry("global", "gloabl"), Map.entry("is", "si"), Map.entry("or", "ro"));

    private static final java.util.Set<String> BINOPS = java.util.Set.of("+", "-", "*", "/", "//", "%", "**", "<<",
            ">>", "&", "|", "^", "@", "==", "!=", "<", "<=", ">", ">=");

    private final String src;
    private final List<Token> toks;
    private final Random rnd;
    private final int[] lineStarts;
    /** Token index ranges inside f-strings (3.11 tokenizes those differently): marked per token. */
    private final boolean[] inFString;

    Mutator(String src, long seed) {
        this.src = src;
        this.toks = new Tokenizer(src).run();
        this.rnd = new Random(seed);
        this.lineStarts = ParserBase.computeLineStarts(src);
        inFString = new boolean[toks.size()];
        int depth = 0;
        for (int i = 0; i < toks.size(); i++) {
            Token t = toks.get(i);
            if (t.type == Token.FSTRING_START) depth++;
            inFString[i] = depth > 0;
            if (t.type == Token.FSTRING_END) depth--;
        }
    }

    boolean usable() {
        return toks.get(toks.size() - 1).type == Token.ENDMARKER;
    }

    private String replace(int start, int end, String with) {
        return src.substring(0, start) + with + src.substring(end);
    }

    private int pick(List<Integer> cands) {
        return cands.isEmpty() ? -1 : cands.get(rnd.nextInt(cands.size()));
    }

    private int lineIndexOf(int off) {
        int lo = 0, hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= off) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /** First token of each logical line (after NEWLINE/INDENT/DEDENT), not in brackets. */
    private List<Integer> logicalLineStarts() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < toks.size(); i++) {
            Token t = toks.get(i);
            if (t.type == Token.NEWLINE || t.type == Token.INDENT || t.type == Token.DEDENT || t.type == Token.ENDMARKER
                    || t.type == Token.ERROR) {
                continue;
            }
            int j = i - 1;
            while (j >= 0 && (toks.get(j).type == Token.INDENT || toks.get(j).type == Token.DEDENT)) j--;
            if (j < 0 || toks.get(j).type == Token.NEWLINE) out.add(i);
        }
        return out;
    }

    /** Returns null when the file offers no site for this kind. */
    Mutant mutate(Kind kind, String id) {
        List<Integer> c = new ArrayList<>();
        switch (kind) {
            case DELETE_COLON -> {
                for (int i = 1; i < toks.size(); i++) {
                    Token t = toks.get(i);
                    if (t.isOp(":") && t.level == 0 && toks.get(i + 1).type == Token.NEWLINE && !inFString[i]) c.add(i);
                }
                int k = pick(c);
                if (k < 0) return null;
                Token t = toks.get(k);
                return new Mutant(id, kind, replace(t.start, t.end, ""), t.start);
            }
            case DELETE_OPEN_BRACKET, DELETE_CLOSE_BRACKET -> {
                String set = kind == Kind.DELETE_OPEN_BRACKET ? "([{" : ")]}";
                for (int i = 0; i < toks.size(); i++) {
                    Token t = toks.get(i);
                    if (t.type == Token.OP && t.text.length() == 1 && set.indexOf(t.text.charAt(0)) >= 0
                            && !inFString[i]) {
                        c.add(i);
                    }
                }
                int k = pick(c);
                if (k < 0) return null;
                Token t = toks.get(k);
                return new Mutant(id, kind, replace(t.start, t.end, ""), t.start);
            }
            case EXTRA_INDENT -> {
                int k = pick(logicalLineStarts());
                if (k < 0) return null;
                int ls = lineStarts[lineIndexOf(toks.get(k).start)];
                return new Mutant(id, kind, replace(ls, ls, "    "), ls);
            }
            case INCONSISTENT_DEDENT -> {
                for (int i : logicalLineStarts()) {
                    Token t = toks.get(i);
                    int ls = lineStarts[lineIndexOf(t.start)];
                    if (t.start - ls >= 4 && src.substring(ls, t.start).isBlank()) c.add(i);
                }
                int k = pick(c);
                if (k < 0) return null;
                Token t = toks.get(k);
                int ls = lineStarts[lineIndexOf(t.start)];
                int remove = 1 + rnd.nextInt(2);
                return new Mutant(id, kind, replace(t.start - remove, t.start, ""), ls);
            }
            case REMOVE_BODY_INDENT -> {
                for (int i = 1; i + 2 < toks.size(); i++) {
                    Token t = toks.get(i);
                    if (t.isOp(":") && t.level == 0 && toks.get(i + 1).type == Token.NEWLINE
                            && toks.get(i + 2).type == Token.INDENT && !inFString[i]) {
                        c.add(i + 3);
                    }
                }
                int k = pick(c);
                if (k < 0 || k >= toks.size()) return null;
                Token body = toks.get(k);
                int ls = lineStarts[lineIndexOf(body.start)];
                Token header = toks.get(k - 3);
                int hls = lineStarts[lineIndexOf(header.start)];
                int hind = 0;
                while (hls + hind < src.length() && (src.charAt(hls + hind) == ' ' || src.charAt(hls + hind) == '\t')) {
                    hind++;
                }
                // indentation of the first header-line token
                int firstTokOfHeader = hls + hind;
                if (firstTokOfHeader > header.start) return null;
                return new Mutant(id, kind, src.substring(0, ls) + src.substring(hls, hls + hind)
                        + src.substring(body.start), ls);
            }
            case UNTERMINATED_STRING -> {
                for (int i = 0; i < toks.size(); i++) {
                    Token t = toks.get(i);
                    if (t.type == Token.STRING) c.add(i);
                }
                int k = pick(c);
                if (k < 0) return null;
                Token t = toks.get(k);
                String text = t.text;
                char q = text.charAt(text.length() - 1);
                boolean triple = text.length() >= 6 && text.endsWith(String.valueOf(q).repeat(3))
                        && text.indexOf(String.valueOf(q).repeat(3)) < text.length() - 3;
                int cut = triple ? 3 : 1;
                return new Mutant(id, kind, replace(t.end - cut, t.end, ""), t.start);
            }
            case MISSPELLED_KEYWORD -> {
                for (int i = 0; i < toks.size(); i++) {
                    Token t = toks.get(i);
                    if (t.type == Token.NAME && MISSPELLINGS.containsKey(t.text) && !inFString[i]) c.add(i);
                }
                int k = pick(c);
                if (k < 0) return null;
                Token t = toks.get(k);
                return new Mutant(id, kind, replace(t.start, t.end, MISSPELLINGS.get(t.text)), t.start);
            }
            case DELETE_OPERAND -> {
                for (int i = 0; i + 1 < toks.size(); i++) {
                    Token t = toks.get(i);
                    Token n = toks.get(i + 1);
                    if (t.type == Token.OP && BINOPS.contains(t.text) && !inFString[i]
                            && (n.type == Token.NAME || n.type == Token.NUMBER || n.type == Token.STRING)) {
                        c.add(i + 1);
                    }
                }
                int k = pick(c);
                if (k < 0) return null;
                Token t = toks.get(k);
                return new Mutant(id, kind, replace(t.start, t.end, ""), t.start);
            }
            default -> throw new IllegalStateException();
        }
    }
}
