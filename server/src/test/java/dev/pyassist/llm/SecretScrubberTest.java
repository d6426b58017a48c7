package dev.pyassist.llm;

import dev.pyassist.config.LlmSettings;
import dev.pyassist.config.Secret;
import dev.pyassist.config.LlmTask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.llm.testing.MockLlmServer;
import dev.pyassist.llm.testing.MockResponse;
import dev.pyassist.llm.testing.ProviderStyle;
import dev.pyassist.llm.testing.TestBackends;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Every text a call gives back is scrubbed of the known keys, whole or streamed in pieces. */
class SecretScrubberTest {
    private static final String SETTINGS_KEY = "gateway-key-4c1d9e8b7a6f";
    private static final String ENV_KEY = "env-token-0a9b8c7d6e5f";

    private static SecretScrubber scrubber() {
        LlmSettings s = new LlmSettings(LlmSettings.Endpoint.EMPTY.withApiKey(Secret.of(SETTINGS_KEY)), null, null,
                Map.of());
        return SecretScrubber.forSettings(s, Map.of("OPENAI_API_KEY", ENV_KEY, "HOME", "/home/someone"));
    }

    /** Streams {@code text} cut at {@code cuts}, returning what the listener got. */
    private static String streamed(SecretScrubber scrubber, String text, int... cuts) {
        List<String> got = new ArrayList<>();
        LlmCall call = scrubber.start(got::add, listener -> {
            int from = 0;
            for (int c : cuts) {
                listener.onToken(text.substring(from, c));
                from = c;
            }
            listener.onToken(text.substring(from));
            return LlmCall.completed(new LlmResult(text, FinishReason.STOP, "stop", TokenUsage.UNKNOWN,
                    java.time.Duration.ZERO, null, "m", "openai", 1));
        });
        assertFalse(call.result().join().text().contains(ENV_KEY));
        return String.join("", got);
    }

    @Test
    void knownKeysAndKeyLikeTokensAreScrubbedAtEveryCut() {
        SecretScrubber scrubber = scrubber();
        String text = "a " + SETTINGS_KEY + ", b " + ENV_KEY + " c sk-proj-abcdef123456 /home/someone d";
        String whole = scrubber.scrub(text);
        assertEquals("a [redacted], b [redacted] c [redacted] /home/someone d", whole);
        for (int i = 0; i <= text.length(); i++) {
            for (int j = i; j <= text.length(); j += 3) {
                assertEquals(whole, streamed(scrubber, text, i, j), "cut at " + i + " and " + j);
            }
        }
    }

    @Test
    void shortValuesAndUnrelatedVariablesAreLeftAlone() {
        SecretScrubber s = SecretScrubber.of(List.of(Secret.of("test")));
        assertEquals("assert test()", s.scrub("assert test()"));
    }

    @Test
    void theRegistryScrubsAnEchoedKeyFromTextModelAndStream() throws Exception {
        try (MockLlmServer mock = MockLlmServer.start().requireApiKey(SETTINGS_KEY)) {
            BackendRegistry registry = BackendRegistry.withRemoteBackends(new LlmSettings(
                    TestBackends.endpoint(mock.openAiBaseUrl(), SETTINGS_KEY), null, "openai", Map.of()),
                    Map.of("ANTHROPIC_API_KEY", ENV_KEY));
            mock.enqueue(MockResponse.sse(ProviderStyle.openAiStream(SETTINGS_KEY,
                    List.of("key: ", SETTINGS_KEY.substring(0, 7), SETTINGS_KEY.substring(7), " and ", ENV_KEY, "."),
                    "stop", true, 3, 4)));
            List<String> deltas = new CopyOnWriteArrayList<>();
            LlmResult r = registry.start(LlmRequest.builder(LlmTask.ASK).user("hi").stream(true).build(), deltas::add)
                    .await();
            assertEquals("key: [redacted] and [redacted].", r.text());
            assertEquals("key: [redacted] and [redacted].", String.join("", deltas));
            assertEquals(Secret.REDACTED, r.model());
            mock.enqueue(MockResponse.json(200, ProviderStyle.openAiCompletion("m", "echo " + ENV_KEY, "stop", 1, 1)));
            LlmResult whole = registry.start(LlmRequest.builder(LlmTask.ASK).user("hi").stream(false).build(),
                    TokenListener.NONE).await();
            assertTrue(whole.text().equals("echo [redacted]"), whole.text());
        }
    }
}
