package dev.pyassist.python;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * CPython's own syntax tests as a test of this project: for each supported CPython present under pyenv, the
 * cases of its {@code Lib/test} (extracted at test time by {@code cpython_suite_cases.py}, run by that
 * interpreter, which also gives the reference verdict) are parsed by pyassist for that target version and
 * compared on detected, line, message and column. Every disagreement must be listed, with its reason, in
 * {@code cpython_suite_differences.txt}; the test prints the rates. A version whose interpreter is absent is
 * skipped (CI machines may lack pyenv). {@code -Dpyassist.cpythonSuites=3.11,3.12} chooses the versions.
 */
@Tag("cpython")
public class CPythonSuiteTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The floor kept in CI: the issue's 98% (reached: 98.8% on 3.12.1, 98.7% on 3.13.0). Every case between is
     * listed, with its reason, in cpython_suite_differences.txt.
     */
    static final double TARGET = 0.98;

    record Case(String id, String text, SyntaxDiagnostic decodeError, CPythonAgreementTest.Verdict want) {
    }

    @TestFactory
    Stream<DynamicTest> suites() {
        String versions = System.getProperty("pyassist.cpythonSuites", "3.12,3.13");
        return Stream.of(versions.split(",")).map(String::strip)
                .map(v -> DynamicTest.dynamicTest("CPython " + v, () -> suite(v)));
    }

    /** The newest installed pyenv interpreter of one minor version, or empty. */
    public static Optional<Path> interpreter(String minor) {
        List<Path> roots = new ArrayList<>();
        String env = System.getenv("PYENV_ROOT");
        if (env != null && !env.isBlank()) roots.add(Path.of(env));
        roots.add(Path.of(System.getProperty("user.home"), ".pyenv"));
        Pattern p = Pattern.compile(Pattern.quote(minor) + "\\.(\\d+)");
        for (Path root : roots) {
            Path versions = root.resolve("versions");
            if (!Files.isDirectory(versions)) continue;
            try (Stream<Path> dirs = Files.list(versions)) {
                Optional<Path> best = dirs.filter(d -> p.matcher(d.getFileName().toString()).matches())
                        .max((a, b) -> Integer.compare(patch(p, a), patch(p, b)))
                        .map(d -> d.resolve("bin/python3")).filter(Files::isExecutable);
                if (best.isPresent()) return best;
            } catch (IOException e) {
                // next root
            }
        }
        return Optional.empty();
    }

    private static int patch(Pattern p, Path dir) {
        Matcher m = p.matcher(dir.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    static List<Case> cases(Path python) throws Exception {
        Path script = Files.createTempFile("cpython_suite_cases", ".py");
        try {
            try (InputStream in = CPythonSuiteTest.class.getResourceAsStream("/python/cpython_suite_cases.py")) {
                Files.write(script, in.readAllBytes());
            }
            Process pr = new ProcessBuilder(python.toString(), script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            pr.getOutputStream().close();
            JsonNode out = JSON.readTree(pr.getInputStream());
            assertTrue(pr.waitFor(300, TimeUnit.SECONDS) && pr.exitValue() == 0, python + " failed");
            List<Case> cases = new ArrayList<>();
            for (JsonNode c : out.get("cases")) {
                String text;
                SyntaxDiagnostic decodeError = null;
                if (c.has("src_b64")) {
                    DecodedSource d = SourceDecoder.decode(Base64.getDecoder().decode(c.get("src_b64").asText()));
                    text = d.text();
                    decodeError = d.error().orElse(null);
                } else {
                    text = c.get("src").asText();
                }
                cases.add(new Case(c.get("id").asText(), text, decodeError,
                        CPythonAgreementTest.cpythonVerdict(c.get("verdict"))));
            }
            return cases;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** Listed differences: version, tab, the case's source as a JSON string, tab, the reason. */
    static Map<String, String> listed(String version) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = CPythonSuiteTest.class.getResourceAsStream("/python/cpython_suite_differences.txt")) {
            if (in == null) return out;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t", 3);
                if (f.length == 3 && f[0].equals(version)) out.put(JSON.readValue(f[1], String.class), f[2]);
            }
        }
        return out;
    }

    static CPythonAgreementTest.Verdict ours(Case c, PythonVersion target) {
        if (c.decodeError() != null) return CPythonAgreementTest.ours(c.text(), c.decodeError());
        ParseResult r = PythonParser.parse(c.text(), target);
        return r.ok() ? null : CPythonAgreementTest.ours(c.text(), r.errors().get(0));
    }

    void suite(String version) throws Exception {
        Optional<Path> python = interpreter(version);
        assumeTrue(python.isPresent(), "no CPython " + version + " under pyenv");
        PythonVersion target = PythonVersion.parse(version);
        List<Case> cases = cases(python.get());
        Map<String, String> listed = listed(version);
        int all = 0, detected = 0, line = 0, msg = 0, col = 0;
        List<String> unlisted = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (Case c : cases) {
            CPythonAgreementTest.Verdict want = c.want();
            CPythonAgreementTest.Verdict got = ours(c, target);
            boolean d = (want == null) == (got == null);
            boolean l = d && (want == null || want.line() == got.line());
            boolean m = d && (want == null || want.msg().equals(got.msg()));
            boolean k = l && (want == null || want.col() == got.col());
            if (d) detected++;
            if (l) line++;
            if (m) msg++;
            if (k) col++;
            boolean agree = d && l && m && k;
            if (agree) all++;
            if (!agree && !listed.containsKey(c.text())) {
                unlisted.add(version + "\t" + JSON.writeValueAsString(c.text()) + "\t" + c.id() + ": cpython "
                        + want + " ours " + got);
            }
            if (agree && listed.containsKey(c.text())) stale.add(c.id() + " " + JSON.writeValueAsString(c.text()));
        }
        int n = cases.size();
        System.out.printf("CPython %s suite (%s): %d cases; all agree %.1f%%, detected %.1f%%, same line %.1f%%,"
                        + " same message %.1f%%, same column %.1f%%%n", version, python.get(), n, pct(all, n),
                pct(detected, n), pct(line, n), pct(msg, n), pct(col, n));
        unlisted.forEach(s -> System.out.println("UNLISTED " + s));
        stale.forEach(s -> System.out.println("LISTED BUT AGREES " + s));
        if (Boolean.getBoolean("pyassist.measureOnly")) return;
        assertTrue(unlisted.isEmpty(), unlisted.size() + " differences not listed in cpython_suite_differences.txt");
        assertTrue(all >= TARGET * n, "agreement " + all + "/" + n + " below " + TARGET);
    }

    private static double pct(int k, int n) {
        return n == 0 ? 100 : 100.0 * k / n;
    }
}
