package dev.pyassist.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.ParsedText;
import dev.pyassist.diagnostics.Severity;
import dev.pyassist.text.LineMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Format-2 findings from given token scores (the tiny format-2 artifact's tokenizer; the scores are set by
 * hand, so the mechanics are tested whatever the tiny model says): the finding sits on the Python token, says
 * what was expected, and its repair is the repair head's token when it is plausible.
 */
class TokenFindingsTest {
    static final String CLAMP = "def clamp(x, lo, hi):\n    if x >= lo:\n        return lo\n    if x > hi:\n"
            + "        return hi\n    return x\n";

    /** Flags the pieces covering {@code target} (first occurrence at or after {@code from}) with these repairs. */
    private record Flag(String target, int from, double p, String repair) {}

    private static List<Finding> findings(String text, ValidatorOptions options, Flag... flags) throws Exception {
        ValidatorEngine engine = TinyModel.engine2();
        ParsedText parsed = ParsedText.parse(text);
        LineMap lines = new LineMap(text);
        List<Finding> out = new ArrayList<>();
        TokenFindings.Context cx = new TokenFindings.Context(parsed, lines);
        for (Units.Unit u : Units.extract(parsed.parse().module(), lines)) {
            Snippet unit = Snippet.ofLines(text, lines, u.firstLine(), u.lastLine());
            List<ValidatorEngine.Window> windows = new ArrayList<>();
            for (ValidatorEngine.Window w : engine.plan(unit)) {
                assertTrue(w.whole(), "test units fit one window");
                windows.add(new ValidatorEngine.Window(w.first(), w.last(), w.whole(), w.encoded(),
                        score(engine, text, u, w.encoded(), flags)));
            }
            out.addAll(TokenFindings.of(engine, cx, unit, windows, u, options));
        }
        return out;
    }

    /**
     * Low scores everywhere, the repair head naming each token itself. Each flag is applied the way the training
     * data labels a corruption: the unit is encoded with the target replaced by the repair, the pieces that
     * differ get {@code p}, and their repairs are the replacement's pieces in order ({@code mask} = delete for
     * extra ones).
     */
    private static Score score(ValidatorEngine engine, String text, Units.Unit u, CodeTokenizer.Encoded enc,
            Flag... flags) {
        int n = enc.length();
        float[] p = new float[n];
        long[][] ids = new long[n][];
        float[][] probs = new float[n][];
        long mask = engine.artifact().maskId();
        for (int i = 0; i < n; i++) {
            p[i] = enc.special()[i] ? 0f : 0.01f;
            ids[i] = new long[] {enc.ids()[i], mask, 5};
            probs[i] = new float[] {0.9f, 0.05f, 0.01f};
        }
        for (Flag f : flags) {
            int at = text.indexOf(f.target(), f.from());
            String other = text.substring(0, at) + f.repair() + text.substring(at + f.target().length());
            LineMap otherLines = new LineMap(other);
            long[] mine = enc.ids();
            long[] theirs = engine.tokenizer().encode(
                    Snippet.ofLines(other, otherLines, u.firstLine(), u.lastLine()).text()).ids();
            int head = 0;
            while (head < mine.length && head < theirs.length && mine[head] == theirs[head]) {
                head++;
            }
            int tail = 0;
            while (tail < mine.length - head && tail < theirs.length - head
                    && mine[mine.length - 1 - tail] == theirs[theirs.length - 1 - tail]) {
                tail++;
            }
            for (int i = head; i < mine.length - tail; i++) {
                int k = i - head;
                long repair = head + k < theirs.length - tail ? theirs[head + k] : mask;
                p[i] = (float) f.p();
                ids[i] = new long[] {repair, mine[i], 5};
                probs[i] = new float[] {0.8f, 0.15f, 0.01f};
            }
        }
        return new Score(0.9f, new float[0], p, ids, probs);
    }

    @Test
    void theFindingSitsOnTheComparisonAndItsRepairIsTheRepairHeadsToken() throws Exception {
        List<Finding> found = findings(CLAMP, ValidatorOptions.DEFAULT, new Flag(">=", 0, 0.91, "<"));
        assertEquals(1, found.size(), found.toString());
        Finding f = found.get(0);
        assertEquals(">=", CLAMP.substring(f.start(), f.end()));
        assertEquals("`>=` looks wrong here; `<` expected (validator, 0.91)", f.message());
        assertEquals("validator.inverted-comparison", f.code());
        assertEquals(Severity.WARNING, f.severity());
        Map<?, ?> repair = (Map<?, ?>) f.data().get("repair");
        assertEquals("<", repair.get("newText"));
        assertEquals(">=", repair.get("flagged"));
        String fixed = CLAMP.substring(0, f.start()) + repair.get("newText") + CLAMP.substring(f.end());
        assertTrue(fixed.contains("    if x < lo:\n        return lo\n"), fixed);
        assertNotNull(f.data().get("alternatives"));
    }

