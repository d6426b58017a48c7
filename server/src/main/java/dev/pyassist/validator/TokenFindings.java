package dev.pyassist.validator;

import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.ParsedText;
import dev.pyassist.diagnostics.Severity;
import dev.pyassist.python.LexedToken;
import dev.pyassist.python.ast.AstWalker;
import dev.pyassist.python.ast.Call;
import dev.pyassist.python.ast.Expr;
import dev.pyassist.python.ast.Starred;
import dev.pyassist.text.LineMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Findings of a format-2 (token-level) model for one unit: each run of BPE pieces scoring over the
 * information threshold, widened to the Python tokens that hold it, says what looks wrong and, when the
 * repair head's text is a plausible replacement of the same lexical class, what was expected (the quick fix
 * applies it): "`>=` looks wrong here; `<` expected (validator, 0.91)". Two flagged positional arguments of
 * one call become one swapped-arguments finding whose fix swaps them.
 */
final class TokenFindings {
    /** Longest original text quoted in a message; longer ones are cut with an ellipsis. */
    private static final int QUOTE_MAX = 40;

    /** What the findings of a document's units share: its text, lines, and (made when first needed) tokens and calls. */
    static final class Context {
        final ParsedText parsed;
        final LineMap lines;
        private List<LexedToken> tokens;
        private List<Call> calls;

        Context(ParsedText parsed, LineMap lines) {
            this.parsed = parsed;
            this.lines = lines;
        }

        List<LexedToken> tokens() {
            if (tokens == null) {
                tokens = LexedToken.of(parsed.text());
            }
            return tokens;
        }

        List<Call> calls() {
            if (calls == null) {
                List<Call> found = new ArrayList<>();
                AstWalker.walk(parsed.parse().module(), n -> {
                    if (n instanceof Call c) {
                        found.add(c);
                    }
                });
                calls = found;
            }
            return calls;
        }

        private int namesStart = -1;
        private int namesEnd = -1;
        private Set<String> names;

        /** The names used in {@code [start, end)} (one unit's; remembered for the unit asked last). */
        Set<String> namesIn(int start, int end) {
            if (names == null || start != namesStart || end != namesEnd) {
                Set<String> found = new HashSet<>();
                List<LexedToken> t = tokens();
                for (int k = firstEndingAfter(start); k < t.size() && t.get(k).start() < end; k++) {
                    if (t.get(k).kind() == LexedToken.Kind.NAME) {
                        found.add(t.get(k).text());
                    }
                }
                names = found;
                namesStart = start;
                namesEnd = end;
            }
            return names;
        }

