package dev.pyassist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pyassist check} runs the validator (the same findings as the editor) unless told not to. */
class CheckValidatorTest {
    @TempDir
    Path dir;

    private String out;
    private String err;

    static Path tiny() throws Exception {
        return Path.of(CheckValidatorTest.class.getResource("/validator/tiny/validator.json").toURI()).getParent();
    }

    private int run(String... args) {
        CliRun run = CliRun.of(args);
        out = run.out();
        err = run.err();
        return run.exitCode();
    }

    @Test
    void checkReportsValidatorFindingsAndNoValidatorSkipsThem() throws Exception {
        // the tiny model puts this unit at 0.467, over its 0.454 warning threshold (golden.json, ascii_clean)
        Path file = Files.writeString(dir.resolve("add.py"), "def add(a, b):\n    return a + b\n");
        assertEquals(0, run("check", "--no-cache", "--model", tiny().toString(), file.toString()), "warnings do not fail a check");
        assertTrue(out.contains(": warning: ") && out.contains("(validator, 0.47) [validator."), out);
        assertEquals(0, run("check", "--no-cache", "--no-validator", "--model", tiny().toString(), file.toString()));
        assertFalse(out.contains("validator"), out);
        assertTrue(out.contains("No problems found"), out);
        assertEquals(0, run("check", "--no-cache", "--format", "json", "--model", tiny().toString(), file.toString()));
        assertTrue(out.contains("\"confidence\"") || out.contains("validator."), out);
    }

    @Test
    void informationFindingsCountTowardNothingInTheExitStatus() throws Exception {
        // the tiny model with a warning threshold over add.py's 0.467 and an information threshold under it
        Path model = Files.createDirectories(dir.resolve("model"));
        for (String f : new String[] {"model.onnx", "tokenizer.json"}) {
            Files.copy(tiny().resolve(f), model.resolve(f));
        }
        var json = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        var meta = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(tiny().resolve("validator.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) meta.path("thresholds").path("warning")).put("threshold", 0.9);
        ((com.fasterxml.jackson.databind.node.ObjectNode) meta.path("thresholds").path("information")).put("threshold", 0.3);
        json.writeValue(model.resolve("validator.json").toFile(), meta);
        Path file = Files.writeString(dir.resolve("add.py"), "def add(a, b):\n    return a + b\n");

        assertEquals(0, run("check", "--no-cache", "--model", model.toString(), file.toString()));
        assertTrue(out.contains(": information: ") && out.contains("(validator, 0.47)"), out);
        assertTrue(out.contains("Found 1 note in 1 file"), out);
    }

    @Test
    void progressGoesToStderrWhenAskedAndNotToAPipeByDefault() throws Exception {
        Files.writeString(dir.resolve("a.py"), "def add(a, b):\n    return a + b\n");
        Files.writeString(dir.resolve("b.py"), "def sub(a, b):\n    return a - b\n");
        assertEquals(0, run("check", "--no-cache", "--jobs", "2", "--model", tiny().toString(), dir.toString()));
        assertEquals("", err, "stderr is not a terminal here: no progress");
        String quiet = out;
        assertEquals(0, run("check", "--no-cache", "--progress", "always", "--model", tiny().toString(),
                dir.toString()));
        assertTrue(err.contains("pyassist: checked 2 files, 2 units in "), err);
        assertEquals(quiet, out, "progress never touches the report");
        assertEquals(0, run("check", "--no-cache", "--jobs", "1", "--model", tiny().toString(), dir.toString()));
        assertEquals(quiet, out, "one worker or several: the same report, in the same order");
    }

    @Test
    void aFormatTwoFindingSaysWhatLooksWrongAndWhatWasExpected() throws Exception {
        Path rigged = Path.of(CheckValidatorTest.class.getResource("/validator/rigged2/validator.json").toURI()).getParent();
        Path file = Files.writeString(dir.resolve("clamp.py"), "def clamp(x, lo):\n    if x >= lo:\n        return lo\n    return x\n");
        assertEquals(0, run("check", "--no-cache", "--model", rigged.toString(), file.toString()));
        assertTrue(out.contains("clamp.py:2:10: warning: `>=` looks wrong here; `<` expected (validator, 0.95)"
                + " [validator.inverted-comparison]\n 2 |     if x >= lo:\n   |          ^^\n"), out);
        assertEquals(0, run("check", "--no-cache", "--format", "json", "--model", rigged.toString(), file.toString()));
        assertTrue(out.contains("\"newText\" : \"<\"") || out.contains("\"newText\":\"<\""), out);
    }

    @Test
    void aBrokenModelIsSaidOnStderrAndTheSyntaxCheckStillRuns() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.py"), "def f(:\n    pass\n");
        assertEquals(1, run("check", "--no-cache", "--model", dir.resolve("missing").toString(), file.toString()));
        assertTrue(err.contains("the neural validator is off: no validator model at"), err);
        assertTrue(out.contains("[syntax"), out);
    }

    @Test
    void aRepositorysModelPathIsIgnoredUnlessItsSettingsAreTrusted() throws Exception {
        // issue 23: validator.modelPath in a repository's pyproject.toml loaded its own model in CI, whose messages
        // then appeared as findings
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("pyproject.toml"), "[tool.pyassist.validator]\nmodelPath = \".tools/model\"\n"
                + "sensitivity = 0.25\n");
        var stderr = new java.io.ByteArrayOutputStream();
        var oldErr = System.err;
        System.setErr(new java.io.PrintStream(stderr, true, java.nio.charset.StandardCharsets.UTF_8));
        dev.pyassist.config.Settings ignored;
        dev.pyassist.config.Settings trusted;
        try {
            ignored = CheckCommand.settings(repo, false, java.util.Map.of("XDG_CONFIG_HOME", dir.toString()));
            trusted = CheckCommand.settings(repo, true, java.util.Map.of("XDG_CONFIG_HOME", dir.toString()));
        } finally {
            System.setErr(oldErr);
        }
        assertEquals("", ignored.validator().modelPath());
        assertEquals(0.25, ignored.validator().sensitivity(), "what a repository may set still applies");
        assertEquals(".tools/model", trusted.validator().modelPath());
        String said = stderr.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, said.lines().count(), "said once, and not again when trusted: " + said);
        assertTrue(said.startsWith("pyassist: ignored validator.modelPath from " + repo.resolve("pyproject.toml")), said);
        assertTrue(said.contains("--model") && said.contains("--trust-project-settings"), said);
    }
}
