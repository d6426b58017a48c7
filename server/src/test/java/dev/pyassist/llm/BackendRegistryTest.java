package dev.pyassist.llm;

import dev.pyassist.config.LlmSettings;
import dev.pyassist.config.LlmTask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyassist.llm.testing.MockLlmServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackendRegistryTest {

    private MockLlmServer mock;

    @BeforeEach
    void start() {
        mock = MockLlmServer.start().reply("SUMMARIZE");
    }

    @AfterEach
    void stop() {
        mock.close();
    }

    @Test
    void routesTasksToBackendsWithTaskModelAndLimits() throws Exception {
        LlmSettings settings = new LlmSettings(
                LlmSettings.Endpoint.EMPTY.withBaseUrl(mock.openAiBaseUrl()).withModel("local-coder"),
                LlmSettings.Endpoint.EMPTY.withBaseUrl(mock.anthropicBaseUrl()),
                null,
                Map.of("classify", new LlmSettings.TaskSettings("anthropic", "claude-haiku-4-5", null, null),
                        "translate", new LlmSettings.TaskSettings(null, null, 999, 0.5)));
        BackendRegistry r = BackendRegistry.withRemoteBackends(settings, Map.of("ANTHROPIC_API_KEY", "sk-ant-k-12345678"));

        LlmResult c = r.start(LlmRequest.builder(LlmTask.CLASSIFY).user("what is this").build(), null).await();
        assertEquals("anthropic", c.backendId());
        JsonNode body = mock.takeRequest(Duration.ofSeconds(1)).json();
        assertEquals("claude-haiku-4-5", body.get("model").asText());
        assertEquals(16, body.get("max_tokens").asInt(), "classify default");
        assertEquals(0.0, body.get("temperature").asDouble());

        LlmResult t = r.start(LlmRequest.builder(LlmTask.TRANSLATE).user("x").build(), null).await();
        assertEquals("openai", t.backendId(), "openai is configured (base URL), so it is the default");
        JsonNode tb = mock.takeRequest(Duration.ofSeconds(1)).json();
        assertEquals("local-coder", tb.get("model").asText());
        assertEquals(999, tb.get("max_tokens").asInt());
        assertEquals(0.5, tb.get("temperature").asDouble());

        // the request's own values win
        r.start(LlmRequest.builder(LlmTask.TRANSLATE).user("x").model("other").maxTokens(5).temperature(1.0).build(),
                null).await();
        JsonNode ob = mock.takeRequest(Duration.ofSeconds(1)).json();
        assertEquals("other", ob.get("model").asText());
        assertEquals(5, ob.get("max_tokens").asInt());
    }

    @Test
    void aLocalEngineCanPlugIn() throws Exception {
        LlmBackend local = new LlmBackend() {
            @Override
            public String id() {
                return "local";
            }

            @Override
            public String describe() {
                return "local StarCoder engine";
            }

            @Override
            public String defaultModel() {
                return "starcoder2-3b";
            }

            @Override
            public LlmCall start(LlmRequest request, TokenListener listener) {
                listener.onToken("local ");
                listener.onToken("answer");
                return LlmCall.completed(new LlmResult("local answer", FinishReason.STOP, "eos", new TokenUsage(3, 2),
                        Duration.ofMillis(5), Duration.ofMillis(1), request.model() == null ? defaultModel()
                                : request.model(), id(), 1));
            }
        };
        BackendRegistry r = new BackendRegistry(new LlmSettings(null, null, "local",
                Map.of("ask", new LlmSettings.TaskSettings("openai", null, null, null))), Map.of());
        r.register(local);
        List<String> deltas = new CopyOnWriteArrayList<>();
        LlmResult res = r.start(LlmRequest.builder(LlmTask.GENERATE).user("x").build(), deltas::add).await();
        assertEquals("local answer", res.text());
        assertEquals(List.of("local ", "answer"), deltas);

        LlmException e = assertThrows(LlmException.class,
                () -> r.start(LlmRequest.builder(LlmTask.ASK).user("x").build(), null).await());
        assertEquals(LlmException.Kind.MISCONFIGURED, e.kind());
        assertTrue(e.getMessage().contains("task 'ask' is routed to backend 'openai', which does not exist"),
                e.getMessage());
    }

    @Test
    void misconfiguredEndpointFailsCallsWithAClearMessage() {
        LlmSettings s = new LlmSettings(LlmSettings.Endpoint.EMPTY.withBaseUrl("ftp://nope"), null, null, null);
        BackendRegistry r = BackendRegistry.withRemoteBackends(s, Map.of());
        LlmException e = assertThrows(LlmException.class,
                () -> r.start(LlmRequest.builder(LlmTask.ASK).user("x").build(), null).await());
        assertEquals(LlmException.Kind.MISCONFIGURED, e.kind());
        assertTrue(e.getMessage().contains("pyassist.llm.openai.baseUrl"), e.getMessage());
    }
}