        /** Index of the first token ending after {@code offset}. */
        int firstEndingAfter(int offset) {
            List<LexedToken> t = tokens();
            int lo = 0;
            int hi = t.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (t.get(mid).end() <= offset) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /** A flagged span: document range, the pieces it covers, its top score, and the repair (null when none). */
    private record Span(int start, int end, double confidence, String expected, ValidatorKind kind,
            List<Map<String, Object>> alternatives) {}

    private TokenFindings() {}

    static List<Finding> of(ValidatorEngine engine, Context cx, Snippet unit, List<ValidatorEngine.Window> windows,
            Units.Unit u, ValidatorOptions o) {
        ValidatorArtifact a = engine.artifact();
        double warn = o.adjust(a.warningThreshold());
        double info = Math.min(warn, o.adjust(a.informationThreshold()));
        String text = cx.parsed.text();
        int unitStart = cx.lines.lineStart(u.firstLine());
        int unitEnd = cx.lines.lineContentEnd(u.lastLine());
        Map<String, Span> spans = new LinkedHashMap<>();
        for (ValidatorEngine.Window w : windows) {
            Snippet ws = w.whole() ? unit : unit.sub(w.first(), w.last());
            for (Span s : spans(engine, cx, ws, w, info, unitStart, unitEnd)) {
                String key = s.start() + ":" + s.end();
                Span prev = spans.get(key);
                if (prev == null || prev.confidence() < s.confidence()) {
                    spans.put(key, s);
                }
            }
        }
        if (spans.isEmpty()) {
            return List.of();
        }
        List<Span> list = new ArrayList<>(spans.values());
        List<Finding> out = new ArrayList<>();
        swaps(cx, list, unitStart, unitEnd, warn, o, u.name(), out);
        for (Span s : list) {
            out.add(finding(text, s, warn, o, u.name()));
        }
        return out;
    }

    /** The flagged spans of one window, in document offsets. */
    private static List<Span> spans(ValidatorEngine engine, Context cx, Snippet ws, ValidatorEngine.Window w,
            double info, int unitStart, int unitEnd) {
        CodeTokenizer.Encoded enc = w.encoded();
        Score sc = w.score();
        float[] p = sc.tokenScores();
        String text = cx.parsed.text();
        int n = enc.length();
        int[][] ranges = new int[n][];
        for (int i = 0; i < n; i++) {
            if (!enc.special()[i] && enc.ends()[i] > enc.starts()[i]) {
                ranges[i] = ws.docRange(text, enc.starts()[i], enc.ends()[i]);
            }
        }
        List<Span> out = new ArrayList<>();
        int i = 0;
        while (i < n) {
            if (ranges[i] == null || p[i] < info) {
                i++;
                continue;
            }
            // a run of flagged pieces inside one Python token (a piece reaching into the next token, "):",
            // takes that one too), widened to the token; one finding per token, however many are flagged
            int[] wide = widen(cx, ranges[i][0], ranges[i][1]);
            int j = i + 1;
            while (j < n && ranges[j] != null && p[j] >= info && ranges[j][0] < wide[1]) {
                wide[1] = Math.max(wide[1], widen(cx, ranges[j][0], ranges[j][1])[1]);
                j++;
            }
            // and the flagged whitespace-only pieces next to it, whose repair may carry the expected text
            int first = i;
            while (first > 0 && (ranges[first - 1] != null ? ranges[first - 1][1] > wide[0]
                    : !enc.special()[first - 1] && p[first - 1] >= info)) {
                first--;
            }
            int last = j - 1;
            while (last + 1 < n && (ranges[last + 1] != null ? ranges[last + 1][0] < wide[1]
                    : !enc.special()[last + 1] && p[last + 1] >= info)) {
                last++;
            }
            out.add(span(engine, text, enc, sc, ranges, first, last, info, wide, cx, unitStart, unitEnd));
            i = Math.max(j, last + 1);
        }
        return out;
    }

    /** The lexer tokens overlapping {@code [start, end)}: their union, or the range itself when none. */
    private static int[] widen(Context cx, int start, int end) {
        List<LexedToken> tokens = cx.tokens();
        int s = start;
        int e = end;
        for (int k = cx.firstEndingAfter(start); k < tokens.size() && tokens.get(k).start() < end; k++) {
            s = Math.min(s, tokens.get(k).start());
            e = Math.max(e, tokens.get(k).end());
        }
        return new int[] {s, e};
    }

    private static Span span(ValidatorEngine engine, String text, CodeTokenizer.Encoded enc, Score sc,
            int[][] ranges, int first, int last, double info, int[] wide, Context cx, int unitStart, int unitEnd) {
        float[] p = sc.tokenScores();
        double top = 0;
        int topIndex = first;
        long[] original = new long[last - first + 1];
        long[] repaired = new long[last - first + 1];
        int kept = 0;
        int pieceStart = Integer.MAX_VALUE;
        int pieceEnd = -1;
        for (int t = first; t <= last; t++) {
            original[t - first] = enc.ids()[t];
            long r = enc.ids()[t];
            if (p[t] >= info && sc.repairIds() != null && sc.repairIds()[t] != null) {
                r = bestOther(sc.repairIds()[t], enc.ids()[t], engine.artifact().maskId());
            }
            if (p[t] > top) {
                top = p[t];
                topIndex = t;
            }
            if (r != engine.artifact().maskId()) {
                repaired[kept++] = r;
            }
            if (ranges[t] != null) {
                pieceStart = Math.min(pieceStart, ranges[t][0]);
                pieceEnd = Math.max(pieceEnd, ranges[t][1]);
            }
        }
        String flagged = text.substring(wide[0], wide[1]);
        String expected = null;
        if (pieceEnd > pieceStart) {
            String decoded = engine.tokenizer().decode(java.util.Arrays.copyOf(repaired, kept));
            // pieces may reach past the widened tokens ("x)" for the name x): the same text must surround the repair
            String before = text.substring(Math.min(pieceStart, wide[0]), wide[0]).strip();
            String after = text.substring(wide[1], Math.max(pieceEnd, wide[1])).strip();
            String d = decoded.strip();
            if (d.startsWith(before) && d.endsWith(after) && d.length() >= before.length() + after.length()) {
                expected = d.substring(before.length(), d.length() - after.length()).strip();
            }
        }
        ValidatorKind kind = null;
        if (expected != null) {
            kind = Repairs.plausible(flagged, expected, cx.namesIn(unitStart, unitEnd)).orElse(null);
        }
        if (kind == null) {
            expected = null;
            kind = Repairs.kindOf(flagged);
        }
        return new Span(wide[0], wide[1], top, expected, kind, alternatives(engine, sc, topIndex, enc.ids()[topIndex]));
    }

    /** The repair head's best id other than the token itself ({@code mask} = delete counts as another). */
    private static long bestOther(long[] ids, long self, long mask) {
        for (long id : ids) {
            if (id != self) {
                return id;
            }
        }
        return self;
    }

    private static List<Map<String, Object>> alternatives(ValidatorEngine engine, Score sc, int t, long self) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (sc.repairIds() == null || sc.repairIds()[t] == null) {
            return out;
        }
        long[] ids = sc.repairIds()[t];
        for (int k = 0; k < ids.length; k++) {
            String shown = ids[k] == engine.artifact().maskId() ? "" : engine.tokenizer().decode(new long[] {ids[k]}).strip();
            Map<String, Object> alt = new LinkedHashMap<>();
            alt.put("text", shown);
            alt.put("probability", ValidatorEngine.round(sc.repairProbabilities()[t][k]));
            alt.put("same", ids[k] == self);
            out.add(alt);
        }
        return out;
    }


