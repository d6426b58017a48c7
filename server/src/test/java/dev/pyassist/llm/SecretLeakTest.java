package dev.pyassist.llm;

import dev.pyassist.config.LlmSettings;
import dev.pyassist.config.Secret;
import dev.pyassist.config.LlmTask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyassist.llm.testing.LogCapture;
import dev.pyassist.llm.testing.MockLlmServer;
import dev.pyassist.llm.testing.MockLlmServer.Scenario;
import dev.pyassist.llm.testing.MockResponse;
import dev.pyassist.llm.testing.ProviderStyle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API key never shows up in log records, exception text, toString or serialised settings. */
class SecretLeakTest {

    private static final String OPENAI_KEY = "sk-proj-SuperSecretOpenAiKey1234567890";
    // A fake key, assembled so that secret scanners do not mistake the source for a leak.
    private static final String ANTHROPIC_KEY = "sk-ant-" + "api03-" + "SuperSecretAnthropicKey0987";
    private static final List<String> KEYS = List.of(OPENAI_KEY, ANTHROPIC_KEY, "SuperSecret");

    private MockLlmServer mock;
    private LogCapture logs;

    @BeforeEach
    void start() {
        mock = MockLlmServer.start().reply("fine");
        logs = new LogCapture();
    }

    @AfterEach
    void stop() {
        logs.close();
        mock.close();
    }

    private static void assertClean(String where, String text) {
        for (String k : KEYS) {
            assertFalse(text.contains(k), where + " leaks a key: " + text);
        }
    }

    private static String full(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }

    private BackendRegistry registry(Scenario s, int timeoutMs) {
        LlmSettings.Endpoint common = LlmSettings.Endpoint.EMPTY.withTimeouts(1000, timeoutMs).withRetries(1, 20, 2000)
                .withModel("mock-model");
        LlmSettings settings = new LlmSettings(
                common.withBaseUrl(s == null ? mock.openAiBaseUrl() : mock.openAiBaseUrl(s)),
                common.withBaseUrl(s == null ? mock.anthropicBaseUrl() : mock.anthropicBaseUrl(s)),
                null, Map.of("summarize", new LlmSettings.TaskSettings("anthropic", null, null, null)));
        // keys come from the (injected) environment
        return BackendRegistry.withRemoteBackends(settings,
                Map.of("OPENAI_API_KEY", OPENAI_KEY, "ANTHROPIC_API_KEY", ANTHROPIC_KEY));
    }

