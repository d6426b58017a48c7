package dev.pyassist.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyassist.python.PythonParser;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-site detectors' features equal the Python pipeline's ({@code models/pyvalidator/sites.py}) on the
 * golden units that {@code models/tests/test_sites.py} writes: the same sites (kind, code-point span), the same
 * token strings and hashed ids, the same candidates and numbers.
 */
class SiteFeaturesTest {
    @Test
    void hashAndSubtokensAreFixed() {
        assertEquals(0xE40C292C, SiteFeatures.fnv1a("a"));
        assertEquals(List.of("http", "server", "2"), SiteFeatures.subtokens("HTTPServer2"));
        assertEquals(List.of("max", "len"), SiteFeatures.subtokens("max_len"));
    }

    @Test
    void featuresEqualThePythonGoldenFile() throws Exception {
        JsonNode golden;
        try (InputStream in = SiteFeaturesTest.class.getResourceAsStream("/validator/sites_golden.json")) {
            golden = new ObjectMapper().readTree(in);
        }
        assertEquals(SiteFeatures.BUCKETS, golden.get("buckets").asInt());
        assertEquals(SiteFeatures.K, golden.get("K").asInt());
        assertEquals(SiteFeatures.F, golden.get("F").asInt());
        int compared = 0;
        for (JsonNode unit : golden.get("units")) {
            String code = unit.get("code").asText();
            var parsed = PythonParser.parse(code);
            assertTrue(parsed.errors().isEmpty(), "golden unit parses");
            List<SiteFeatures.Site> sites = new ArrayList<>(SiteFeatures.extract(code, parsed.module()));
            sites.sort(Comparator.comparing(SiteFeatures.Site::kind).thenComparingInt(SiteFeatures.Site::start)
                    .thenComparingInt(SiteFeatures.Site::end));
            JsonNode want = unit.get("sites");
            List<String> got = new ArrayList<>();
            for (SiteFeatures.Site s : sites) {
                got.add(s.kind() + "@" + code.codePointCount(0, s.start()) + ":" + code.codePointCount(0, s.end()));
            }
            List<String> expected = new ArrayList<>();
            want.forEach(w -> expected.add(w.get("kind").asText() + "@" + w.get("start").asInt() + ":"
                    + w.get("end").asInt()));
            assertEquals(expected, got, "sites of\n" + code);
            for (int i = 0; i < sites.size(); i++) {
                SiteFeatures.Site s = sites.get(i);
                JsonNode w = want.get(i);
                String where = got.get(i) + " in\n" + code;
                assertEquals(w.get("tokens").toString(), new ObjectMapper().writeValueAsString(s.tokens()), where);
                assertEquals(w.get("current").asText(), s.current(), where);
                int slots = s.kind().equals("misuse") ? 2 : s.kind().equals("swap") ? SiteFeatures.S_SWAP : SiteFeatures.S;
                if (s.kind().equals("swap")) {
                    assertEquals(w.get("exact").asBoolean(), s.exact(), where);
                }
                assertEquals(w.get("ids").toString(),
                        new ObjectMapper().writeValueAsString(SiteFeatures.encode(s.tokens(), slots)), where);
                if (s.kind().equals("misuse")) {
                    assertEquals(w.get("cands").toString(), new ObjectMapper().writeValueAsString(s.cands()), where);
                    for (int j = 0; j < s.cands().size(); j++) {
                        for (int k = 0; k < SiteFeatures.F; k++) {
                            assertEquals(w.get("nums").get(j).get(k).asDouble(), s.nums()[j][k], 1e-5,
                                    where + " candidate " + s.cands().get(j) + " number " + k);
                        }
                        List<List<String>> cand = List.of(SiteFeatures.nameTokens(s.cands().get(j)));
                        assertEquals(w.get("cand_ids").get(j).toString(),
                                new ObjectMapper().writeValueAsString(SiteFeatures.encode(cand, 1)[0]), where);
                    }
                }
                compared++;
            }
        }
        assertTrue(compared > 30);
    }
}