    /**
     * Two flagged spans in two positional arguments of one call (inside the unit) become one swapped-arguments
     * finding; the spans it uses are removed from {@code spans}.
     */
    private static void swaps(Context cx, List<Span> spans, int unitStart, int unitEnd, double warn,
            ValidatorOptions o, String unitName, List<Finding> out) {
        if (spans.size() < 2) {
            return;
        }
        String text = cx.parsed.text();
        for (Call call : cx.calls()) {
            if (call.start() < unitStart || call.end() > unitEnd || call.args().size() < 2) {
                continue;
            }
            // an argument counts when flagged from its first token to its last (a swapped argument differs
            // throughout; one wrong operator inside an argument is not a swap)
            List<List<Span>> inArg = new ArrayList<>();
            int flaggedArgs = 0;
            for (Expr arg : call.args()) {
                List<Span> inside = new ArrayList<>();
                if (!(arg instanceof Starred)) {
                    for (Span s : spans) {
                        if (s.start() >= arg.start() && s.end() <= arg.end()) {
                            inside.add(s);
                        }
                    }
                }
                boolean whole = !inside.isEmpty()
                        && inside.stream().mapToInt(Span::start).min().getAsInt() == arg.start()
                        && inside.stream().mapToInt(Span::end).max().getAsInt() == arg.end();
                inArg.add(whole ? inside : List.of());
                if (whole) {
                    flaggedArgs++;
                }
            }
            if (flaggedArgs != 2) {
                continue; // one is a single misuse; three or more is no swap of two
            }
            int a = -1;
            int b = -1;
            for (int k = 0; k < inArg.size(); k++) {
                if (!inArg.get(k).isEmpty()) {
                    if (a < 0) {
                        a = k;
                    } else {
                        b = k;
                    }
                }
            }
            Expr x = call.args().get(a);
            Expr y = call.args().get(b);
            String xs = text.substring(x.start(), x.end());
            String ys = text.substring(y.start(), y.end());
            double p = java.util.stream.Stream.concat(inArg.get(a).stream(), inArg.get(b).stream())
                    .mapToDouble(Span::confidence).max().orElse(0);
            String swapped = ys + text.substring(x.end(), y.start()) + xs;
            String message = String.format(Locale.ROOT, "`%s` and `%s` look swapped (validator, %.2f)",
                    quote(xs), quote(ys), p);
            Map<String, Object> data = data(p, ValidatorKind.SWAPPED_ARGUMENTS, warn, unitName);
            data.put("repair", Map.of("title", "Swap '" + quote(xs) + "' and '" + quote(ys) + "'", "newText", swapped,
                    "flagged", text.substring(x.start(), y.end())));
            out.add(new Finding(ValidatorKind.SWAPPED_ARGUMENTS.code(), severity(p, warn, o), message, x.start(),
                    y.end(), data));
            spans.removeAll(inArg.get(a));
            spans.removeAll(inArg.get(b));
        }
    }

    private static Finding finding(String text, Span s, double warn, ValidatorOptions o, String unitName) {
        String flagged = text.substring(s.start(), s.end());
        String what = "`" + quote(flagged) + "` looks wrong here";
        String message;
        if (s.expected() == null) {
            message = String.format(Locale.ROOT, "%s (validator, %.2f)", what, s.confidence());
        } else if (s.expected().isEmpty()) {
            message = String.format(Locale.ROOT, "%s; expected without it (validator, %.2f)", what, s.confidence());
        } else {
            message = String.format(Locale.ROOT, "%s; `%s` expected (validator, %.2f)", what, s.expected(),
                    s.confidence());
        }
        Map<String, Object> data = data(s.confidence(), s.kind(), warn, unitName);
        if (!s.alternatives().isEmpty()) {
            data.put("alternatives", s.alternatives());
        }
        if (s.expected() != null) {
            data.put("expected", s.expected());
            String title = s.expected().isEmpty() ? "Delete '" + quote(flagged) + "'"
                    : "Change '" + quote(flagged) + "' to '" + s.expected() + "'";
            data.put("repair", Map.of("title", title, "newText", s.expected(), "flagged", flagged));
        }
        return new Finding(s.kind().code(), severity(s.confidence(), warn, o), message, s.start(), s.end(), data);
    }

    private static Map<String, Object> data(double p, ValidatorKind kind, double warn, String unitName) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("confidence", ValidatorEngine.round(p));
        data.put("kind", kind.label());
        data.put("threshold", ValidatorEngine.round(warn));
        data.put("unit", unitName);
        return data;
    }

    private static Severity severity(double p, double warn, ValidatorOptions o) {
        return p >= warn ? o.severity() : ValidatorEngine.mildest(o.severity(), Severity.INFORMATION);
    }

    private static String quote(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= QUOTE_MAX ? one : one.substring(0, QUOTE_MAX - 1) + "…";
    }

    static Optional<String> expected(Finding f) {
        Object e = f.data().get("expected");
        return e instanceof String s ? Optional.of(s) : Optional.empty();
    }
}
