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
}
