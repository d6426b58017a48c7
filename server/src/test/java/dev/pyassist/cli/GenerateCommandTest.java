package dev.pyassist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.llm.local.FakeEngineJar;
import dev.pyassist.llm.local.FakeEngineProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    @TempDir
    Path dir;
    String jar;
    String model;

    @BeforeEach
    void setUp() throws Exception {
        FakeEngineProvider.reset();
        jar = FakeEngineJar.withProvider(dir.resolve("jar")).toString();
        model = FakeEngineProvider.model(dir.resolve("model"), "def add(a, b):\n    return a + b\n").toString();
    }

    @Test
    void streamsTheCompletionToStdoutAndStatsToStderr() {
        CliRun r = CliRun.of("generate", "--engine-jar", jar, "--model", model, "--prompt", "# add two numbers\n",
                "--max-tokens", "50", "--stats", "--warmup", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("def add(a, b):\n    return a + b\n\n", r.out());
        assertTrue(r.err().contains("stats: load_ms="), r.err());
        assertTrue(r.err().contains("generated_tokens=11 "), r.err());
        assertTrue(r.err().contains("first_token_ms="), r.err());
        assertTrue(r.err().contains("tokens_per_s="), r.err());
        assertTrue(r.err().contains("finish=stop"), r.err());
        assertTrue(r.err().contains("token_ids=1,2,3,4,5,6,7,8,9,10,11"), r.err());
        assertEquals(3, FakeEngineProvider.CALLS.size(), "two warm-up runs, then the printed one");
        var call = FakeEngineProvider.CALLS.get(2);
        assertEquals("# add two numbers\n", call.prompt(), "the prompt goes as is, no template");
        assertTrue(call.options().isGreedy());
        assertEquals(1, FakeEngineProvider.closes(), "the engine is closed at the end");
    }

    @Test
    void adaptersTaskSamplingAndStopAreForwarded() throws Exception {
        Path sum = FakeEngineProvider.adapter(dir.resolve("sum"), "Adds.END more");
        Path gen = FakeEngineProvider.adapter(dir.resolve("gen"), "x");
        Path promptFile = dir.resolve("prompt.txt");
        Files.writeString(promptFile, "def f(): pass");
        CliRun r = CliRun.of("generate", "--engine-jar", jar, "--model", model, "--adapter", "summarize=" + sum,
                "--adapter", "generate=" + gen, "--task", "summarize", "--prompt-file", promptFile.toString(),
                "--temperature", "0.7", "--top-k", "5", "--top-p", "0.5", "--repetition-penalty", "1.2",
                "--stop", "END", "--seed", "7", "--threads", "1");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("Adds.\n", r.out());
        var call = FakeEngineProvider.CALLS.get(0);
        assertEquals("summarize", call.adapter());
        assertEquals("def f(): pass", call.prompt());
        assertEquals(0.7, call.options().temperature());
        assertEquals(5, call.options().topK());
        assertEquals(0.5, call.options().topP());
        assertEquals(1.2, call.options().repetitionPenalty());
        assertEquals(7, call.options().seed());

        CliRun merged = CliRun.of("generate", "--engine-jar", jar, "--model", model, "--adapter", "generate=" + gen,
                "--merge", "generate", "--prompt", "p");
        assertEquals(0, merged.exitCode(), merged.err());
        assertEquals("x\n", merged.out());
    }

    @Test
    void usageErrorsExitWith2() {
        CliRun noPrompt = CliRun.of("generate", "--engine-jar", jar, "--model", model);
        assertEquals(2, noPrompt.exitCode());
        assertTrue(noPrompt.err().contains("a prompt is needed"), noPrompt.err());
        CliRun noAdapter = CliRun.of("generate", "--engine-jar", jar, "--model", model, "--task", "translate",
                "--prompt", "p");
        assertEquals(2, noAdapter.exitCode());
        assertTrue(noAdapter.err().contains("--task translate has no adapter"), noAdapter.err());
        CliRun badTopP = CliRun.of("generate", "--engine-jar", jar, "--model", model, "--prompt", "p", "--top-p", "2");
        assertEquals(2, badTopP.exitCode());
        assertTrue(badTopP.err().contains("topP"), badTopP.err());
        assertEquals(2, CliRun.of("generate", "--prompt", "p").exitCode(), "--model is required");
        assertEquals(0, FakeEngineProvider.LOADS.get());
    }

    @Test
    void failuresExitWith1WithAClearMessageAndNoStackTrace() {
        CliRun noJar = CliRun.of("generate", "--engine-jar", dir.resolve("none.jar").toString(), "--model", model,
                "--prompt", "p");
        assertEquals(1, noJar.exitCode());
        assertTrue(noJar.err().startsWith("pyassist generate: "), noJar.err());
        assertTrue(noJar.err().contains("mvn -pl local-engine -am package"), noJar.err());
        assertFalse(noJar.err().contains("\tat "), noJar.err());
        CliRun badModel = CliRun.of("generate", "--engine-jar", jar, "--model", dir.resolve("nothing").toString(),
                "--prompt", "p");
        assertEquals(1, badModel.exitCode());
        assertTrue(badModel.err().contains("reply.txt is missing"), badModel.err());
        assertEquals("", badModel.out());
    }
}
