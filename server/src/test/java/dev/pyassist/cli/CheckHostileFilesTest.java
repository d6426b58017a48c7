package dev.pyassist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.config.Settings;
import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.diagnostics.SyntaxLayer;
import dev.pyassist.files.ArtifactLimits;
import dev.pyassist.files.HostileFiles;
import dev.pyassist.names.NamesLayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code pyassist check} over files a repository can plant, an oversized artifact, and a NUL byte. */
class CheckHostileFilesTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(60) // a hang guard: a FIFO or /dev/stdin opened for reading would block the check
    void foldersWithDevicesFifosAndOutsideLinksAreCheckedWithoutReadingThem() throws Exception {
        Path repo = dir.resolve("repo");
        HostileFiles.plant(repo, dir.resolve("elsewhere"), ".py");
        Files.writeString(repo.resolve("ok.py"), "x = 1\n");
        CliRun run = CliRun.of("check", "--no-validator", repo.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("(1 file checked)"), run.out());
        assertFalse(run.out().contains("stolen") || run.out().contains(HostileFiles.SECRET), run.out());
    }

    @Test
    void aDeviceNamedOnTheCommandLineIsAClearErrorNotAnOutOfMemoryError() throws Exception {
        Path zero = Files.createSymbolicLink(dir.resolve("zero.py"), Path.of("/dev/zero"));
        CliRun run = CliRun.of("check", "--no-validator", zero.toString());
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("is not a regular file") && run.out().contains("[pyassist.unreadable]"),
                run.out());
    }

    @Test
    void anOversizedArtifactTurnsTheValidatorOffWithAMessageAndNoStackTrace() throws Exception {
        Path model = dir.resolve("model");
        Files.createDirectories(model);
        for (String f : new String[] {"model.onnx", "tokenizer.json", "validator.json"}) {
            Files.copy(CheckValidatorTest.tiny().resolve(f), model.resolve(f));
        }
        Path file = Files.writeString(dir.resolve("ok.py"), "x = 1\n");
        System.setProperty(ArtifactLimits.TOKENIZER_PROPERTY, "16384");
        CliRun run;
        try {
            run = CliRun.of("check", "--model", model.toString(), file.toString());
        } finally {
            System.clearProperty(ArtifactLimits.TOKENIZER_PROPERTY);
        }
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("the neural validator is off: validator model refused: ")
                && run.err().contains("tokenizer.json is larger than the limit of 16 KiB"), run.err());
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), "no stack trace: " + run.err());
    }

    @Test
    void aNulByteInsideAStringCommentOrDocstringIsTheSameErrorInCheckAndTheEditor() throws Exception {
        var pipeline = new AnalysisPipeline(List.of(new SyntaxLayer(), new NamesLayer()));
        String[] texts = {"s = 'a\0b'\n", "x = 1  # \0\n", "def f():\n    \"\"\"doc\0\"\"\"\n"};
        for (String text : texts) {
            Path file = dir.resolve("nul.py");
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            CliRun run = CliRun.of("check", "--no-validator", "--format", "json", file.toString());
            assertEquals(1, run.exitCode(), run.out());
            assertTrue(run.out().contains("source code cannot contain null bytes"), run.out());
            // the editor's path: the text of the buffer through the same pipeline, no bytes
            var editor = pipeline.analyze(text, file.toString(), Settings.defaults());
            assertEquals(1, editor.size(), editor.toString());
            assertEquals("syntax.null-bytes", editor.get(0).code());
            assertEquals(text.indexOf('\0'), editor.get(0).start());
            assertTrue(run.out().contains("\"syntax.null-bytes\""), run.out());
        }
    }
}
