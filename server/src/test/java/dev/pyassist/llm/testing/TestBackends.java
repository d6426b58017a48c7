package dev.pyassist.llm.testing;

import dev.pyassist.config.LlmSettings;
import dev.pyassist.config.Secret;
import dev.pyassist.llm.remote.AnthropicBackend;
import dev.pyassist.llm.remote.EndpointConfig;
import dev.pyassist.llm.remote.HttpBackend;
import dev.pyassist.llm.remote.OpenAiBackend;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Builds remote backends pointed at a {@link MockLlmServer}, with an empty environment and short timeouts. */
public final class TestBackends {

    private TestBackends() {
    }

    /** Short timeouts, fast retries: connect 2 s, overall 10 s, 2 retries, 50 ms base backoff, 5 s max wait. */
    public static LlmSettings.Endpoint endpoint(String baseUrl, String key) {
        return LlmSettings.Endpoint.EMPTY.withBaseUrl(baseUrl).withApiKey(Secret.of(key))
                .withTimeouts(2_000, 10_000).withRetries(2, 50, 5_000).withModel("mock-model");
    }

    public static OpenAiBackend openAi(String baseUrl, String key) {
        return openAi(baseUrl, key, UnaryOperator.identity());
    }

    public static OpenAiBackend openAi(String baseUrl, String key, UnaryOperator<LlmSettings.Endpoint> tweak) {
        return new OpenAiBackend("openai", EndpointConfig.openAi(tweak.apply(endpoint(baseUrl, key)), Map.of()));
    }

    public static AnthropicBackend anthropic(String baseUrl, String key) {
        return anthropic(baseUrl, key, UnaryOperator.identity());
    }

    public static AnthropicBackend anthropic(String baseUrl, String key, UnaryOperator<LlmSettings.Endpoint> tweak) {
        return new AnthropicBackend("anthropic",
                EndpointConfig.anthropic(tweak.apply(endpoint(baseUrl, key)), Map.of()));
    }

    /** Provider by name ("openai" / "anthropic") against the mock, normal or scenario route. */
    public static HttpBackend of(String provider, MockLlmServer mock, MockLlmServer.Scenario scenario, String key,
            UnaryOperator<LlmSettings.Endpoint> tweak) {
        if (provider.equals("openai")) {
            return openAi(scenario == null ? mock.openAiBaseUrl() : mock.openAiBaseUrl(scenario), key, tweak);
        }
        return anthropic(scenario == null ? mock.anthropicBaseUrl() : mock.anthropicBaseUrl(scenario), key, tweak);
    }
}
