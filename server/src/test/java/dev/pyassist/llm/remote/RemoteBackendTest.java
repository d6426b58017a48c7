package dev.pyassist.llm.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyassist.llm.FinishReason;
import dev.pyassist.llm.LlmCall;
import dev.pyassist.llm.LlmRequest;
import dev.pyassist.llm.LlmResult;
import dev.pyassist.config.LlmTask;
import dev.pyassist.llm.testing.MockLlmServer;
import dev.pyassist.llm.testing.MockResponse;
import dev.pyassist.llm.testing.ProviderStyle;
import dev.pyassist.llm.testing.RecordedRequest;
import dev.pyassist.llm.testing.TestBackends;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both providers against the mock server: streaming and not, usage, stop sequences, headers and bodies. */
class RemoteBackendTest {

    private static final String KEY = "sk-test-0123456789abcdef";
    private MockLlmServer mock;

    @BeforeEach
    void start() {
        mock = MockLlmServer.start().reply("def add(a, b):\n    return a + b\n```\nThat is all.");
    }

    @AfterEach
    void stop() {
        mock.close();
    }

    private HttpBackend backend(String provider) {
        return TestBackends.of(provider, mock, null, KEY, UnaryOperator.identity());
    }

    private static LlmRequest.Builder request() {
        return LlmRequest.builder(LlmTask.GENERATE).system("You write Python.").user("Write add two numbers");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void streamingDeliversDeltasInOrderWithUsage(String provider) throws Exception {
        List<String> deltas = new CopyOnWriteArrayList<>();
        LlmCall call = backend(provider).start(request().maxTokens(100).build(), deltas::add);
        LlmResult r = call.await();
        String expected = "def add(a, b):\n    return a + b\n```\nThat is all.";
        assertEquals(expected, r.text());
        assertEquals(expected, String.join("", deltas));
        assertTrue(deltas.size() > 3, "streamed in pieces: " + deltas);
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(7, r.usage().inputTokens(), "words of system + user messages");
        assertEquals(ProviderStyle.tokens(expected).size(), r.usage().outputTokens());
        assertEquals("mock-model", r.model());
        assertEquals(provider, r.backendId());
        assertEquals(1, r.attempts());
        assertNotNull(r.timeToFirstToken());
        assertTrue(r.latency().compareTo(r.timeToFirstToken()) >= 0);

        RecordedRequest req = mock.takeRequest(Duration.ofSeconds(1));
        JsonNode body = req.json();
        assertTrue(body.get("stream").asBoolean());
        assertEquals("text/event-stream", req.header("accept"));
        if (provider.equals("openai")) {
            assertEquals("/v1/chat/completions", req.path());
            assertTrue(body.path("stream_options").path("include_usage").asBoolean());
            assertEquals(100, body.get("max_tokens").asInt());
        } else {
            assertEquals("/v1/messages", req.path());
            assertEquals(100, body.get("max_tokens").asInt());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void nonStreamingWithUsageAndOneListenerCall(String provider) throws Exception {
        List<String> deltas = new CopyOnWriteArrayList<>();
        LlmResult r = backend(provider).start(request().stream(false).build(), deltas::add).await();
        assertEquals("def add(a, b):\n    return a + b\n```\nThat is all.", r.text());
        assertEquals(List.of(r.text()), deltas);
        assertEquals(7, r.usage().inputTokens());
        assertTrue(r.usage().outputTokens() > 0);
        assertEquals(FinishReason.STOP, r.finishReason());
        JsonNode body = mock.takeRequest(Duration.ofSeconds(1)).json();
        assertFalse(body.get("stream").asBoolean());
        assertFalse(body.has("stream_options"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void stopSequencesArePassedAndHonoured(String provider) throws Exception {
        LlmResult r = backend(provider).start(request().stop("```", "\n\n\n").build(), null).await();
        assertEquals("def add(a, b):\n    return a + b\n", r.text());
        JsonNode body = mock.takeRequest(Duration.ofSeconds(1)).json();
        JsonNode stop = body.get(provider.equals("openai") ? "stop" : "stop_sequences");
        assertEquals(2, stop.size());
        assertEquals("```", stop.get(0).asText());
        assertEquals("\n\n\n", stop.get(1).asText());
        if (provider.equals("anthropic")) {
            assertEquals(FinishReason.STOP_SEQUENCE, r.finishReason());
            assertEquals("stop_sequence", r.rawFinishReason());
        }
    }

    @Test
    void openAiRequestShapeAndBearerHeader() throws Exception {
        backend("openai").start(request().temperature(0.25).model("qwen2.5-coder").build(), null).await();
        RecordedRequest req = mock.takeRequest(Duration.ofSeconds(1));
        assertEquals("Bearer " + KEY, req.header("authorization"));
        assertEquals("application/json", req.header("content-type"));
        JsonNode body = req.json();
        assertEquals("qwen2.5-coder", body.get("model").asText());
        assertEquals(0.25, body.get("temperature").asDouble());
        assertEquals("system", body.get("messages").get(0).get("role").asText());
        assertEquals("You write Python.", body.get("messages").get(0).get("content").asText());
        assertEquals("user", body.get("messages").get(1).get("role").asText());
        assertEquals(1024, body.get("max_tokens").asInt(), "endpoint default when the request sets none");
    }

    @Test
    void openAiMaxCompletionTokensParameter() throws Exception {
        TestBackends.openAi(mock.openAiBaseUrl(), KEY, e -> new dev.pyassist.config.LlmSettings.Endpoint(e.baseUrl(),
                e.apiKey(), null, e.model(), null, null, null, null, null, null, null, "max_completion_tokens", null))
                .start(request().maxTokens(50).build(), null).await();
        JsonNode body = mock.takeRequest(Duration.ofSeconds(1)).json();
        assertEquals(50, body.get("max_completion_tokens").asInt());
        assertFalse(body.has("max_tokens"));
    }

    @Test
    void openAiWithoutKeySendsNoAuthorizationToLocalServers() throws Exception {
        LlmResult r = TestBackends.openAi(mock.openAiBaseUrl(), null).generate(request().build());
        assertFalse(r.text().isEmpty());
        assertNull(mock.takeRequest(Duration.ofSeconds(1)).header("authorization"));
    }

    @Test
    void openAiBaseUrlWithoutPathGetsV1() throws Exception {
        TestBackends.openAi(mock.url(), KEY).generate(request().build());
        assertEquals("/v1/chat/completions", mock.takeRequest(Duration.ofSeconds(1)).path());
    }

    @Test
    void anthropicRequestShapeAndHeaders() throws Exception {
        backend("anthropic").start(LlmRequest.builder(LlmTask.SUMMARIZE).system("Be brief.").system("Use PEP 257.")
                .user("q1").assistant("a1").user("q2").build(), null).await();
        RecordedRequest req = mock.takeRequest(Duration.ofSeconds(1));
        assertEquals(KEY, req.header("x-api-key"));
        assertEquals("2023-06-01", req.header("anthropic-version"));
        assertNull(req.header("authorization"));
        JsonNode body = req.json();
        assertEquals("Be brief.\n\nUse PEP 257.", body.get("system").asText());
        assertEquals(3, body.get("messages").size());
        assertEquals("assistant", body.get("messages").get(1).get("role").asText());
        assertFalse(body.has("temperature"));
    }

    @Test
    void anthropicBaseUrlEndingInV1() throws Exception {
        TestBackends.anthropic(mock.url() + "/v1/", KEY).generate(request().build());
        assertEquals("/v1/messages", mock.takeRequest(Duration.ofSeconds(1)).path());
    }

    @Test
    void openAiStreamWithoutDoneButWithFinishReasonIsAccepted() throws Exception {
        List<String> frames = ProviderStyle.openAiStream("m", List.of("a", "b"), "length", false, 0, 0);
        mock.enqueue(MockResponse.sse(frames.subList(0, frames.size() - 1)));
        LlmResult r = backend("openai").generate(request().build());
        assertEquals("ab", r.text());
        assertEquals(FinishReason.LENGTH, r.finishReason());
        assertFalse(r.usage().known());
    }

    @Test
    void serverIgnoringStreamFlagAndAnsweringJsonStillWorks() throws Exception {
        mock.enqueue(MockResponse.json(200, ProviderStyle.openAiCompletion("m", "whole", "stop", 3, 1)));
        List<String> deltas = new CopyOnWriteArrayList<>();
        LlmResult r = backend("openai").start(request().build(), deltas::add).await();
        assertEquals("whole", r.text());
        assertEquals(List.of("whole"), deltas);
        assertEquals(3, r.usage().inputTokens());
    }

    @Test
    void fixtureTranscriptsDecode() throws Exception {
        mock.enqueue(MockResponse.text(200, "text/event-stream",
                new String(SseParserTest.resource("openai-stream.txt"), java.nio.charset.StandardCharsets.UTF_8)));
        LlmResult o = backend("openai").generate(request().build());
        assertEquals("def add(a, b):\n    return a + b  # é✓", o.text());
        assertEquals(21, o.usage().inputTokens());
        assertEquals(12, o.usage().outputTokens());
        assertEquals("gpt-4o-mini-2024-07-18", o.model());

        mock.enqueue(MockResponse.text(200, "text/event-stream",
                new String(SseParserTest.resource("anthropic-stream.txt"), java.nio.charset.StandardCharsets.UTF_8)));
        LlmResult a = backend("anthropic").generate(request().build());
        assertEquals("Hello, wörld ✓", a.text());
        assertEquals(25, a.usage().inputTokens());
        assertEquals(15, a.usage().outputTokens());
        assertEquals("claude-sonnet-4-5-20250929", a.model());
        assertEquals(FinishReason.STOP, a.finishReason());
    }
}
