package dev.pyassist.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.python.ParseResult;
import dev.pyassist.python.PythonParser;
import dev.pyassist.text.LineMap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CI-sized part of the pyflakes parity check: fixtures packed with tricky scope cases, each with the
 * findings pyflakes 4.1 (the parity target, in bench/.venv; first written from Debian's 2.5, on CPython 3.11)
 * reports for it, stored next to it as
 * {@code .expected} ("Kind line first-argument", sorted). The whole standard library is compared by
 * {@code bench/names_parity.py}.
 */
class ParityFixturesTest {
    private static String resource(String name) throws IOException {
        try (InputStream in = ParityFixturesTest.class.getResourceAsStream("/names/parity/" + name)) {
            assertTrue(in != null, "missing fixture " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scopes", "imports", "star", "annotations", "matching"})
    void sameFindingsAsPyflakes(String fixture) throws IOException {
        String src = resource(fixture + ".py");
        ParseResult parse = PythonParser.parse(src);
        assertTrue(parse.ok(), () -> "does not parse: " + parse.errors());
        LineMap lines = new LineMap(src);
        List<String> ours = new ArrayList<>();
        for (NameIssue i : ScopeAnalyzer.analyze(src, parse.module(), false, false, parse.comments())) {
            ours.add(i.kind().pyflakesName() + " " + (lines.lineOf(i.refOffset()) + 1) + " " + i.arg());
        }
        ours.sort(null);
        List<String> expected = resource(fixture + ".expected").lines().filter(l -> !l.isBlank()).toList();
        assertEquals(String.join("\n", expected), String.join("\n", ours));
    }
}
