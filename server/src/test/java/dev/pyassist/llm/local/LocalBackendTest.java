package dev.pyassist.llm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.llm.BackendRegistry;
import dev.pyassist.llm.FinishReason;
import dev.pyassist.llm.LlmCall;
import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.LlmRequest;
import dev.pyassist.llm.LlmResult;
import dev.pyassist.config.LlmSettings;
import dev.pyassist.config.LlmTask;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBackendTest {
    @TempDir
    Path dir;
    Path jar;
    Path model;
    LocalEngineHost host;

    @BeforeEach
    void setUp() throws Exception {
        FakeEngineProvider.reset();
        jar = FakeEngineJar.withProvider(dir.resolve("jar"));
        model = FakeEngineProvider.model(dir.resolve("model"), "base answer");
        host = new LocalEngineHost(Map.of(), null);
    }

    @AfterEach
    void tearDown() {
        host.close();
    }

    private LlmSettings.Local local(Map<String, String> adapters, String merge) {
        return new LlmSettings.Local(model.toString(), adapters, merge, 2, jar.toString(), 40, 0.9, 1.1);
    }

    private static LlmRequest request(LlmTask task) {
        return LlmRequest.builder(task).system("You write docstrings.").user("def add(a, b): return a + b")
                .maxTokens(32).temperature(0.2).stop("\n\n\n").build();
    }

    @Test
    void thePromptIsSystemThenInstructionThenResponse() {
        assertEquals("You write docstrings.\n\n### Instruction:\ndef add(a, b): return a + b\n\n### Response:\n",
                LocalPrompt.render(request(LlmTask.SUMMARIZE)));
        LlmRequest turns = LlmRequest.builder(LlmTask.ASK).user("q1").assistant("a1").user("q2").build();
        assertEquals("### Instruction:\nq1\n\n### Response:\na1\n\n### Instruction:\nq2\n\n### Response:\n",
                LocalPrompt.render(turns));
    }

    @Test
    void streamsOnTheEngineThreadWithTheTasksAdapterAndTheSamplingSettings() throws Exception {
        Path summarize = FakeEngineProvider.adapter(dir.resolve("sum"), "Add two numbers.");
        var backend = new LocalBackend(local(Map.of("summarize", summarize.toString()), null), host);
        assertEquals(0, host.loads(), "nothing loads before a request");
        List<String> deltas = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        LlmResult r = backend.start(request(LlmTask.SUMMARIZE), t -> {
            deltas.add(t);
            threads.add(Thread.currentThread().getName());
        }).await();
        assertEquals("Add two numbers.", r.text());
        assertEquals(List.of("Add ", "two ", "numbers."), deltas);
        assertTrue(threads.stream().allMatch(n -> n.startsWith("pyassist-local-engine")), threads.toString());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(3, r.usage().outputTokens());
        assertTrue(r.usage().inputTokens() > 0);
        assertEquals("local", r.backendId());
        assertEquals("model+summarize", r.model());
        assertTrue(r.timeToFirstToken() != null && r.latency().compareTo(r.timeToFirstToken()) >= 0);

        var call = FakeEngineProvider.CALLS.get(0);
        assertEquals("summarize", call.adapter());
        assertTrue(call.prompt().endsWith("### Response:\n"));
        SamplingOptions o = call.options();
        assertEquals(32, o.maxNewTokens());
        assertEquals(0.2, o.temperature());
        assertEquals(40, o.topK());
        assertEquals(0.9, o.topP());
        assertEquals(1.1, o.repetitionPenalty());
        assertEquals(List.of("\n\n\n", LocalPrompt.TURN_STOP), o.stop());

        // a task without an adapter runs on the base model, with the same resident engine
        LlmResult base = backend.start(request(LlmTask.GENERATE), null).await();
        assertEquals("base answer", base.text());
        assertNull(FakeEngineProvider.CALLS.get(1).adapter());
        assertEquals("model", base.model());
        assertEquals(1, host.loads());
    }

    @Test
    void aRawCompletionPromptGoesInAsItIsWithTheCompleteAdapter() throws Exception {
        Path complete = FakeEngineProvider.adapter(dir.resolve("complete"), "b)");
        var backend = new LocalBackend(local(Map.of("complete", complete.toString()), null), host);
        assertTrue(backend.continuesRawPrompts());
        String fim = "<fim_prefix><fim_suffix>\n<fim_middle>x = max(a, ";
        LlmResult r = backend.start(LlmRequest.builder(LlmTask.COMPLETE).rawPrompt(fim).stop("<|endoftext|>")
                .maxTokens(16).build(), null).await();
        assertEquals("b)", r.text());
        var call = FakeEngineProvider.CALLS.get(0);
        assertEquals(fim, call.prompt(), "no instruction layout around a fill-in-the-middle prompt");
        assertEquals("complete", call.adapter());
        assertEquals(List.of("<|endoftext|>"), call.options().stop(), "no turn stop for a raw prompt");
    }

    @Test
    void aMergedAdapterServesEveryTask() throws Exception {
        Path gen = FakeEngineProvider.adapter(dir.resolve("gen"), "merged answer");
        var backend = new LocalBackend(local(Map.of("generate", gen.toString()), "generate"), host);
        assertEquals("merged answer", backend.start(request(LlmTask.SUMMARIZE), null).await().text());
        assertEquals("generate", FakeEngineProvider.CALLS.get(0).adapter());
    }

    @Test
    void theEngineStaysLoadedAcrossRegistriesAndReloadsWhenTheLocalSettingsChange() throws Exception {
        var settings = new LlmSettings(null, null, "local", null, local(Map.of(), null));
        BackendRegistry first = BackendRegistry.withAllBackends(settings, Map.of(), host);
        assertEquals("base answer", first.start(request(LlmTask.GENERATE), null).await().text());
        // another registry (say the OpenAI model changed) with the same local settings: no reload
        var other = new LlmSettings(LlmSettings.Endpoint.EMPTY.withModel("x"), null, "local", null,
                local(Map.of(), null));
        BackendRegistry second = BackendRegistry.withAllBackends(other, Map.of(), host);
        second.start(request(LlmTask.GENERATE), null).await();
        assertEquals(1, FakeEngineProvider.LOADS.get());
        // different threads: a new engine, the old one closed
        var changed = new LlmSettings(null, null, "local", null,
                new LlmSettings.Local(model.toString(), null, null, 1, jar.toString(), null, null, null));
        BackendRegistry third = BackendRegistry.withAllBackends(changed, Map.of(), host);
        third.start(request(LlmTask.GENERATE), null).await();
        assertEquals(2, FakeEngineProvider.LOADS.get());
        assertEquals(1, FakeEngineProvider.closes());
        host.release();
        third.start(request(LlmTask.GENERATE), null).await(); // after the release: loaded again
        assertEquals(2, FakeEngineProvider.closes(), "release frees the engine");
        assertEquals(3, FakeEngineProvider.LOADS.get());
        host.close();
        assertEquals(3, FakeEngineProvider.closes(), "closing the host frees the engine");
        LlmException e = assertThrows(LlmException.class, () -> third.start(request(LlmTask.GENERATE), null).await());
        assertEquals(LlmException.Kind.CANCELLED, e.kind());
    }

    @Test
    void cancelStopsBetweenTokensAndNoTextFollows() throws Exception {
        FakeEngineProvider.model(model, "SLOW");
        var backend = new LocalBackend(local(Map.of(), null), host);
        List<String> deltas = new CopyOnWriteArrayList<>();
        LlmCall call = backend.start(LlmRequest.builder(LlmTask.GENERATE).user("go").maxTokens(10_000).build(),
                deltas::add);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (deltas.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(deltas.size() >= 3, "the slow engine streamed");
        call.cancel();
        int seen = deltas.size();
        LlmException e = assertThrows(LlmException.class, call::await);
        assertEquals(LlmException.Kind.CANCELLED, e.kind());
        Thread.sleep(100);
        assertEquals(seen, deltas.size(), "no text after cancel");
        // the engine thread is free again: the next call runs
        FakeEngineProvider.model(model, "done");
        assertEquals("done", backend.start(request(LlmTask.GENERATE), null).await().text());
        // result().cancel(true) cancels as well
        FakeEngineProvider.model(model, "SLOW");
        LlmCall second = backend.start(LlmRequest.builder(LlmTask.GENERATE).user("go").maxTokens(10_000).build(),
                null);
        second.result().cancel(true);
        assertEquals(LlmException.Kind.CANCELLED, assertThrows(LlmException.class, second::await).kind());
    }

    @Test
    void theOutputLimitEndsWithLength() throws Exception {
        FakeEngineProvider.model(model, "one two three four five");
        var backend = new LocalBackend(local(Map.of(), null), host);
        LlmResult r = backend.start(LlmRequest.builder(LlmTask.GENERATE).user("go").maxTokens(2).build(), null)
                .await();
        assertEquals("one two ", r.text());
        assertEquals(FinishReason.LENGTH, r.finishReason());
    }

    @Test
    void misconfigurationArrivesThroughTheCallWithWhatToDo() throws Exception {
        var noModel = new LocalBackend(LlmSettings.Local.EMPTY, host);
        LlmException e = assertThrows(LlmException.class, () -> noModel.start(request(LlmTask.GENERATE), null).await());
        assertEquals(LlmException.Kind.MISCONFIGURED, e.kind());
        assertTrue(e.getMessage().contains("pyassist.llm.local.model"), e.getMessage());

        var noJar = new LocalBackend(new LlmSettings.Local(model.toString(), null, null, null,
                dir.resolve("missing.jar").toString(), null, null, null), host);
        LlmException j = assertThrows(LlmException.class, () -> noJar.start(request(LlmTask.GENERATE), null).await());
        assertEquals(LlmException.Kind.MISCONFIGURED, j.kind());
        assertTrue(j.getMessage().contains("mvn -pl local-engine -am package"), j.getMessage());

        var badModel = new LocalBackend(new LlmSettings.Local(dir.resolve("empty").toString(), null, null, null,
                jar.toString(), null, null, null), host);
        LlmException m = assertThrows(LlmException.class,
                () -> badModel.start(request(LlmTask.GENERATE), null).await());
        assertEquals(LlmException.Kind.MISCONFIGURED, m.kind());
        assertTrue(m.getMessage().contains("reply.txt is missing"), m.getMessage());

        var badMerge = new LocalBackend(local(Map.of(), "summarize"), host);
        LlmException g = assertThrows(LlmException.class,
                () -> badMerge.start(request(LlmTask.GENERATE), null).await());
        assertTrue(g.getMessage().contains("merged adapter 'summarize'"), g.getMessage());

        var badSampling = new LocalBackend(new LlmSettings.Local(model.toString(), null, null, null, jar.toString(),
                null, 1.5, null), host);
        LlmException s = assertThrows(LlmException.class,
                () -> badSampling.start(request(LlmTask.GENERATE), null).await());
        assertTrue(s.getMessage().contains("topP"), s.getMessage());
        assertEquals(0, host.loads());
    }

    @Test
    void aThrowingListenerFailsTheCallWithItsException() throws Exception {
        var backend = new LocalBackend(local(Map.of(), null), host);
        IllegalStateException boom = new IllegalStateException("listener broke");
        RuntimeException e = assertThrows(RuntimeException.class, () -> backend.start(request(LlmTask.GENERATE), t -> {
            throw boom;
        }).await());
        assertEquals(boom, e);
        assertFalse(FakeEngineProvider.CALLS.isEmpty());
        assertNotEquals(Thread.currentThread().getName(), FakeEngineProvider.CALLS.get(0).thread());
    }
}