    @Test
    void betweenTheThresholdsItIsInformationAndUnderThemNothing() throws Exception {
        ValidatorArtifact a = TinyModel.engine2().artifact();
        double between = (a.warningThreshold() + a.informationThreshold()) / 2;
        List<Finding> found = findings(CLAMP, ValidatorOptions.DEFAULT, new Flag(">=", 0, between, "<"));
        assertEquals(Severity.INFORMATION, found.get(0).severity());
        assertTrue(findings(CLAMP, ValidatorOptions.DEFAULT, new Flag(">=", 0, a.informationThreshold() / 2, "<")).isEmpty());
    }

    @Test
    void anImplausibleRepairIsNeitherShownNorOffered() throws Exception {
        // the repair head names a keyword for a comparison: not a replacement of the same kind
        Finding f = findings(CLAMP, ValidatorOptions.DEFAULT, new Flag(">=", 0, 0.9, "return")).get(0);
        assertEquals("`>=` looks wrong here (validator, 0.90)", f.message());
        assertEquals("validator.wrong-comparison", f.code());
        assertFalse(f.data().containsKey("repair"));
        // a name is expected only when the unit uses it
        String text = "def f(lo, hi):\n    return lo + lo\n";
        Finding name = findings(text, ValidatorOptions.DEFAULT, new Flag("lo", text.indexOf("+"), 0.9, "hi")).get(0);
        assertEquals("`lo` looks wrong here; `hi` expected (validator, 0.90)", name.message());
        assertEquals("validator.variable-misuse", name.code());
        Finding unknown = findings(text, ValidatorOptions.DEFAULT, new Flag("lo", text.indexOf("+"), 0.9, "width")).get(0);
        assertEquals("`lo` looks wrong here (validator, 0.90)", unknown.message());
    }

    @Test
    void aPieceReachingPastTheNameIsWidenedAndTrimmed() throws Exception {
        // "x)" may be one piece: the finding is on the name, the repair keeps the bracket out
        String text = "def f(x, y):\n    return abs(x)\n";
        Finding f = findings(text, ValidatorOptions.DEFAULT, new Flag("x)", text.indexOf("abs"), 0.9, "y)")).get(0);
        assertTrue(List.of("x", "x)").contains(text.substring(f.start(), f.end())), f.toString());
    }

    @Test
    void twoFlaggedArgumentsOfOneCallAreOneSwapWhoseFixSwapsThem() throws Exception {
        String text = "def f(a, b):\n    return pow(b, a)\n";
        int call = text.indexOf("pow(");
        List<Finding> found = findings(text, ValidatorOptions.DEFAULT, new Flag("b", call, 0.85, "a"),
                new Flag("a", call + 5, 0.8, "b"));
        assertEquals(1, found.size(), found.toString());
        Finding f = found.get(0);
        assertEquals("validator.swapped-arguments", f.code());
        assertEquals("b, a", text.substring(f.start(), f.end()));
        assertEquals("`b` and `a` look swapped (validator, 0.85)", f.message());
        assertEquals("a, b", ((Map<?, ?>) f.data().get("repair")).get("newText"));
    }

    @Test
    void aWrongOperatorInsideOneArgumentAndAFlaggedOtherArgumentAreNoSwap() throws Exception {
        String text = "def f(a, b):\n    return max(a + 1, b)\n";
        int call = text.indexOf("max(");
        List<Finding> found = findings(text, ValidatorOptions.DEFAULT, new Flag("+", call, 0.85, "-"),
                new Flag("b", call, 0.8, "a"));
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.stream().noneMatch(f -> f.code().equals("validator.swapped-arguments")), found.toString());
    }

    @Test
    void aNotTheRepairHeadWouldDeleteIsOfferedForDeletion() throws Exception {
        String text = "def f(x):\n    if not x:\n        return 1\n    return 0\n";
        Finding f = findings(text, ValidatorOptions.DEFAULT, new Flag("not", 0, 0.9, "")).get(0);
        assertEquals("not", text.substring(f.start(), f.end()));
        assertEquals("`not` looks wrong here; expected without it (validator, 0.90)", f.message());
        assertEquals("validator.spurious-not", f.code());
        assertEquals("", ((Map<?, ?>) f.data().get("repair")).get("newText"));
    }

    @Test
    void sensitivityAndSeverityApplyAsForFormatOne() throws Exception {
        ValidatorArtifact a = TinyModel.engine2().artifact();
        double under = a.informationThreshold() * 0.8;
        assertTrue(findings(CLAMP, ValidatorOptions.DEFAULT, new Flag(">=", 0, under, "<")).isEmpty());
        var more = new ValidatorOptions(0.5, Severity.ERROR, false);
        Finding f = findings(CLAMP, more, new Flag(">=", 0, under, "<")).get(0);
        assertEquals(Severity.ERROR, f.severity());
    }
}
