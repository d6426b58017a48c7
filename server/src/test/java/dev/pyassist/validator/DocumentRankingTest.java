package dev.pyassist.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.ParsedText;
import dev.pyassist.diagnostics.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Document-level ranking: each capped source keeps its top findings of the whole document, and after an edit the
 * ranking comes from the cached unit findings (only the touched unit is scored again) and equals a fresh ranking.
 */
class DocumentRankingTest {
    private static Finding site(String detector, double logit, int start) {
        return new Finding("validator.x", Severity.WARNING, "m", start, start + 1,
                Map.of("detector", "sites." + detector, "logit", logit, "confidence", SiteDetectors.probability(logit)));
    }

    private static Finding model(double confidence, int start) {
        return new Finding("validator.y", Severity.INFORMATION, "m", start, start + 1, Map.of("confidence", confidence));
    }

    @Test
    void eachCappedSourceKeepsItsHighestFindingsInDocumentOrder() {
        List<Finding> all = List.of(site("op", 3.0, 10), site("op", 9.0, 40), site("op", 5.0, 20),
                site("swap", 1.0, 5), site("swap", 2.0, 50), model(0.95, 30), model(0.97, 60));
        var ranking = new DocumentRanking(Map.of("op", 2, "swap", 1));
        List<Finding> kept = ranking.apply(new ArrayList<>(all));
        // op: 9.0 and 5.0 (not 3.0); swap: 2.0; the model is not capped
        assertEquals(List.of(20, 30, 40, 50, 60), kept.stream().map(Finding::start).toList());
        assertEquals(List.of(40), new DocumentRanking(Map.of("op", 1, "swap", 0, "model", 0))
                .apply(new ArrayList<>(all)).stream().map(Finding::start).toList());
        assertEquals(all, DocumentRanking.NONE.apply(all), "no caps: everything");
        // ties keep the first in the document, whatever order the findings came in
        List<Finding> tied = new ArrayList<>(List.of(site("misuse", 4.0, 70), site("misuse", 4.0, 15)));
        assertEquals(List.of(15), new DocumentRanking(Map.of("misuse", 1)).apply(tied).stream().map(Finding::start).toList());
        assertEquals("model", DocumentRanking.source(model(0.5, 0)));
        assertEquals(9.0, DocumentRanking.score(site("op", 9.0, 0)));
    }

    private static Finding candidate(double logit, Double second, int start) {
        Map<String, Object> data = new java.util.HashMap<>(Map.of("detector", "sites.op", "logit", logit,
                "confidence", SiteDetectors.probability(logit), DocumentRanking.CANDIDATE, true));
        if (second != null) {
            data.put(DocumentRanking.SECOND, second);
        }
        return new Finding("validator.x", Severity.HINT, "m", start, start + 1, data);
    }

