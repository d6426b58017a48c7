package dev.pyassist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
    @TempDir
    Path dir;

    private String out;
    private String err;

    @BeforeEach
    void fixture() throws Exception {
        Files.writeString(dir.resolve("ok.py"), "def f(x):\n    return x + 1\n");
        Files.writeString(dir.resolve("broken.py"), "import os\n\nif os.sep\n    pass\n");
        for (String skipped : new String[] {".hidden", "venv/lib", "node_modules", "__pycache__"}) {
            Files.createDirectories(dir.resolve(skipped));
            Files.writeString(dir.resolve(skipped).resolve("bad.py"), "def (\n");
        }
        Files.writeString(dir.resolve("venv/pyvenv.cfg"), "home = /usr/bin\n");
        Files.writeString(dir.resolve("notes.txt"), "def (\n");
    }

    private int run(String... args) {
        if (args.length > 1) { // no cache folder in the folder the tests run in
            String[] more = new String[args.length + 1];
            more[0] = args[0];
            more[1] = "--no-cache";
            System.arraycopy(args, 1, more, 2, args.length - 1);
            args = more;
        }
        CliRun run = CliRun.of(args);
        out = run.out();
        err = run.err();
        return run.exitCode();
    }

    @Test
    void textFormatShowsEachErrorWithItsLineAndExitsOne() {
        assertEquals(1, run("check", dir.toString()));
        String broken = CheckedFile.display(dir.resolve("broken.py"));
        assertTrue(out.contains(broken + ":3:10: error: expected ':' [syntax.expected-colon]"), out);
        assertTrue(out.contains(" 3 | if os.sep\n   |          ^"), out);
        assertTrue(out.contains("Found 1 error in 1 file (2 files checked)."), out);
        assertTrue(!out.contains("bad.py"), "hidden folders, virtualenvs, node_modules and caches are skipped");
    }

    @Test
    void cleanFilesExitZero() {
        assertEquals(0, run("check", dir.resolve("ok.py").toString()));
        assertTrue(out.contains("No problems found (1 file checked)."), out);
    }

    @Test
    void explicitFilesAreCheckedWhateverTheirExtension() {
        assertEquals(1, run("check", dir.resolve("notes.txt").toString()));
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("check", dir.resolve("missing.py").toString()));
        assertTrue(err.contains("no such file or folder"), err);
        assertEquals(2, run("check", "--format", "xml", dir.toString()));
        assertEquals(2, run("check"));
        assertEquals(2, run("frobnicate"));
    }

    @Test
    void jsonFormatIsMachineReadable() throws Exception {
        assertEquals(1, run("check", "--format", "json", dir.toString()));
        JsonNode root = new ObjectMapper().readTree(out);
        assertEquals("pyassist", root.get("tool").asText());
        assertEquals(2, root.get("summary").get("files").asInt());
        assertEquals(1, root.get("summary").get("error").asInt());
        JsonNode d = root.get("files").get(0).get("diagnostics").get(0);
        assertEquals(3, d.get("line").asInt());
        assertEquals(10, d.get("column").asInt());
        assertEquals("error", d.get("severity").asText());
        assertEquals("syntax.expected-colon", d.get("code").asText());
        assertEquals("expected ':'", d.get("message").asText());
    }

    @Test
    void sarifFormatFollowsTwoOneZero() throws Exception {
        assertEquals(1, run("check", "--format", "sarif", dir.toString()));
        JsonNode root = new ObjectMapper().readTree(out);
        assertEquals("2.1.0", root.get("version").asText());
        JsonNode run = root.get("runs").get(0);
        assertEquals("pyassist", run.get("tool").get("driver").get("name").asText());
        assertEquals("syntax.expected-colon", run.get("tool").get("driver").get("rules").get(0).get("id").asText());
        JsonNode result = run.get("results").get(0);
        assertEquals("error", result.get("level").asText());
        assertEquals(0, result.get("ruleIndex").asInt());
        JsonNode region = result.get("locations").get(0).get("physicalLocation").get("region");
        assertEquals(3, region.get("startLine").asInt());
        assertEquals(10, region.get("startColumn").asInt());
    }
}
