package dev.pyassist.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * CPython's verdicts for its named syntax rules, written down ({@code cpython_rules.jsonl}: target version, source,
 * CPython's message, line and 1-based column, as 3.12.1's and 3.13.0's {@code compile()} gave them), so that a
 * machine without those interpreters still checks them. {@link CPythonSuiteTest} compares with the live
 * interpreters where they are installed.
 */
class CPythonRulesTest {
    @TestFactory
    Stream<DynamicTest> rules() throws Exception {
        List<JsonNode> cases = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                CPythonRulesTest.class.getResourceAsStream("/python/cpython_rules.jsonl"), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.isBlank()) cases.add(json.readTree(line));
            }
        }
        assertFalse(cases.isEmpty());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.get("target").asText() + " "
                + c.get("source").asText().strip().replace("\n", "\\n"), () -> check(c)));
    }

    private static void check(JsonNode c) {
        String src = c.get("source").asText();
        PythonVersion target = PythonVersion.parse(c.get("target").asText());
        ParseResult r = PythonParser.parse(src, target);
        assertFalse(r.ok(), "CPython rejects it");
        CPythonAgreementTest.Verdict got = CPythonAgreementTest.ours(src, r.errors().get(0));
        assertEquals(new CPythonAgreementTest.Verdict(c.get("line").asInt(), c.get("column").asInt(),
                c.get("message").asText()), got);
    }
    /** {@code n} levels of one construct, nested, around a {@code pass}. */
    private static String nest(String kind, int n) {
        StringBuilder out = new StringBuilder();
        nestInto(out, kind, 0, n);
        return out.toString();
    }

    private static void nestInto(StringBuilder out, String kind, int i, int n) {
        String ind = "    ".repeat(i);
        if (i == n) {
            out.append(ind).append("pass\n");
            return;
        }
        switch (kind) {
            case "for" -> {
                out.append(ind).append("for x").append(i).append(" in y:\n");
                nestInto(out, kind, i + 1, n);
            }
            case "try body" -> {
                out.append(ind).append("try:\n");
                nestInto(out, kind, i + 1, n);
                out.append(ind).append("except E:\n").append(ind).append("    pass\n");
            }
            case "handler" -> {
                out.append(ind).append("try:\n").append(ind).append("    pass\n").append(ind).append("except E:\n");
                nestInto(out, kind, i + 1, n);
            }
            default -> { // "finally"
                out.append(ind).append("try:\n").append(ind).append("    pass\n").append(ind).append("finally:\n");
                nestInto(out, kind, i + 1, n);
            }
        }
    }

    /**
     * CPython's static block limit, as its compile() gave it: the deepest nest of each construct that 3.12.1 and
     * 3.13.0 accept (one more is refused). A try body costs one block, a handler two, a finally body one.
     */
    @org.junit.jupiter.api.Test
    void staticBlockLimits() {
        Object[][] deepest = {{"for", 20, 21}, {"try body", 19, 20}, {"handler", 10, 10}, {"finally", 20, 21}};
        for (Object[] d : deepest) {
            String kind = (String) d[0];
            for (PythonVersion v : new PythonVersion[] {PythonVersion.PY312, PythonVersion.PY313}) {
                int max = (Integer) d[v == PythonVersion.PY312 ? 1 : 2];
                assertTrue(PythonParser.parse(nest(kind, max), v).ok(), kind + " x" + max + " on " + v);
                ParseResult refused = PythonParser.parse(nest(kind, max + 1), v);
                assertFalse(refused.ok(), kind + " x" + (max + 1) + " on " + v);
                assertEquals("too many statically nested blocks", refused.errors().get(0).message());
            }
        }
    }
}
