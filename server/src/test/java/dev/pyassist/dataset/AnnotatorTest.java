package dev.pyassist.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyassist.llm.BackendRegistry;
import dev.pyassist.config.LlmSettings;
import dev.pyassist.llm.testing.MockLlmServer;
import dev.pyassist.llm.testing.MockResponse;
import dev.pyassist.llm.testing.ProviderStyle;
import dev.pyassist.llm.testing.TestBackends;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotatorTest {
    private static final String KEY = "sk-test-annotate-0123456789abcdef";

    @TempDir
    Path dir;

    private MockLlmServer mock;
    private Path in;
    private Path out;
    private Path meta;
    private List<DatasetRecord> records;

    @BeforeEach
    void setUp() throws Exception {
        mock = MockLlmServer.start().requireApiKey(KEY).reply("Clamps or scales numbers.");
        records = new DatasetBuilder(BuildOptions.defaults(), DatasetBuilder.Progress.NONE)
                .build(DatasetFixture.copyTo(dir.resolve("repo"))).records();
        in = dir.resolve("records.jsonl");
        Jsonl.writeAtomically(in, records);
        out = dir.resolve("annotated.jsonl");
        meta = dir.resolve("annotated.meta.jsonl");
    }

    @AfterEach
    void tearDown() {
        mock.close();
    }

    private BackendRegistry registry(String baseUrl, int httpRetries) {
        LlmSettings.Endpoint e = TestBackends.endpoint(baseUrl, KEY).withRetries(httpRetries, 50, 5_000);
        return BackendRegistry.withRemoteBackends(new LlmSettings(e, null, "openai", Map.of()), Map.of());
    }

    private Annotator annotator(BackendRegistry registry, int concurrency, int limit, int rateLimitRetries) {
        return new Annotator(registry, new PromptTemplate(DatasetSettings.DEFAULT_PROMPT),
                new Annotator.Options(concurrency, limit, null, 64, rateLimitRetries, Duration.ofMillis(20)), s -> { });
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        return Jsonl.read(file);
    }

    private List<String> ids(Path file) throws Exception {
        return lines(file).stream().map(n -> n.path("id").asText()).collect(Collectors.toList());
    }

    private Set<String> allIds() {
        return records.stream().map(DatasetRecord::id).collect(Collectors.toSet());
    }

    @Test
    void annotatesEveryRecordAndKeepsMetadataApart() throws Exception {
        Annotator.Report report = annotator(registry(mock.openAiBaseUrl(), 2), 3, 0, 0).run(in, out, meta);
        assertEquals(records.size(), report.annotated());
        assertEquals(List.of(), report.failures());
        assertEquals(allIds(), new HashSet<>(ids(out)));
        assertEquals(records.size(), ids(out).size(), "one line per record");
        for (JsonNode n : lines(out)) {
            assertEquals("Clamps or scales numbers.", n.path("annotation").asText());
            assertTrue(n.has("code") && n.has("qualname") && n.has("split"), "the record's fields are kept");
            for (String metaField : new String[] {"model", "input_tokens", "latency_ms", "finish_reason", "error"}) {
                assertFalse(n.has(metaField), "no call metadata in the data: " + metaField);
            }
        }
        List<JsonNode> m = lines(meta);
        assertEquals(records.size(), m.size());
        for (JsonNode n : m) {
            assertEquals("openai", n.path("backend").asText());
            assertEquals("mock-model", n.path("model").asText());
            assertTrue(n.path("input_tokens").asInt() > 10, n.toString());
            assertEquals(4, n.path("output_tokens").asInt(), "four words of the mock's reply");
            assertTrue(n.path("latency_ms").asLong() >= 0);
            assertEquals("stop", n.path("finish_reason").asText());
            assertEquals(1, n.path("attempts").asInt());
            assertTrue(n.path("error").isNull());
            assertEquals("chatcmpl-mock", n.path("response_id").asText(), "the response's own id: " + n);
        }
        assertEquals(allIds(), m.stream().map(n -> n.path("id").asText()).collect(Collectors.toSet()));
        // the prompt carries the code and names; the request asks for the output limit given
        JsonNode request = mock.requests().get(0).json();
        assertEquals(64, request.path("max_tokens").asInt());
        assertEquals("system", request.path("messages").get(0).path("role").asText());
        String prompt = request.path("messages").get(1).path("content").asText();
        assertTrue(prompt.contains("```python\n") && prompt.contains("Describe this Python "), prompt);
        for (Path f : new Path[] {out, meta}) {
            assertFalse(Files.readString(f, StandardCharsets.UTF_8).contains(KEY), "no API key in " + f);
        }
        assertFalse(report.render().contains(KEY));
    }

    @Test
    void atMostConcurrencyCallsAreInFlight() throws Exception {
        mock.slowDelay(Duration.ofMillis(5)); // each call takes 200 x 5 ms = 1 s
        Annotator a = annotator(registry(mock.openAiBaseUrl(MockLlmServer.Scenario.SLOW), 0), 3, 6, 0);
        long t0 = System.nanoTime();
        assertEquals(6, a.run(in, out, meta).annotated());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds >= 1.9, "six 1 s calls, three at a time, need two rounds: " + seconds);
        assertTrue(seconds < 5.5, "but they do run side by side (one at a time would take 6 s): " + seconds);
    }

    @Test
    void worksWithTheAnthropicBackendToo() throws Exception {
        LlmSettings.Endpoint e = TestBackends.endpoint(mock.anthropicBaseUrl(), KEY);
        BackendRegistry anthropic = BackendRegistry.withRemoteBackends(
                new LlmSettings(null, e, "anthropic", Map.of()), Map.of());
        Annotator.Report r = annotator(anthropic, 2, 2, 0).run(in, out, meta);
        assertEquals(2, r.annotated());
        assertEquals("/v1/messages", mock.requests().get(0).path());
        JsonNode m = lines(meta).get(0);
        assertEquals("anthropic", m.path("backend").asText());
        assertEquals("stop", m.path("finish_reason").asText(), "Anthropic's end_turn, normalised");
        assertEquals("Clamps or scales numbers.", lines(out).get(0).path("annotation").asText());
    }

    @Test
    void limitThenRerunFinishesWithoutDuplicates() throws Exception {
        Annotator.Report first = annotator(registry(mock.openAiBaseUrl(), 2), 2, 4, 0).run(in, out, meta);
        assertEquals(4, first.annotated());
        assertEquals(4, ids(out).size());
        assertTrue(first.render().contains((records.size() - 4) + " records still to annotate"), first.render());
        Annotator.Report second = annotator(registry(mock.openAiBaseUrl(), 2), 2, 0, 0).run(in, out, meta);
        assertEquals(4, second.alreadyDone());
        assertEquals(records.size() - 4, second.annotated());
        List<String> ids = ids(out);
        assertEquals(records.size(), ids.size(), "no duplicates");
        assertEquals(allIds(), new HashSet<>(ids));
        assertEquals(records.size(), mock.requestCount(), "no record was asked twice");
        Annotator.Report third = annotator(registry(mock.openAiBaseUrl(), 2), 2, 0, 0).run(in, out, meta);
        assertEquals(0, third.attempted(), "nothing left to do");
    }

    @Test
    void interruptedRunLosesOnlyInFlightRecordsAndResumes() throws Exception {
        mock.slowDelay(Duration.ofMillis(5)); // a non-streaming answer on the slow route takes 200 x 5 ms
        Annotator slow = annotator(registry(mock.openAiBaseUrl(MockLlmServer.Scenario.SLOW), 0), 2, 0, 0);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread run = new Thread(() -> {
            try {
                slow.run(in, out, meta);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        run.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while ((!Files.exists(out) || Files.readAllLines(out).size() < 2) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        run.interrupt();
        run.join(20_000);
        assertFalse(run.isAlive());
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        List<String> partial = ids(out); // every line whole: Jsonl.read would fail on half a line
        assertTrue(partial.size() >= 2 && partial.size() < records.size(), partial.toString());
        // a crash in the middle of a write leaves half a line: the next run removes it
        Files.writeString(out, "{\"id\":\"half", java.nio.file.StandardOpenOption.APPEND); // as the tool writes it
        Annotator.Report rest = annotator(registry(mock.openAiBaseUrl(), 2), 3, 0, 0).run(in, out, meta);
        assertEquals(partial.size(), rest.alreadyDone());
        List<String> ids = ids(out);
        assertEquals(records.size(), ids.size(), "all done, none twice");
        assertEquals(allIds(), new HashSet<>(ids));
    }

    @Test
    void rateLimitWithRetryAfterIsWaitedOutByTheBackend() throws Exception {
        Path one = dir.resolve("one.jsonl");
        Jsonl.writeAtomically(one, records.subList(0, 1));
        mock.enqueue(MockResponse.json(429, ProviderStyle.openAiError("Rate limit reached", "requests",
                "rate_limit_exceeded")).header("Retry-After", "1"));
        Annotator.Report r = annotator(registry(mock.openAiBaseUrl(), 2), 1, 0, 0).run(one, out, meta);
        assertEquals(1, r.annotated());
        JsonNode m = lines(meta).get(0);
        assertEquals(2, m.path("attempts").asInt());
        assertTrue(m.path("latency_ms").asLong() >= 1000, "Retry-After: 1 was honoured: " + m);
        assertEquals(2, mock.requestCount());
    }

    @Test
    void finalRateLimitBacksOffAndRetriesTheRecord() throws Exception {
        Path one = dir.resolve("one.jsonl");
        Jsonl.writeAtomically(one, records.subList(0, 1));
        for (int i = 0; i < 2; i++) {
            mock.enqueue(MockResponse.json(429, ProviderStyle.openAiError("Rate limit reached", "requests",
                    "rate_limit_exceeded")).header("Retry-After", "0"));
        }
        Annotator.Report r = annotator(registry(mock.openAiBaseUrl(), 0), 1, 0, 3).run(one, out, meta);
        assertEquals(1, r.annotated());
        List<JsonNode> m = lines(meta);
        assertEquals(List.of("RATE_LIMITED", "RATE_LIMITED", "null"), m.stream()
                .map(n -> n.path("error_kind").isNull() ? "null" : n.path("error_kind").asText())
                .collect(Collectors.toList()));
        assertEquals(1, ids(out).size());
    }

    @Test
    void givesUpOnARecordStillRateLimitedAndReportsIt() throws Exception {
        mock.retryAfter("0");
        Path two = dir.resolve("two.jsonl");
        Jsonl.writeAtomically(two, records.subList(0, 2));
        Annotator.Report r = annotator(registry(mock.openAiBaseUrl(MockLlmServer.Scenario.RATE_LIMITED), 0), 1, 0, 1)
                .run(two, out, meta);
        assertEquals(0, r.annotated());
        assertEquals(2, r.failures().size());
        assertEquals(2, r.rateLimited());
        assertEquals(4, mock.requestCount(), "each record: one try and one retry");
        assertEquals(0, Files.readString(out).length());
        assertTrue(r.render().contains("2 failed (2 rate limited)"), r.render());
    }

    @Test
    void aRefusedKeyStopsTheRun() throws Exception {
        Annotator.Report r = annotator(registry(mock.openAiBaseUrl(MockLlmServer.Scenario.UNAUTHORIZED), 0), 1, 0, 0)
                .run(in, out, meta);
        assertNotNull(r.stopped());
        assertTrue(r.attempted() <= 2, "stops after the first refusal, not after every record: " + r.attempted());
        assertFalse(r.render().contains(KEY));
        assertFalse(Files.readString(meta).contains(KEY));
    }

    @Test
    void dryRunEstimateIsCharsOverFourPlusFraming() throws Exception {
        Annotator a = new Annotator(registry(mock.openAiBaseUrl(), 0), new PromptTemplate("Q: {qualname}\n{code}"),
                new Annotator.Options(1, 0, null, 100, 0, Duration.ZERO), s -> { });
        List<JsonNode> todo = Jsonl.read(in).subList(0, 2);
        long expected = 0;
        for (JsonNode r : todo) {
            int chars = DatasetSettings.SYSTEM.length() + ("Q: " + r.path("qualname").asText() + "\n"
                    + r.path("code").asText()).length();
            expected += (chars + 3) / 4 + 8;
        }
        DatasetSettings settings = new DatasetSettings(null,
                Map.of("mock-model", new DatasetSettings.Price(2.0, 10.0)));
        CostEstimate e = CostEstimate.of(todo, a, "mock-model", 100, settings);
        assertEquals(2, e.records());
        assertEquals(expected, e.inputTokens());
        assertEquals(200, e.outputTokens());
        assertEquals(expected * 2.0 / 1e6 + 200 * 10.0 / 1e6, e.costUsd(), 1e-12);
        assertTrue(e.render().contains("output tokens: <= 200"), e.render());
        assertEquals(null, CostEstimate.of(todo, a, "other", 100, settings).costUsd());
        assertTrue(CostEstimate.of(todo, a, "other", 100, settings).render().contains("no price for model 'other'"));
        assertEquals(0, mock.requestCount(), "a dry run sends nothing");
    }

    @Test
    void theDryRunPricesCommonModelsFromADatedTableThatSettingsOverride() throws Exception {
        Annotator a = new Annotator(registry(mock.openAiBaseUrl(), 0), new PromptTemplate("Q: {qualname}\n{code}"),
                new Annotator.Options(1, 0, null, 100, 0, Duration.ZERO), s -> { });
        List<JsonNode> todo = Jsonl.read(in).subList(0, 2);
        CostEstimate table = CostEstimate.of(todo, a, "gpt-4o-mini-2024-07-18", 100, new DatasetSettings(null, Map.of()));
        assertEquals(table.inputTokens() * 0.15 / 1e6 + 200 * 0.60 / 1e6, table.costUsd(), 1e-12);
        assertTrue(table.render().contains("list prices of " + ModelPrices.DATE), table.render());
        CostEstimate own = CostEstimate.of(todo, a, "gpt-4o-mini-2024-07-18", 100, new DatasetSettings(null,
                Map.of("gpt-4o-mini-2024-07-18", new DatasetSettings.Price(1.0, 1.0))));
        assertEquals((own.inputTokens() + 200) / 1e6, own.costUsd(), 1e-12);
        assertFalse(own.render().contains("list prices of"), own.render());
        assertTrue(ModelPrices.of("claude-3-5-haiku-20241022").isPresent());
        assertTrue(ModelPrices.of("gpt-4o-mini-tts").isEmpty(), "another model, not a snapshot: no price");
        assertTrue(ModelPrices.of("mock-model").isEmpty());
    }

    @Test
    void aWholeLastRecordWithoutNewlineIsKept() throws Exception {
        annotator(registry(mock.openAiBaseUrl(), 2), 1, 2, 0).run(in, out, meta);
        for (Path f : new Path[] {out, meta}) { // e.g. an editor that dropped the final newline
            String text = Files.readString(f);
            Files.writeString(f, text.substring(0, text.length() - 1));
        }
        Annotator.Report rest = annotator(registry(mock.openAiBaseUrl(), 2), 2, 0, 0).run(in, out, meta);
        assertEquals(2, rest.alreadyDone(), "the paid-for records were kept");
        assertEquals(records.size(), ids(out).size(), "all done, none twice");
        assertEquals(allIds(), new HashSet<>(ids(out)));
        assertEquals(records.size(), mock.requestCount());
        assertEquals(records.size(), lines(meta).size());
    }

    @Test
    void aFileThatIsNotOursIsRefusedAndNotChanged() throws Exception {
        Path notes = dir.resolve("notes.txt");
        String text = "buy milk\ncall Bob";
        Files.writeString(notes, text);
        DatasetException e = org.junit.jupiter.api.Assertions.assertThrows(DatasetException.class,
                () -> annotator(registry(mock.openAiBaseUrl(), 2), 1, 0, 0).run(in, notes, meta));
        assertTrue(e.getMessage().contains("notes.txt:1") && e.getMessage().contains("Nothing in it was changed"),
                e.getMessage());
        assertEquals(text, Files.readString(notes));
        assertEquals(0, mock.requestCount());
        assertFalse(Files.exists(meta));
        org.junit.jupiter.api.Assertions.assertThrows(DatasetException.class, () -> Annotator.doneIdsReadOnly(notes),
                "a dry run refuses it too");
        // JSON records of another kind, ending in a line cut off that is not one of ours either
        String other = "{\"id\":\"a\",\"code\":\"x\"}\n{\"name\": \"b";
        Files.writeString(notes, other);
        org.junit.jupiter.api.Assertions.assertThrows(DatasetException.class,
                () -> annotator(registry(mock.openAiBaseUrl(), 2), 1, 0, 0).run(in, notes, meta));
        assertEquals(other, Files.readString(notes));
    }

    @Test
    void aRefusedMetadataFileLeavesTheOutputAsItWasToo() throws Exception {
        annotator(registry(mock.openAiBaseUrl(), 2), 1, 2, 0).run(in, out, meta);
        Files.writeString(out, "{\"id\":\"cut", java.nio.file.StandardOpenOption.APPEND);
        String before = Files.readString(out);
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "meeting at 10");
        org.junit.jupiter.api.Assertions.assertThrows(DatasetException.class,
                () -> annotator(registry(mock.openAiBaseUrl(), 2), 1, 0, 0).run(in, out, notes));
        assertEquals(before, Files.readString(out), "checked both before touching either");
        assertEquals("meeting at 10", Files.readString(notes));
    }

    @Test
    void anEchoedKeyNeverReachesTheAnnotationsOrTheMetadata() throws Exception {
        String envKey = "self-hosted-token-0a9b8c7d6e5f";
        mock.reply("Clamps numbers; keys " + KEY + " " + envKey);
        LlmSettings.Endpoint e = TestBackends.endpoint(mock.openAiBaseUrl(), KEY);
        BackendRegistry r = BackendRegistry.withRemoteBackends(new LlmSettings(e, null, "openai", Map.of()),
                Map.of("ANTHROPIC_API_KEY", envKey));
        annotator(r, 2, 3, 0).run(in, out, meta);
        assertEquals("Clamps numbers; keys [redacted] [redacted]", lines(out).get(0).path("annotation").asText());
        for (Path f : new Path[] {out, meta}) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            assertFalse(text.contains(KEY) || text.contains(envKey), "a key in " + f);
        }
    }

    @Test
    void promptPlaceholdersAreFilledOnce() throws Exception {
        JsonNode r = Jsonl.JSON.readTree("{\"code\": \"x = '{path}'\", \"qualname\": \"f\", \"path\": \"a.py\", "
                + "\"docstring\": null, \"kind\": \"function\"}");
        assertEquals("f in a.py [] function: x = '{path}' {other}",
                new PromptTemplate("{qualname} in {path} [{docstring}] {kind}: {code} {other}").fill(r));
    }
}