    @Test
    void noKeyInLogsOrErrorsAcrossSuccessAndEveryFailure() throws Exception {
        List<Throwable> errors = new ArrayList<>();
        List<Object> results = new ArrayList<>();
        for (LlmTask task : List.of(LlmTask.ASK, LlmTask.SUMMARIZE)) { // openai, anthropic
            for (Scenario s : new Scenario[] {null, Scenario.UNAUTHORIZED, Scenario.FAIL, Scenario.UNKNOWN_MODEL,
                    Scenario.TRUNCATED, Scenario.DROPPED}) {
                for (boolean stream : new boolean[] {true, false}) {
                    LlmRequest r = LlmRequest.builder(task).user("hi").stream(stream).build();
                    LlmCall call = registry(s, 5000).start(r, t -> { });
                    try {
                        results.add(call.await());
                    } catch (LlmException e) {
                        errors.add(e);
                    }
                }
            }
            // a server echoing the full key in its error text
            mock.enqueue(MockResponse.json(401, ProviderStyle.openAiError("Incorrect API key provided: " + OPENAI_KEY
                    + " / " + ANTHROPIC_KEY, "invalid_request_error", "invalid_api_key")));
            try {
                registry(null, 5000).start(LlmRequest.builder(task).user("x").build(), null).await();
            } catch (LlmException e) {
                errors.add(e);
            }
            // rate limited with retry (logged at INFO), cancelled, timed out
            mock.enqueue(MockResponse.json(429, ProviderStyle.openAiError("slow down " + OPENAI_KEY, "requests",
                    null)).header("Retry-After", "0"));
            results.add(registry(null, 5000).start(LlmRequest.builder(task).user("x").build(), null).await());
            CountDownLatch first = new CountDownLatch(1);
            LlmCall slow = registry(Scenario.SLOW, 5000).start(LlmRequest.builder(task).user("x").build(),
                    t -> first.countDown());
            assertTrue(first.await(5, TimeUnit.SECONDS));
            slow.cancel();
            try {
                slow.await();
            } catch (LlmException e) {
                errors.add(e);
            }
            try {
                registry(Scenario.SLOW, 300).start(LlmRequest.builder(task).user("x").build(), null).await();
            } catch (LlmException e) {
                errors.add(e);
            }
        }
        assertTrue(errors.size() >= 20, "many failures exercised: " + errors.size());
        assertTrue(results.size() >= 4);
        for (Throwable e : errors) {
            assertClean("exception", e.toString());
            assertClean("exception message", String.valueOf(e.getMessage()));
            assertClean("stack trace with causes", full(e));
        }
        // the echoed key was scrubbed, the message still says what happened
        assertTrue(errors.stream().anyMatch(e -> e.getMessage().contains("Incorrect API key provided: [redacted]")));

        List<String> rendered = logs.rendered();
        assertTrue(rendered.size() >= 20, "FINE request dumps were logged: " + rendered.size());
        assertTrue(rendered.stream().anyMatch(l -> l.contains("Authorization=[redacted]")), "request dumps: " + rendered);
        assertTrue(rendered.stream().anyMatch(l -> l.contains("x-api-key=[redacted]")));
        assertTrue(rendered.stream().anyMatch(l -> l.contains("retrying in")));
        for (String line : rendered) {
            assertClean("log record", line);
        }
        // and the key was really sent
        assertTrue(mock.requests().stream().anyMatch(q -> ("Bearer " + OPENAI_KEY).equals(q.header("authorization"))));
        assertTrue(mock.requests().stream().anyMatch(q -> ANTHROPIC_KEY.equals(q.header("x-api-key"))));
    }

    @Test
    void settingsBackendsAndSecretsPrintRedacted() throws Exception {
        ObjectMapper json = new ObjectMapper();
        LlmSettings s = json.readValue("{\"openai\":{\"apiKey\":\"" + OPENAI_KEY + "\"},\"anthropic\":{\"apiKey\":\""
                + ANTHROPIC_KEY + "\"}}", LlmSettings.class);
        assertEquals(OPENAI_KEY, s.openai().apiKey().reveal());
        assertClean("settings toString", s.toString());
        assertClean("settings JSON", json.writeValueAsString(s));
        assertTrue(json.writeValueAsString(s).contains("\"apiKey\":\"[redacted]\""));
        BackendRegistry r = BackendRegistry.withRemoteBackends(s, Map.of());
        for (String id : r.ids()) {
            LlmBackend b = r.backend(id).orElseThrow();
            assertClean("backend toString", b.toString());
            assertClean("backend describe", b.describe());
            assertNotNull(((dev.pyassist.llm.remote.HttpBackend) b).config().toString());
            assertClean("config", ((dev.pyassist.llm.remote.HttpBackend) b).config().toString());
        }
        assertEquals("[redacted]", Secret.of(OPENAI_KEY).toString());
    }

    @Test
    void keyInBaseUrlUserInfoIsNotShown() {
        LlmSettings s = new LlmSettings(LlmSettings.Endpoint.EMPTY.withBaseUrl("http://user:" + OPENAI_KEY
                + "@127.0.0.1:1/v1?key=" + OPENAI_KEY).withTimeouts(500, 1000), null, "openai", null);
        BackendRegistry r = BackendRegistry.withRemoteBackends(s, Map.of());
        LlmException e = org.junit.jupiter.api.Assertions.assertThrows(LlmException.class,
                () -> r.start(LlmRequest.builder(LlmTask.ASK).user("x").build(), null).await());
        assertClean("message", e.getMessage());
        assertEquals(LlmException.Kind.CONNECTION_REFUSED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith("OpenAI-compatible backend at http://127.0.0.1:1/v1: "), e.getMessage());
        for (String line : logs.rendered()) {
            assertClean("log", line);
        }
    }

    @Test
    void scrubRemovesKeyShapedTokens() {
        assertEquals("key [redacted] and [redacted] end",
                Secret.scrub("key sk-abcdef123456 and mysecretvalue end", Secret.of("mysecretvalue")));
    }
}
