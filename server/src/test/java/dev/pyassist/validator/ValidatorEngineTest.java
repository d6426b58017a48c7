package dev.pyassist.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.ParsedText;
import dev.pyassist.diagnostics.Severity;
import dev.pyassist.text.LineMap;
import dev.pyassist.text.PositionEncoding;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Units, windows, caching, thresholds and the mapping of token scores to finding ranges, with the tiny model.
 * Its scores are near chance, so most tests use sensitivity 1 (threshold 0: every window is reported at its
 * most suspicious token) and check where that token lands, against the pipeline's golden scores.
 */
class ValidatorEngineTest {
    static final ValidatorOptions ALL = new ValidatorOptions(1, Severity.WARNING, false);
    static final ValidatorOptions NONE = new ValidatorOptions(-1, Severity.WARNING, false);

    static List<Finding> validate(String text, ValidatorOptions options) throws Exception {
        return TinyModel.engine().validate(ParsedText.parse(text), options);
    }

    @Test
    void unitsAreFunctionsMethodsAndInterestingModuleBlocks() {
        String text = "\"\"\"doc\"\"\"\nimport os\nX = 1\n\n@dec\ndef f(a):\n    def inner():\n        return a\n"
                + "    return inner\n\nclass C:\n    y = 2\n\n    async def m(self):\n        return self.y\n\n"
                + "print(f(X))\nif X > 0:\n    X = 2\n";
        ParsedText p = ParsedText.parse(text);
        List<Units.Unit> units = Units.extract(p.parse().module(), new LineMap(text));
        assertEquals(List.of("f@4-8", "C.m@13-14", "<module>:17@16-18"), units.stream()
                .map(u -> u.name() + "@" + u.firstLine() + "-" + u.lastLine()).collect(Collectors.toList()));
    }

    @Test
    void findingsSitOnTheGoldenTopTokenInsideIndentedCrlfNonAsciiDocuments() throws Exception {
        JsonNode golden = GoldenParityTest.golden(TinyModel.dir());
        int checked = 0;
        for (JsonNode in : golden.get("inputs")) {
            String unit = in.get("text").asText();
            if (!unit.startsWith("def ") || ParsedText.parse(unit).parse().module() == null) {
                continue;
            }
            // the same unit as a method, indented, after a non-ASCII line, with CRLF line ends
            String prefix = "# Größe 👋 déjà\r\nclass Holder:\r\n";
            String doc = prefix + unit.lines().map(l -> l.isEmpty() ? "" : "    " + l)
                    .collect(Collectors.joining("\r\n")) + "\r\n";
            List<Finding> findings = validate(doc, ALL);
            assertEquals(1, findings.size(), in.get("name").asText() + ": one unit, one window, one finding");
            Finding f = findings.get(0);
            int[] expected = expectedRange(in, doc, 2, 4);
            assertEquals(expected[0], f.start(), in.get("name") + " start in " + doc);
            assertEquals(expected[1], f.end(), in.get("name") + " end");
            assertEquals(in.get("bug_probability").asDouble(), (Double) f.data().get("confidence"), 1e-4);
            assertTrue(f.code().startsWith("validator."));
            assertTrue(f.message().endsWith(String.format(java.util.Locale.ROOT, "(validator, %.2f)",
                    in.get("bug_probability").asDouble())), f.message());
            checked++;
        }
        assertTrue(checked >= 5, "ASCII, non-ASCII identifiers, emoji/CJK string, loop, comparisons: " + checked);
    }

    /** The golden top-scoring real token (and neighbours within 80%, same line), moved into the document. */
    static int[] expectedRange(JsonNode in, String doc, int lineShift, int indent) {
        String unit = in.get("text").asText();
        JsonNode offsets = in.get("offsets");
        JsonNode scores = in.get("token_scores");
        int n = offsets.size();
        int top = -1;
        for (int i = 1; i < n - 1; i++) {
            int s = offsets.get(i).get(0).asInt();
            int e = offsets.get(i).get(1).asInt();
            if (e > s && !cps(unit, s, e).isBlank() && (top < 0 || scores.get(i).asDouble() > scores.get(top).asDouble())) {
                top = i;
            }
        }
        LineMap docLines = new LineMap(doc);
        int[] r = docRange(unit, offsets.get(top).get(0).asInt(), offsets.get(top).get(1).asInt(), docLines, lineShift, indent);
        int line = docLines.lineOf(r[0]);
        for (int dir = -1; dir <= 1; dir += 2) {
            for (int i = top + dir; i >= 1 && i < n - 1; i += dir) {
                if (scores.get(i).asDouble() < 0.8 * scores.get(top).asDouble()) {
                    break;
                }
                int s = offsets.get(i).get(0).asInt();
                int e = offsets.get(i).get(1).asInt();
                if (e <= s || cps(unit, s, e).isBlank()) {
                    break;
                }
                int[] q = docRange(unit, s, e, docLines, lineShift, indent);
                if (docLines.lineOf(q[0]) != line || docLines.lineOf(q[1] - 1) != line) {
                    break;
                }
                r[0] = Math.min(r[0], q[0]);
                r[1] = Math.max(r[1], q[1]);
            }
        }
        return r;
    }

    private static String cps(String s, int from, int to) {
        return s.substring(s.offsetByCodePoints(0, from), s.offsetByCodePoints(0, to));
    }

