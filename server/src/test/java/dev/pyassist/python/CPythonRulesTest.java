package dev.pyassist.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
}
