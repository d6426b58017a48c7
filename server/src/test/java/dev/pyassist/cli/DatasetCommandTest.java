package dev.pyassist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.dataset.DatasetFixture;
import dev.pyassist.dataset.Jsonl;
import dev.pyassist.llm.testing.MockLlmServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCommandTest {
    private static final String KEY = "sk-cli-dataset-secret-0123456789";

    @TempDir
    Path dir;

    private MockLlmServer mock;
    private Path repo;
    private Path settings;
    private String out;
    private String err;

    @BeforeEach
    void setUp() throws Exception {
        mock = MockLlmServer.start().requireApiKey(KEY).reply("It clamps.");
        repo = DatasetFixture.copyTo(dir.resolve("repo"));
        settings = Files.createDirectories(dir.resolve("settings"));
        Files.writeString(settings.resolve("pyproject.toml"), "[tool.pyassist.llm.openai]\n"
                + "apiKey = \"" + KEY + "\"\nmodel = \"mock-model\"\nmaxRetries = 0\n"
                + "[tool.pyassist.dataset.prices.\"mock-model\"]\ninput = 1.5\noutput = 6\n");
    }

    @AfterEach
    void tearDown() {
        mock.close();
    }

    private int run(String... args) {
        CliRun r = CliRun.of(args);
        out = r.out();
        err = r.err();
        return r.exitCode();
    }

    private Path build() {
        Path records = dir.resolve("data/records.jsonl");
        assertEquals(0, run("dataset", "build", "--repo", repo.toString(), "--out", records.toString()), err);
        return records;
    }

    @Test
    void buildWritesTheFileAtomicallyAndPrintsASummary() throws Exception {
        Path records = build();
        assertEquals(10, Files.readAllLines(records).size());
        assertTrue(out.contains("files: 6 seen, 4 parsed, 2 skipped {syntax-error=1, undecodable=1}"), out);
        assertTrue(out.contains("records: 10 written; by kind {class=1, function=6, method=3}"), out);
        assertTrue(out.contains("skipped pkg/broken.py: line 1: invalid syntax"), out);
        try (Stream<Path> files = Files.list(records.getParent())) {
            assertEquals(List.of("records.jsonl"), files.map(p -> p.getFileName().toString())
                    .collect(Collectors.toList()), "no temporary file left behind");
        }
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("dataset", "build", "--repo", repo.toString(), "--out", "x.jsonl", "--split", "90/10"));
        assertTrue(err.contains("--split needs three weights"), err);
        assertEquals(2, run("dataset", "build", "--out", "x.jsonl"));
        assertEquals(2, run("dataset", "build", "--repo", dir.resolve("nope").toString(), "--out", "x.jsonl"));
        assertTrue(err.contains("no such folder"), err);
        assertEquals(2, run("dataset", "build", "--repo", repo.toString(), "--out", "x.jsonl", "--docstring", "maybe"));
        assertEquals(2, run("dataset", "pairs", "--in", "a", "--out", "b", "--task", "translate"));
        assertEquals(2, run("dataset"));
    }

    @Test
    void badInputFailsWithOneLineNamingTheFile() throws Exception {
        assertEquals(1, run("dataset", "annotate", "--in", dir.resolve("missing.jsonl").toString(), "--out",
                dir.resolve("o.jsonl").toString()));
        assertTrue(err.contains("pyassist: no such file: "), err);
        Path notJson = dir.resolve("bad.jsonl");
        Files.writeString(notJson, "{\"id\": \"a\", \"code\": \"x\"}\nnot json\n");
        assertEquals(1, run("dataset", "pairs", "--in", notJson.toString(), "--out", dir.resolve("p.jsonl").toString(),
                "--task", "summarize"));
        assertTrue(err.contains("bad.jsonl:2: not a JSON object"), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        Path records = build();
        assertEquals(1, run("dataset", "annotate", "--in", records.toString(), "--out", records.toString()));
        assertTrue(err.contains("--out must be another file than --in"), err);
    }

    @Test
    void annotateUsesTheSettingsAndFlagsAndNeverPrintsTheKey() throws Exception {
        Path records = build();
        Path annotated = dir.resolve("data/annotated.jsonl");
        assertEquals(0, run("dataset", "annotate", "--in", records.toString(), "--out", annotated.toString(),
                "--settings-dir", settings.toString(), "--backend", "openai", "--base-url", mock.openAiBaseUrl(),
                "--concurrency", "3", "--limit", "3", "--trust-project-settings"), err + out);
        assertFalse(err.contains("ignored"), "trusted: nothing ignored: " + err);
        assertEquals(3, Files.readAllLines(annotated).size());
        assertTrue(out.contains("7 records still to annotate"), out);
        assertEquals(0, run("dataset", "annotate", "--in", records.toString(), "--out", annotated.toString(),
                "--settings-dir", settings.toString(), "--base-url", mock.openAiBaseUrl(), "--model", "other-model",
                "--trust-project-settings"), err + out);
        assertTrue(out.contains("10 records, 3 already done, 7 tried, 7 annotated, 0 failed"), out);
        assertEquals(10, Files.readAllLines(annotated).size());
        Path meta = dir.resolve("data/annotated.meta.jsonl");
        assertEquals(10, Files.readAllLines(meta).size(), "metadata beside the output by default");
        assertEquals("other-model", mock.requests().get(mock.requestCount() - 1).json().path("model").asText());
        for (String text : new String[] {out, err, Files.readString(annotated), Files.readString(meta)}) {
            assertFalse(text.contains(KEY), "the API key leaked");
        }
    }

    @Test
    void annotateInARepositorySendsNothingToItsEndpointAndNotItsKey() throws Exception {
        // issue 23: `dataset annotate` run inside a repository sent the records and the key where its
        // pyproject.toml said; the user's endpoint (here --base-url) must get them, without the repository's key
        try (MockLlmServer theirs = MockLlmServer.start().reply("stolen");
             MockLlmServer users = MockLlmServer.start().reply("It clamps.")) {
            Files.writeString(repo.resolve("pyproject.toml"), "[tool.pyassist.llm]\ndefaultBackend = \"openai\"\n"
                    + "[tool.pyassist.llm.openai]\nbaseUrl = \"" + theirs.openAiBaseUrl() + "\"\n"
                    + "apiKey = \"" + KEY + "\"\nmodel = \"mock-model\"\nmaxRetries = 0\n");
            Path records = build();
            assertEquals(0, run("dataset", "annotate", "--in", records.toString(), "--out",
                    dir.resolve("a.jsonl").toString(), "--settings-dir", repo.toString(), "--limit", "2",
                    "--base-url", users.openAiBaseUrl()), err + out);
            assertEquals(0, theirs.requestCount());
            assertEquals(2, users.requestCount());
            assertEquals("mock-model", users.requests().get(0).json().path("model").asText(), "a model name may come "
                    + "from the repository");
            assertFalse(users.requests().get(0).toString().contains(KEY));
            assertTrue(err.contains("ignored llm.defaultBackend, llm.openai.baseUrl, llm.openai.apiKey from "
                    + repo.resolve("pyproject.toml")), err);
            assertTrue(err.contains("--trust-project-settings"), err);
            assertFalse(err.contains(KEY) || err.contains(theirs.openAiBaseUrl()), err);
        }
    }

    @Test
    void theLocalBackendIsOfferedAndExplainsAMissingModel() throws Exception {
        Path records = build();
        assertEquals(1, run("dataset", "annotate", "--in", records.toString(), "--out",
                dir.resolve("local.jsonl").toString(), "--settings-dir", settings.toString(), "--backend", "local",
                "--limit", "1"));
        assertTrue((out + err).contains("pyassist.llm.local.model"), out + err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void failedCallsExitOneAndSayWhy() throws Exception {
        Path records = build();
        assertEquals(1, run("dataset", "annotate", "--in", records.toString(), "--out",
                dir.resolve("a.jsonl").toString(), "--settings-dir", settings.toString(), "--base-url",
                mock.openAiBaseUrl(MockLlmServer.Scenario.FAIL), "--limit", "2"));
        assertTrue(out.contains("2 failed"), out);
        assertFalse((out + err).contains(KEY));
    }

    @Test
    void dryRunPrintsTheEstimateAndSendsNothing() throws Exception {
        Path records = build();
        assertEquals(0, run("dataset", "annotate", "--in", records.toString(), "--out",
                dir.resolve("a.jsonl").toString(), "--settings-dir", settings.toString(), "--base-url",
                mock.openAiBaseUrl(), "--dry-run", "--max-tokens", "100"), err);
        assertTrue(out.contains("dry run: 10 requests to mock-model"), out);
        assertTrue(out.contains("output tokens: <= 1000 (100 max tokens per request)"), out);
        assertTrue(out.contains("at $1.5/M") && out.contains("at $6/M"), out);
        assertEquals(0, mock.requestCount());
        assertFalse(Files.exists(dir.resolve("a.jsonl")));
    }

    @Test
    void buildWithAnnotateDelegates() throws Exception {
        Files.copy(settings.resolve("pyproject.toml"), repo.resolve("pyproject.toml"));
        Path records = dir.resolve("r.jsonl");
        assertEquals(0, run("dataset", "build", "--repo", repo.toString(), "--out", records.toString(), "--annotate",
                "--base-url", mock.openAiBaseUrl(), "--trust-project-settings"), err + out);
        assertEquals(10, Files.readAllLines(dir.resolve("r.annotated.jsonl")).size());
        assertEquals(10, Files.readAllLines(dir.resolve("r.annotated.meta.jsonl")).size());
    }

    @Test
    void pairsWritesTrainingFormats() throws Exception {
        Path records = build();
        Path pairs = dir.resolve("pairs.jsonl");
        assertEquals(0, run("dataset", "pairs", "--in", records.toString(), "--task", "generate", "--out",
                pairs.toString(), "--split", "train"));
        assertTrue(out.contains("pairs (generate): 4 written"), out);
        var lines = Jsonl.read(pairs);
        assertEquals(4, lines.size());
        assertTrue(lines.stream().allMatch(n -> n.has("id") && n.has("input") && n.has("output")));
    }
}
