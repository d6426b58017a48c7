package dev.pyassist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.dataset.DatasetFixture;
import dev.pyassist.dataset.Jsonl;
import dev.pyassist.llm.testing.MockLlmServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pyassist dataset} from the packaged jar, including a process killed in the middle of an annotation run. */
class DatasetJarIT {
    @TempDir
    Path dir;

    private Process start(Path stdout, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("pyassist.jar", "target/pyassist.jar")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().remove("OPENAI_API_KEY");
        pb.environment().remove("ANTHROPIC_API_KEY");
        return pb.start();
    }

    private int run(Path stdout, String... args) throws Exception {
        Process p = start(stdout, args);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        return p.exitValue();
    }

    @Test
    void buildThenAnnotateKilledMidRunThenResumed() throws Exception {
        Path repo = DatasetFixture.copyTo(dir.resolve("repo"));
        Path records = dir.resolve("records.jsonl");
        Path log = dir.resolve("out.txt");
        assertEquals(0, run(log, "dataset", "build", "--repo", repo.toString(), "--out", records.toString()));
        assertTrue(Files.readString(log).contains("records: 10 written"), Files.readString(log));
        try (MockLlmServer mock = MockLlmServer.start().reply("Annotated.").slowDelay(Duration.ofMillis(5))) {
            Path annotated = dir.resolve("annotated.jsonl");
            Process p = start(log, "dataset", "annotate", "--in", records.toString(), "--out", annotated.toString(),
                    "--backend", "openai", "--base-url", mock.openAiBaseUrl(MockLlmServer.Scenario.SLOW),
                    "--concurrency", "2");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while ((!Files.exists(annotated) || Files.readAllLines(annotated).size() < 2)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no flush at exit
            p.waitFor(30, TimeUnit.SECONDS);
            int partial = Jsonl.read(annotated).size(); // every line whole
            assertTrue(partial >= 2 && partial < 10, "killed mid-run: " + partial);
            assertEquals(0, run(log, "dataset", "annotate", "--in", records.toString(), "--out",
                    annotated.toString(), "--backend", "openai", "--base-url", mock.openAiBaseUrl()));
            String summary = Files.readString(log);
            assertTrue(summary.contains(partial + " already done"), summary);
            var ids = Jsonl.read(annotated).stream().map(n -> n.path("id").asText()).toList();
            assertEquals(10, ids.size(), "all done, none twice");
            assertEquals(10, new HashSet<>(ids).size());
            assertFalse(Files.readString(dir.resolve("stderr.txt")).contains("Exception"));
        }
    }
}