    @Test
    void aRelativeDetectorShowsItsTopSiteByItsMarginOverTheDocumentsNextOne() {
        Map<String, double[]> th = Map.of("op", new double[] {12.0, 8.0});
        // s1 = 9 (its unit's second site 2), the next unit's top 5: margin 4; alpha 1 -> 13 (Warning)
        List<Finding> two = List.of(candidate(9.0, 2.0, 10), candidate(5.0, null, 40));
        var gap1 = new DocumentRanking(Map.of("op", 1), 1.0, java.util.Set.of("op"));
        List<Finding> kept = gap1.apply(new ArrayList<>(two), ValidatorOptions.DEFAULT, th);
        assertEquals(1, kept.size());
        assertEquals(10, kept.get(0).start());
        assertEquals(Severity.WARNING, kept.get(0).severity());
        assertEquals(13.0, kept.get(0).data().get("rankScore"));
        assertTrue(!kept.get(0).data().containsKey(DocumentRanking.CANDIDATE));
        // alpha 0.5 -> 11: Information; the unit's own second site counts when it is the higher: 9 vs 7.5 -> 10.5
        var half = new DocumentRanking(Map.of("op", 1), 0.5, java.util.Set.of("op"));
        assertEquals(Severity.INFORMATION, half.apply(new ArrayList<>(two), ValidatorOptions.DEFAULT, th).get(0).severity());
        List<Finding> inUnit = List.of(candidate(9.0, 7.5, 10), candidate(5.0, null, 40));
        assertEquals(10.5, gap1.apply(new ArrayList<>(inUnit), ValidatorOptions.DEFAULT, th).get(0).data().get("rankScore"));
        // alone in its document: a margin of 1 -> 10 (Information); a close second: under Information, nothing
        assertEquals(10.0, gap1.apply(List.of(candidate(9.0, null, 3)), ValidatorOptions.DEFAULT, th).get(0)
                .data().get("rankScore"));
        assertEquals(List.of(), gap1.apply(List.of(candidate(7.0, 6.9, 3)), ValidatorOptions.DEFAULT, th));
        // a site the detector itself finds more likely right (log-odds under 0) never stands out, however alone
        assertEquals(List.of(), gap1.apply(List.of(candidate(-0.5, -9.0, 3)), ValidatorOptions.DEFAULT, th));
        // the other sources are capped as before
        assertEquals(List.of(50), gap1.apply(List.of(site("swap", 1.0, 50)), ValidatorOptions.DEFAULT, th).stream()
                .map(Finding::start).toList());
        assertThrows(IllegalArgumentException.class, () -> new DocumentRanking(Map.of("op", 2), 1.0, java.util.Set.of("op")));
    }

    @Test
    void aRelativeRankingInTheEngineMatchesTheMarginOfTheUncappedSitesAfterAnEdit(@TempDir Path tmp) throws Exception {
        ValidatorArtifact rel = ValidatorArtifact.load(artifact(tmp.resolve("rel"),
                "{\"top_k\": {\"swap\": 1}, \"relative\": {\"how\": \"gap\", \"alpha\": 1.0, \"sources\": [\"swap\"]}}"));
        ValidatorArtifact open = ValidatorArtifact.load(artifact(tmp.resolve("open"), null));
        assertEquals(java.util.Set.of("swap"), rel.ranking().relative());
        var every = new ValidatorOptions(1.0, Severity.WARNING, false);
        var keen = new ValidatorOptions(0.9, Severity.WARNING, false);
        String before = "def a(x, lo, hi):\n    return clamp(x, hi, lo)\n\n\ndef b(p, q):\n    return put(q, p)\n";
        String after = before + "\n\ndef c(u, v, w):\n    return mix(w, v, u) + mix(v, u, w)\n";
        try (ValidatorEngine e = ValidatorEngine.open(rel, 1); ValidatorEngine fresh = ValidatorEngine.open(rel, 1);
                ValidatorEngine uncapped = ValidatorEngine.open(open, 1)) {
            e.validate(ParsedText.parse(before), keen);
            long scored = e.stats().get("unitsScored");
            List<Finding> edited = swaps(e.validate(ParsedText.parse(after), keen));
            assertEquals(scored + 1, e.stats().get("unitsScored"), "only the new unit is scored");
            assertEquals(swaps(fresh.validate(ParsedText.parse(after), keen)), edited, "the same as ranking from scratch");
            // by hand: the document's two highest swap sites, from every site the uncapped detector scores
            List<Double> logits = swaps(uncapped.validate(ParsedText.parse(after), every)).stream()
                    .map(DocumentRanking::score).sorted(java.util.Comparator.reverseOrder()).toList();
            assertTrue(logits.size() > 2, logits.toString());
            double margin = logits.get(0) + (logits.get(0) - logits.get(1));
            // the sensitivity moves the thresholds on the margin's log-odds scale (margin / (1 + alpha)), alpha 1
            double warn = 2 * SiteDetectors.adjust(keen, 2.2 / 2);
            double info = Math.min(warn, 2 * SiteDetectors.adjust(keen, 1.4 / 2));
            if (margin < info || logits.get(0) < DocumentRanking.MIN_OWN_LOG_ODDS) {
                assertEquals(List.of(), edited);
            } else {
                assertEquals(1, edited.size(), edited.toString());
                assertEquals(logits.get(0), DocumentRanking.score(edited.get(0)), 1e-4);
                assertEquals(margin, (double) edited.get(0).data().get("rankScore"), 1e-3);
                assertEquals(margin >= warn ? Severity.WARNING : Severity.INFORMATION, edited.get(0).severity());
            }
        }
    }

    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /** The tiny artifact with the tiny detectors (swap on), and {@code document_ranking} when given. */
    private static Path artifact(Path dir, String rankingJson) throws Exception {
        SiteDetectorsTest.artifactWithSites(dir);
        ObjectNode vj = (ObjectNode) JSON.readTree(dir.resolve("validator.json").toFile());
        if (rankingJson != null) {
            vj.set("document_ranking", JSON.readTree(rankingJson));
        }
        JSON.writeValue(dir.resolve("validator.json").toFile(), vj);
        return dir;
    }