    /** Code points [s, e) of the unit text, trimmed, as a UTF-16 range of the document (via UTF-32 columns). */
    private static int[] docRange(String unit, int s, int e, LineMap docLines, int lineShift, int indent) {
        String tok = cps(unit, s, e);
        int lead = tok.codePointCount(0, tok.length() - tok.stripLeading().length());
        int len = tok.strip().codePointCount(0, tok.strip().length());
        int start = s + lead;
        String before = unit.substring(0, unit.offsetByCodePoints(0, start));
        int line = (int) before.chars().filter(c -> c == '\n').count();
        int col = before.codePointCount(before.lastIndexOf('\n') + 1, before.length());
        int a = docLines.offset(line + lineShift, col + indent, PositionEncoding.UTF32);
        int b = docLines.offset(line + lineShift, col + indent + len, PositionEncoding.UTF32);
        return new int[] {a, b};
    }

    @Test
    void thresholdsAndSensitivityDecideWhatIsReported() throws Exception {
        String text = "def add(a, b):\n    return a + b\n";
        assertEquals(1, validate(text, ALL).size());
        assertTrue(validate(text, NONE).isEmpty(), "sensitivity -1 reports nothing");
        double p = TinyModel.engine().scorer().score(List.of(TinyModel.engine().tokenizer().encode(text).ids()))
                .get(0).bugProbability();
        double threshold = TinyModel.engine().artifact().warningThreshold();
        assertEquals(p >= threshold, !validate(text, ValidatorOptions.DEFAULT).isEmpty(),
                "at sensitivity 0 the artifact's threshold decides");
        Finding f = validate(text, new ValidatorOptions(1, Severity.HINT, false)).get(0);
        assertEquals(Severity.HINT, f.severity());
    }

    @Test
    void aTextWithASyntaxErrorIsNotScored() throws Exception {
        assertTrue(validate("def f(:\n    return 1\n\ndef g():\n    return 2\n", ALL).isEmpty());
    }

    @Test
    void pyassistIgnoreSilencesItsLine() throws Exception {
        String text = "def add(a, b):\n    return a + b\n";
        Finding f = validate(text, ALL).get(0);
        LineMap lines = new LineMap(text);
        int line = lines.lineOf(f.start());
        String[] ls = text.split("\n", -1);
        ls[line] = ls[line] + "  # pyassist: ignore";
        String ignored = String.join("\n", ls);
        for (Finding g : validate(ignored, ALL)) {
            assertFalse(new LineMap(ignored).lineOf(g.start()) == line, "nothing reported on the ignored line");
        }
    }

    @Test
    void anEditRescoresOnlyTheUnitItTouched() throws Exception {
        ValidatorEngine engine = TinyModel.engine();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append("def cached_").append(i).append("(x):\n    return x * ").append(i).append(" + 7\n\n");
        }
        String text = sb.toString();
        engine.validate(ParsedText.parse(text), ALL);
        long scored = engine.stats().get("unitsScored");
        List<Finding> again = engine.validate(ParsedText.parse(text), ALL);
        assertEquals(scored, engine.stats().get("unitsScored"), "unchanged text: all from the cache");
        String edited = text.replace("return x * 5 + 7", "return x * 5 - 7");
        List<Finding> after = engine.validate(ParsedText.parse(edited), ALL);
        assertEquals(scored + 1, engine.stats().get("unitsScored"), "one function edited, one re-scored");
        assertEquals(again.size(), after.size());
        // the cache answers without inference for the unchanged units, at their new place
        String moved = "import os\n\n" + edited;
        List<Finding> shifted = engine.validate(ParsedText.parse(moved), ALL.cacheOnly(true));
        assertEquals(after.size(), shifted.size(), "moving code keeps its scores");
        assertEquals(after.get(0).start() + "import os\n\n".length(), shifted.get(0).start());
    }

    @Test
    void longUnitsAreSplitIntoOverlappingWindowsThatFitTheModel() throws Exception {
        ValidatorEngine engine = TinyModel.engine();
        StringBuilder sb = new StringBuilder("def long_one(values):\n    total = 0\n");
        for (int i = 0; i < 120; i++) {
            sb.append("    if values[").append(i).append("] > limit_").append(i).append(":\n        total += ")
                    .append(i).append("\n");
        }
        sb.append("    return total\n");
        String text = sb.toString();
        LineMap lines = new LineMap(text);
        Snippet unit = Snippet.ofLines(text, lines, 0, lines.lineCount() - 2);
        List<ValidatorEngine.Window> windows = engine.plan(unit);
        assertTrue(windows.size() > 3, "split into several windows: " + windows.size());
        int max = engine.artifact().maxSeqLen();
        int covered = -1;
        for (int i = 0; i < windows.size(); i++) {
            ValidatorEngine.Window w = windows.get(i);
            assertTrue(w.encoded().length() <= max, "window " + i + " fits: " + w.encoded().length());
            assertEquals(engine.artifact().bosId(), w.encoded().ids()[0]);
            assertEquals(engine.artifact().eosId(), w.encoded().ids()[w.encoded().length() - 1]);
            assertTrue(w.first() <= covered + 1, "no gap before window " + i);
            if (i > 0) {
                assertTrue(w.first() <= windows.get(i - 1).last(), "windows overlap");
            }
            covered = Math.max(covered, w.last());
        }
        assertEquals(unit.lineCount() - 1, covered, "the windows cover the unit");
        List<Finding> findings = engine.validate(ParsedText.parse(text), ALL);
        assertTrue(findings.size() >= windows.size() / 2, "findings from the windows: " + findings.size());
        for (Finding f : findings) {
            assertTrue(f.end() > f.start());
            assertEquals(lines.lineOf(f.start()), lines.lineOf(f.end() - 1), "a finding stays on one line");
        }
    }
}
