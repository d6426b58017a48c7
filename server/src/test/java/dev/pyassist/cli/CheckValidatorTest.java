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
        assertEquals(0, run("check", "--model", tiny().toString(), file.toString()), "warnings do not fail a check");
        assertTrue(out.contains(": warning: ") && out.contains("(validator, 0.47) [validator."), out);
        assertEquals(0, run("check", "--no-validator", "--model", tiny().toString(), file.toString()));
        assertFalse(out.contains("validator"), out);
        assertTrue(out.contains("No problems found"), out);
        assertEquals(0, run("check", "--format", "json", "--model", tiny().toString(), file.toString()));
        assertTrue(out.contains("\"confidence\"") || out.contains("validator."), out);
    }

    @Test
    void aBrokenModelIsSaidOnStderrAndTheSyntaxCheckStillRuns() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.py"), "def f(:\n    pass\n");
        assertEquals(1, run("check", "--model", dir.resolve("missing").toString(), file.toString()));
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