    private static List<Finding> swaps(List<Finding> found) {
        return found.stream().filter(f -> "sites.swap".equals(f.data().get("detector"))).toList();
    }

    @Test
    void afterAnEditTheRankingComesFromCachedUnitsAndEqualsAFreshOne(@TempDir Path tmp) throws Exception {
        ValidatorArtifact capped = ValidatorArtifact.load(artifact(tmp.resolve("capped"), "{\"top_k\": {\"swap\": 1}}"));
        ValidatorArtifact open = ValidatorArtifact.load(artifact(tmp.resolve("open"), null));
        assertEquals(Map.of("swap", 1), capped.ranking().topK());
        assertEquals(DocumentRanking.NONE, open.ranking());
        var all = new ValidatorOptions(1.0, Severity.WARNING, false); // sensitivity 1: every site is a finding
        String before = "def a(x, lo, hi):\n    return clamp(x, hi, lo)\n\n\ndef b(p, q):\n    return put(q, p)\n";
        String after = before + "\n\ndef c(u, v, w):\n    return mix(w, v, u) + mix(v, u, w)\n";
        try (ValidatorEngine e = ValidatorEngine.open(capped, 1); ValidatorEngine fresh = ValidatorEngine.open(capped, 1);
                ValidatorEngine uncapped = ValidatorEngine.open(open, 1)) {
            List<Finding> first = e.validate(ParsedText.parse(before), all);
            assertEquals(1, swaps(first).size(), first.toString());
            long scored = e.stats().get("unitsScored");
            List<Finding> edited = e.validate(ParsedText.parse(after), all);
            assertEquals(scored + 1, e.stats().get("unitsScored"), "only the new unit is scored");
            assertEquals(fresh.validate(ParsedText.parse(after), all), edited, "the same as ranking from scratch");
            // the one kept is the document's highest swap site, among the uncapped engine's findings
            List<Finding> every = swaps(uncapped.validate(ParsedText.parse(after), all));
            assertTrue(every.size() > 1, every.toString());
            Finding top = every.stream().max(java.util.Comparator.comparingDouble(DocumentRanking::score)).orElseThrow();
            assertEquals(List.of(top), swaps(edited));
        }
    }

    @Test
    void aBadRankingIsRefusedWithTheReason(@TempDir Path tmp) throws Exception {
        Path bad = artifact(tmp.resolve("bad"), "{\"top_k\": {\"swap\": -1}}");
        ArtifactException e = assertThrows(ArtifactException.class, () -> ValidatorArtifact.load(bad));
        assertTrue(e.getMessage().contains("top_k of 'swap'"), e.getMessage());
        Path unknown = artifact(tmp.resolve("unknown"), "{\"top_k\": {\"lint\": 1}}");
        e = assertThrows(ArtifactException.class, () -> ValidatorArtifact.load(unknown));
        assertTrue(e.getMessage().contains("unknown source"), e.getMessage());
        Path wide = artifact(tmp.resolve("wide"),
                "{\"top_k\": {\"swap\": 2}, \"relative\": {\"how\": \"gap\", \"alpha\": 1, \"sources\": [\"swap\"]}}");
        e = assertThrows(ArtifactException.class, () -> ValidatorArtifact.load(wide));
        assertTrue(e.getMessage().contains("top_k 1"), e.getMessage());
    }
}
