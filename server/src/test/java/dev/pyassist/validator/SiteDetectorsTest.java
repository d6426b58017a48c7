package dev.pyassist.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.Severity;
import dev.pyassist.python.PythonParser;
import dev.pyassist.text.LineMap;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-site detectors in the server: ONNX Runtime's scores equal the Python pipeline's on the golden units
 * (the tiny detectors in test resources), findings sit on the suspicious token and say what was expected, the
 * repair undoes the bug, and an artifact's {@code sites} component is loaded or refused with the reason.
 */
class SiteDetectorsTest {
    // validator.json may hold NaN metrics (Python's json writes them)
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    static Path tinySites() {
        try {
            return Path.of(SiteDetectorsTest.class.getResource("/validator/sites_tiny/sites.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every site a finding (log-odds thresholds far below 0), so the test sees each kind's finding. */
    static SiteDetectors everything() throws Exception {
        Path d = tinySites();
        double[] low = {-1e9, -1e9};
        return new SiteDetectors(new SiteDetectors.Spec(d.resolve("swap.onnx"), d.resolve("op.onnx"),
                d.resolve("misuse.onnx"), Map.of("swap", low, "op", low, "misuse", low)), 1);
    }

    @Test
    void scoresEqualThePythonPipeline() throws Exception {
        JsonNode golden;
        try (InputStream in = SiteDetectorsTest.class.getResourceAsStream("/validator/sites_golden.json")) {
            golden = new ObjectMapper().readTree(in);
        }
        int compared = 0;
        try (SiteDetectors det = everything()) {
            for (JsonNode unit : golden.get("units")) {
                String code = unit.get("code").asText();
                List<SiteFeatures.Site> sites = new ArrayList<>(SiteFeatures.extract(code, PythonParser.parse(code).module()));
                sites.sort(Comparator.comparing(SiteFeatures.Site::kind).thenComparingInt(SiteFeatures.Site::start)
                        .thenComparingInt(SiteFeatures.Site::end));
                List<SiteDetectors.Scored> scored = new ArrayList<>(det.score(sites));
                scored.sort(Comparator.comparing((SiteDetectors.Scored s) -> s.site().kind())
                        .thenComparingInt(s -> s.site().start()).thenComparingInt(s -> s.site().end()));
                for (int i = 0; i < scored.size(); i++) {
                    JsonNode want = unit.get("sites").get(i);
                    assertEquals(want.get("score").asDouble(), scored.get(i).score(), 1e-5, want.toString());
                    assertEquals(want.get("expected").asText(), scored.get(i).expected(), want.toString());
                    compared++;
                }
            }
        }
        assertTrue(compared > 30);
    }

    private static List<Finding> findings(SiteDetectors det, String doc) throws Exception {
        LineMap lines = new LineMap(doc);
        Snippet unit = Snippet.ofLines(doc, lines, 0, lines.lineCount() - 1);
        return det.findings(doc, unit, "f", ValidatorOptions.DEFAULT);
    }

    @Test
    void swappedArgumentsFindingSaysWhatWasExpectedAndItsRepairSwapsBack() throws Exception {
        String doc = "def limit(x, lo, hi):\n    return clamp(x, hi, lo)\n";
        try (SiteDetectors det = everything()) {
            Finding f = findings(det, doc).stream().filter(x -> x.code().equals("validator.swapped-arguments")
                    && doc.substring(x.start(), x.end()).equals("hi, lo")).findFirst().orElseThrow();
            assertEquals(Severity.WARNING, f.severity());
            assertTrue(f.message().startsWith("`hi` and `lo` look swapped here; `lo, hi` expected (validator, "),
                    f.message());
            Map<?, ?> repair = (Map<?, ?>) f.data().get("repair");
            assertEquals("lo, hi", repair.get("newText"));
            assertEquals("hi, lo", repair.get("flagged"));
            assertEquals("sites.swap", f.data().get("detector"));
        }
    }

    @Test
    void operatorAndNameFindingsSitOnTheTokenAndNameTheExpectedOne() throws Exception {
        String doc = "def clamp(x, lo, hi):\n    if x >= lo:\n        return lo\n    total = x\n    total += hi\n"
                + "    return total\n";
        try (SiteDetectors det = everything()) {
            List<Finding> all = findings(det, doc);
            Finding cmp = all.stream().filter(x -> doc.substring(x.start(), x.end()).equals(">=")).findFirst().orElseThrow();
            Map<?, ?> r = (Map<?, ?>) cmp.data().get("repair");
            String exp = (String) r.get("newText");
            assertTrue(List.of("<", "<=", ">", "==", "!=", "is", "is not", "in", "not in").contains(exp), exp);
            assertTrue(cmp.message().startsWith("`>=` looks wrong here; `" + exp + "` expected (validator, "));
            assertTrue(cmp.code().equals("validator.inverted-comparison") || cmp.code().equals("validator.boundary-comparison")
                    || cmp.code().equals("validator.wrong-comparison"), cmp.code());
            Finding aug = all.stream().filter(x -> doc.substring(x.start(), x.end()).equals("+=")).findFirst().orElseThrow();
            String augNew = (String) ((Map<?, ?>) aug.data().get("repair")).get("newText");
            assertTrue(augNew.endsWith("=") && !augNew.equals("+="), augNew);
            assertEquals("validator.wrong-arithmetic", aug.code());
            Finding name = all.stream().filter(x -> x.code().equals("validator.variable-misuse")
                    && x.start() == doc.indexOf("lo\n")).findFirst().orElseThrow();
            String meant = (String) ((Map<?, ?>) name.data().get("repair")).get("newText");
            assertTrue(List.of("x", "hi").contains(meant), meant);
            assertNotEquals("lo", meant);
        }
    }

    @Test
    void aSiteUnderItsThresholdIsNoFindingAndAnUnparsedUnitHasNone() throws Exception {
        Path d = tinySites();
        double[] never = {1e9, 1e9};
        try (SiteDetectors det = new SiteDetectors(new SiteDetectors.Spec(d.resolve("swap.onnx"), d.resolve("op.onnx"),
                d.resolve("misuse.onnx"), Map.of("swap", never)), 1)) {
            assertEquals(List.of(), findings(det, "def f(a, b):\n    return g(b, a) + a\n"));
        }
        try (SiteDetectors det = everything()) {
            assertEquals(List.of(), findings(det, "def f(a, b):\n    return g(b, a\n"));
        }
    }

    static Path artifactWithSites(Path into) throws Exception {
        TinyModel.copy(into);
        ObjectMapper json = JSON;
        ObjectNode vj = (ObjectNode) json.readTree(into.resolve("validator.json").toFile());
        ObjectNode sites = vj.putObject("sites");
        sites.put("design", "sites-2");
        ObjectNode c = sites.putObject("constants");
        c.put("T", SiteFeatures.T).put("S", SiteFeatures.S).put("S_swap", SiteFeatures.S_SWAP).put("K", SiteFeatures.K)
                .put("F", SiteFeatures.F).put("buckets", SiteFeatures.BUCKETS);
        c.set("ops", json.valueToTree(SiteFeatures.OPS));
        ObjectNode sha = sites.putObject("sha256");
        for (String k : new String[] {"swap", "op", "misuse"}) {
            Files.copy(tinySites().resolve(k + ".onnx"), into.resolve("sites_" + k + ".onnx"));
            sha.put("sites_" + k + ".onnx", ValidatorArtifact.sha256(into.resolve("sites_" + k + ".onnx")));
        }
        sites.putObject("thresholds").putObject("swap").put("warning", 2.2).put("information", 1.4);
        json.writeValue(into.resolve("validator.json").toFile(), vj);
        return into;
    }

    @Test
    void anArtifactLoadsItsSitesComponentOrIsRefusedWithTheReason(@TempDir Path tmp) throws Exception {
        assertNull(ValidatorArtifact.load(TinyModel.dir()).sites(), "an artifact without sites has none");
        Path dir = artifactWithSites(tmp.resolve("ok"));
        ValidatorArtifact a = ValidatorArtifact.load(dir);
        assertNotNull(a.sites());
        assertEquals(List.of("swap"), List.copyOf(a.sites().thresholds().keySet()), "op and misuse are off");
        assertEquals(2.2, a.sites().thresholds().get("swap")[0]);
        try (ValidatorEngine engine = ValidatorEngine.open(a, 1)) {
            // the engine adds the detectors' findings to the main model's, per unit; sensitivity 1 flags every site
            String doc = "def limit(x, lo, hi):\n    return clamp(x, hi, lo)\n";
            var all = new ValidatorOptions(1.0, Severity.WARNING, false);
            List<Finding> found = engine.validate(dev.pyassist.diagnostics.ParsedText.parse(doc), all);
            assertTrue(found.stream().anyMatch(f -> "sites.swap".equals(f.data().get("detector"))
                    && doc.substring(f.start(), f.end()).equals("x, hi")), found.toString());
            assertTrue(found.stream().noneMatch(f -> "sites.op".equals(f.data().get("detector"))), "op is off");
        }

        Path bad = artifactWithSites(tmp.resolve("bad"));
        Files.write(bad.resolve("sites_op.onnx"), new byte[] {1, 2, 3});
        ArtifactException e = assertThrows(ArtifactException.class, () -> ValidatorArtifact.load(bad));
        assertTrue(e.getMessage().contains("sites_op.onnx"), e.getMessage());

        Path other = artifactWithSites(tmp.resolve("other"));
        ObjectMapper json = JSON;
        ObjectNode vj = (ObjectNode) json.readTree(other.resolve("validator.json").toFile());
        ((ObjectNode) vj.get("sites").get("constants")).put("K", 4);
        json.writeValue(other.resolve("validator.json").toFile(), vj);
        e = assertThrows(ArtifactException.class, () -> ValidatorArtifact.load(other));
        assertTrue(e.getMessage().contains("feature constants"), e.getMessage());
    }

    @Test
    void logOddsThresholdsTellApartSitesWhoseProbabilitiesRoundToOne() {
        // two sites at log-odds 20 and 30: in float32 both probabilities are 1.0f, so no probability threshold
        // separates them; a log-odds threshold of 25 does, and the confidence shown stays below 1 in double
        assertEquals(1.0f, (float) SiteDetectors.probability(20.0));
        assertEquals(1.0f, (float) SiteDetectors.probability(30.0));
        double threshold = 25.0;
        assertTrue(20.0 < SiteDetectors.adjust(ValidatorOptions.DEFAULT, threshold));
        assertTrue(30.0 >= SiteDetectors.adjust(ValidatorOptions.DEFAULT, threshold));
        assertTrue(SiteDetectors.probability(20.0) < SiteDetectors.probability(30.0));
        assertTrue(SiteDetectors.probability(30.0) < 1.0);
        // sensitivity moves a log-odds threshold the way it moves a probability one, through the probability
        var keen = new ValidatorOptions(0.5, Severity.WARNING, false);
        assertEquals(SiteDetectors.logit(0.5 * SiteDetectors.probability(2.0)), SiteDetectors.adjust(keen, 2.0), 1e-9);
        assertEquals(2.0, SiteDetectors.logit(SiteDetectors.probability(2.0)), 1e-9);
    }

    @Test
    void theExactSwapIsLeftToTheFlowLayerAndCalleeParametersAreFeatures() throws Exception {
        String doc = "def copy(src, dst):\n    return src\n\n\ndef f(src, dst, a, b):\n    copy(dst, src)\n    copy(b, a)\n";
        var module = PythonParser.parse(doc).module();
        var sigs = SiteFeatures.signatures(module);
        assertEquals(List.of("src", "dst"), sigs.get("copy"));
        List<SiteFeatures.Site> swaps = SiteFeatures.extract(doc, module, sigs).stream()
                .filter(s -> s.kind().equals("swap")).toList();
        assertEquals(2, swaps.size());
        SiteFeatures.Site exact = swaps.stream().filter(s -> doc.substring(s.start(), s.end()).equals("dst, src"))
                .findFirst().orElseThrow();
        assertTrue(exact.exact());
        assertEquals(List.of("P:src", "src"), exact.tokens().get(4));
        assertEquals(List.of("M:known", "M:xq", "M:yp"), exact.tokens().get(6));
        try (SiteDetectors det = everything()) {
            LineMap lines = new LineMap(doc);
            Snippet unit = Snippet.ofLines(doc, lines, 4, 6);
            List<Finding> found = det.findings(doc, unit, "f", ValidatorOptions.DEFAULT, sigs);
            assertTrue(found.stream().noneMatch(x -> doc.substring(x.start(), x.end()).equals("dst, src")), found.toString());
            assertTrue(found.stream().anyMatch(x -> doc.substring(x.start(), x.end()).equals("b, a")), found.toString());
        }
        // a unit's store key carries the signatures of the callees it names, so a changed callee rescans it
        String key = ValidatorEngine.storeKey("    copy(b, a)\n", sigs);
        assertNotEquals(key, ValidatorEngine.storeKey("    copy(b, a)\n", Map.of("copy", List.of("dst", "src"))));
        assertEquals("    g(b, a)\n", ValidatorEngine.storeKey("    g(b, a)\n", sigs));
    }
}
