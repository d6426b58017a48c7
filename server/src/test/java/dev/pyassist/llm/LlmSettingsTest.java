package dev.pyassist.llm;

import dev.pyassist.config.LlmSettings;
import dev.pyassist.config.LlmTask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyassist.llm.remote.EndpointConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void documentedJsonShapeDeserialises() throws Exception {
        String json = "{"
                + "\"defaultBackend\": \"openai\","
                + "\"openai\": {\"baseUrl\": \"http://localhost:11434/v1\", \"apiKeyRequired\": false,"
                + "  \"model\": \"qwen2.5-coder:7b\", \"maxTokensParameter\": \"max_completion_tokens\","
                + "  \"connectTimeoutMs\": 3000, \"timeoutMs\": 60000, \"maxRetries\": 4, \"retryBaseDelayMs\": 250,"
                + "  \"maxRetryDelayMs\": 10000, \"maxResponseBytes\": 1048576, \"maxTokens\": 700,"
                + "  \"someFutureField\": true},"
                + "\"anthropic\": {\"apiKey\": \"sk-ant-xyz-123456789\", \"model\": \"claude-haiku-4-5\","
                + "  \"anthropicVersion\": \"2023-06-01\"},"
                + "\"tasks\": {\"Summarize\": {\"backend\": \"anthropic\", \"maxTokens\": 300},"
                + "  \"classify\": {\"model\": \"tiny\", \"temperature\": 0}}"
                + "}";
        LlmSettings s = JSON.readValue(json, LlmSettings.class);
        EndpointConfig o = EndpointConfig.openAi(s.openai(), Map.of("OPENAI_BASE_URL", "http://ignored/v1"));
        assertEquals("http://localhost:11434/v1/chat/completions", o.endpoint().toString());
        assertFalse(o.apiKeyRequired());
        assertEquals("qwen2.5-coder:7b", o.model());
        assertEquals("max_completion_tokens", o.maxTokensParameter());
        assertEquals(Duration.ofSeconds(3), o.connectTimeout());
        assertEquals(Duration.ofMinutes(1), o.timeout());
        assertEquals(4, o.maxRetries());
        assertEquals(Duration.ofMillis(250), o.retryBaseDelay());
        assertEquals(Duration.ofSeconds(10), o.maxRetryDelay());
        assertEquals(1 << 20, o.maxResponseBytes());
        assertEquals(700, o.maxTokens());

        EndpointConfig a = EndpointConfig.anthropic(s.anthropic(), Map.of("ANTHROPIC_API_KEY", "sk-ant-env-999999999"));
        assertEquals("sk-ant-xyz-123456789", a.apiKey().reveal(), "settings beat the environment");
        assertEquals("claude-haiku-4-5", a.model());

        assertEquals("anthropic", s.backendFor(LlmTask.SUMMARIZE, Map.of()));
        assertEquals("openai", s.backendFor(LlmTask.CLASSIFY, Map.of()));
        assertEquals(300, s.task(LlmTask.SUMMARIZE).maxTokens());
        assertEquals(0.2, s.task(LlmTask.SUMMARIZE).temperature(), "default kept");
        assertEquals("tiny", s.task(LlmTask.CLASSIFY).model());
        assertEquals(0.0, s.task(LlmTask.CLASSIFY).temperature());
        assertEquals(4096, s.task(LlmTask.TRANSLATE).maxTokens());
    }

    @Test
    void bindsFromAMergedTreeLikeTheConfigLayer() throws Exception {
        ObjectMapper strict = new ObjectMapper()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        com.fasterxml.jackson.databind.JsonNode tree = strict.readTree("{\"openai\": {\"apiKey\": null, "
                + "\"timeoutMs\": null}, \"anthropic\": {\"apiKey\": \"\"}, \"tasks\": {\"ask\": null}}");
        LlmSettings s = strict.treeToValue(tree, LlmSettings.class);
        assertNull(s.openai().apiKey());
        assertNull(s.anthropic().apiKey(), "blank key means none");
        assertEquals(Duration.ofMinutes(2), EndpointConfig.openAi(s.openai(), Map.of()).timeout());
        assertEquals(2048, s.task(LlmTask.ASK).maxTokens());
        assertEquals(LlmSettings.defaults(), strict.treeToValue(strict.readTree("{}"), LlmSettings.class));
    }

    @Test
    void emptySettingsUseEnvironmentThenDefaults() throws Exception {
        LlmSettings s = JSON.readValue("{}", LlmSettings.class);
        EndpointConfig def = EndpointConfig.openAi(s.openai(), Map.of());
        assertEquals("https://api.openai.com/v1/chat/completions", def.endpoint().toString());
        assertTrue(def.apiKeyRequired(), "api.openai.com needs a key");
        assertNull(def.apiKey());
        assertEquals(LlmSettings.DEFAULT_OPENAI_MODEL, def.model());
        assertEquals(Duration.ofSeconds(10), def.connectTimeout());
        assertEquals(Duration.ofMinutes(2), def.timeout());
        assertEquals(2, def.maxRetries());
        assertEquals(8 << 20, def.maxResponseBytes());
        assertEquals("max_tokens", def.maxTokensParameter());

        EndpointConfig env = EndpointConfig.openAi(s.openai(), Map.of("OPENAI_BASE_URL", "http://127.0.0.1:1234/v1/",
                "OPENAI_API_KEY", "lm-studio"));
        assertEquals("http://127.0.0.1:1234/v1/chat/completions", env.endpoint().toString());
        assertEquals("lm-studio", env.apiKey().reveal());
        assertFalse(env.apiKeyRequired(), "local servers need no key");

        EndpointConfig a = EndpointConfig.anthropic(s.anthropic(), Map.of());
        assertEquals("https://api.anthropic.com/v1/messages", a.endpoint().toString());
        assertTrue(a.apiKeyRequired());
        assertEquals("2023-06-01", a.anthropicVersion());
        EndpointConfig a2 = EndpointConfig.anthropic(s.anthropic(), Map.of("ANTHROPIC_BASE_URL",
                "https://proxy.example/anthropic", "ANTHROPIC_API_KEY", " sk-ant-1234567 "));
        assertEquals("https://proxy.example/anthropic/v1/messages", a2.endpoint().toString());
        assertEquals("sk-ant-1234567", a2.apiKey().reveal());
    }

    @Test
    void defaultBackendFollowsTheEnvironment() {
        LlmSettings s = LlmSettings.defaults();
        assertEquals("openai", s.backendFor(LlmTask.ASK, Map.of()));
        assertEquals("anthropic", s.backendFor(LlmTask.ASK, Map.of("ANTHROPIC_API_KEY", "k")));
        assertEquals("openai", s.backendFor(LlmTask.ASK, Map.of("ANTHROPIC_API_KEY", "k", "OPENAI_API_KEY", "k")));
        assertEquals("openai", s.backendFor(LlmTask.ASK, Map.of("ANTHROPIC_API_KEY", "k", "OPENAI_BASE_URL", "u")));
        LlmSettings explicit = new LlmSettings(null, null, "Anthropic", null);
        assertEquals("anthropic", explicit.backendFor(LlmTask.ASK, Map.of()));
    }

    @Test
    void invalidValuesAreRejectedWithTheSettingName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EndpointConfig.openAi(LlmSettings.Endpoint.EMPTY.withBaseUrl("localhost:11434"), Map.of()));
        assertTrue(e.getMessage().contains("pyassist.llm.openai.baseUrl"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> EndpointConfig.openAi(LlmSettings.Endpoint.EMPTY.withTimeouts(0, null), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> EndpointConfig.openAi(LlmSettings.Endpoint.EMPTY.withRetries(-1, null, null), Map.of()));
    }

    @Test
    void requestValidation() {
        assertThrows(IllegalArgumentException.class, () -> LlmRequest.builder(LlmTask.ASK).build());
        assertThrows(IllegalArgumentException.class, () -> LlmRequest.builder(LlmTask.ASK).user("x").maxTokens(0)
                .build());
        LlmRequest r = LlmRequest.builder(LlmTask.ASK).user("x").build();
        assertTrue(r.stream());
        assertTrue(r.stop().isEmpty());
    }
}
