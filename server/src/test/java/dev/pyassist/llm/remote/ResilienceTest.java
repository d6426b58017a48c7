package dev.pyassist.llm.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.llm.LlmCall;
import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.LlmException.Kind;
import dev.pyassist.llm.LlmRequest;
import dev.pyassist.llm.LlmResult;
import dev.pyassist.config.LlmTask;
import dev.pyassist.llm.testing.MockLlmServer;
import dev.pyassist.llm.testing.MockLlmServer.Scenario;
import dev.pyassist.llm.testing.MockResponse;
import dev.pyassist.llm.testing.ProviderStyle;
import dev.pyassist.llm.testing.TestBackends;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Timeouts, retries, cancellation, caps and error mapping, for both providers where it applies. */
class ResilienceTest {

    private static final String KEY = "sk-test-0123456789abcdef";
    private MockLlmServer mock;

    @BeforeEach
    void start() {
        mock = MockLlmServer.start().reply("one two three four");
    }

    @AfterEach
    void stop() {
        mock.close();
    }

    private static LlmRequest req() {
        return LlmRequest.builder(LlmTask.ASK).user("hello").build();
    }

    private HttpBackend backend(String provider, Scenario s) {
        return TestBackends.of(provider, mock, s, KEY, UnaryOperator.identity());
    }

    private HttpBackend backend(String provider, Scenario s, UnaryOperator<dev.pyassist.config.LlmSettings.Endpoint> t) {
        return TestBackends.of(provider, mock, s, KEY, t);
    }

    private static LlmException failure(LlmCall call) {
        return assertThrows(LlmException.class, call::await);
    }

    private static MockResponse rateLimited(String provider, String retryAfter) {
        MockResponse r = provider.equals("openai")
                ? MockResponse.json(429, ProviderStyle.openAiError("Rate limit reached", "requests",
                        "rate_limit_exceeded"))
                : MockResponse.json(429, ProviderStyle.anthropicError("rate_limit_error", "slow down"));
        return retryAfter == null ? r : r.header("Retry-After", retryAfter);
    }

    // ---- retries --------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void retryHonoursRetryAfterSeconds(String provider) throws Exception {
        mock.enqueue(rateLimited(provider, "1"));
        long t0 = System.nanoTime();
        LlmResult r = backend(provider, null).generate(req());
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals("one two three four", r.text());
        assertEquals(2, r.attempts());
        assertEquals(2, mock.requestCount());
        assertTrue(ms >= 950, "waited the Retry-After second, took " + ms + " ms");
        assertTrue(ms < 4000, "but not much longer: " + ms + " ms");
    }

    @Test
    void retryHonoursRetryAfterHttpDate() throws Exception {
        // HTTP-dates have one-second resolution: ask for "now + 2 s", expect a wait of more than ~1 s.
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(java.time.ZoneOffset.UTC)
                .plusSeconds(2));
        mock.enqueue(rateLimited("openai", date));
        long t0 = System.nanoTime();
        LlmResult r = backend("openai", null).generate(req());
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(2, r.attempts());
        assertTrue(ms >= 900 && ms < 4000, "waited until the date: " + ms + " ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void serverErrorsAreRetriedWithBackoffThenSucceed(String provider) throws Exception {
        mock.enqueue(MockResponse.json(500, ProviderStyle.openAiError("boom", "server_error", null)));
        mock.enqueue(MockResponse.json(503, ProviderStyle.openAiError("overloaded", "server_error", null)));
        LlmResult r = backend(provider, null).generate(req());
        assertEquals(3, r.attempts());
        assertEquals(3, mock.requestCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void retriesAreBounded(String provider) {
        LlmException e = failure(backend(provider, Scenario.FAIL).start(req(), null));
        assertEquals(Kind.SERVER_ERROR, e.kind());
        assertEquals(3, mock.requestCount(), "1 attempt + maxRetries 2");
        assertEquals(500, e.httpStatus().getAsInt());
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
    }

    @Test
    void rateLimitedAfterAllRetries() {
        mock.retryAfter("0.1");
        LlmException e = failure(backend("anthropic", Scenario.RATE_LIMITED).start(req(), null));
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(3, mock.requestCount());
        assertTrue(e.getMessage().startsWith("Anthropic backend at " + mock.url() + "/rate-limited: rate limited"),
                e.getMessage());
    }

    @Test
    void retryAfterLongerThanAllowedFailsAtOnce() {
        mock.retryAfter("3600");
        long t0 = System.nanoTime();
        LlmException e = failure(backend("openai", Scenario.RATE_LIMITED).start(req(), null));
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(1, mock.requestCount());
        assertTrue(e.getMessage().contains("asks to wait 3600 s"), e.getMessage());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 2000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void noRetryOn401(String provider) {
        LlmException e = failure(backend(provider, Scenario.UNAUTHORIZED).start(req(), null));
        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertEquals(1, mock.requestCount());
        String env = provider.equals("openai") ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY";
        assertTrue(e.getMessage().contains("the API key was rejected (HTTP 401") && e.getMessage().contains(env),
                e.getMessage());
    }

    @Test
    void openAi401WithoutKeyMeansMissingKey() {
        mock.requireApiKey("sk-server-side-key-000");
        LlmException e = failure(TestBackends.openAi(mock.openAiBaseUrl(), null).start(req(), null));
        assertEquals(Kind.MISSING_KEY, e.kind());
        assertEquals("OpenAI-compatible backend at " + mock.url() + "/v1: API key missing — set OPENAI_API_KEY or "
                + "pyassist.llm.openai.apiKey (the server answered 401 Unauthorized to a request without one)",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void unknownModel(String provider) {
        LlmException e = failure(backend(provider, null).start(req().withModel("unknown-model"), null));
        assertEquals(Kind.UNKNOWN_MODEL, e.kind());
        assertEquals(1, mock.requestCount());
        assertTrue(e.getMessage().contains("unknown model 'unknown-model' (HTTP 404"), e.getMessage());
    }

    @Test
    void wrongBaseUrlIsNotAnUnknownModel() {
        LlmException e = failure(TestBackends.openAi(mock.url() + "/nothing/here", KEY).start(req(), null));
        assertEquals(Kind.BAD_RESPONSE, e.kind());
        assertTrue(e.getMessage().contains("no API endpoint at"), e.getMessage());
    }

    @Test
    void redirectsAreNotFollowedSoTheKeyIsNotReplayed() {
        mock.enqueue(MockResponse.text(307, "text/plain", "moved").header("Location", "http://other.example/v1"));
        LlmException e = failure(backend("openai", null).start(req(), null));
        assertEquals(Kind.BAD_RESPONSE, e.kind());
        assertTrue(e.getMessage().contains("redirects (HTTP 307) to http://other.example/v1"), e.getMessage());
        assertEquals(1, mock.requestCount());
    }

    @Test
    void badRequestIsNotRetried() {
        mock.enqueue(MockResponse.json(400, ProviderStyle.openAiError("max_tokens is too large", "invalid_request_error",
                null)));
        LlmException e = failure(backend("openai", null).start(req(), null));
        assertEquals(Kind.INVALID_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("max_tokens is too large"));
        assertEquals(1, mock.requestCount());
    }

    // ---- streams --------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void truncatedStreamIsAClearError(String provider) {
        List<String> deltas = new CopyOnWriteArrayList<>();
        LlmException e = failure(backend(provider, Scenario.TRUNCATED).start(req(), deltas::add));
        assertEquals(Kind.TRUNCATED, e.kind());
        assertEquals(List.of("one ", "two "), deltas);
        assertTrue(e.getMessage().contains("the answer was cut off"), e.getMessage());
        assertTrue(e.getMessage().contains("8 characters received"), e.getMessage());
        assertEquals(1, mock.requestCount(), "no retry after partial output");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void droppedConnectionMidStreamIsTruncated(String provider) {
        LlmException e = failure(backend(provider, Scenario.DROPPED).start(req(), null));
        assertEquals(Kind.TRUNCATED, e.kind(), e.toString());
        assertTrue(e.getCause() instanceof IOException, "a transport-level cut: " + e.getCause());
        assertEquals(1, mock.requestCount());
    }

    @Test
    void errorEventBeforeAnyOutputIsRetriedAfterOutputIsNot() throws Exception {
        // overloaded before any text: retried
        mock.enqueue(MockResponse.sse(List.of(ProviderStyle.anthropicErrorFrame("overloaded_error", "Overloaded"))));
        LlmResult r = backend("anthropic", null).generate(req());
        assertEquals(2, r.attempts());

        // overloaded after some text: not retried
        List<String> frames = new ArrayList<>(ProviderStyle.anthropicStream("m", List.of("par", "tial"), "end_turn",
                null, 1, 2).subList(0, 5));
        frames.add(ProviderStyle.anthropicErrorFrame("overloaded_error", "Overloaded"));
        mock.enqueue(MockResponse.sse(frames));
        int before = mock.requestCount();
        LlmException e = failure(backend("anthropic", null).start(req(), null));
        assertEquals(Kind.SERVER_ERROR, e.kind());
        assertTrue(e.getMessage().contains("Overloaded"));
        assertEquals(before + 1, mock.requestCount());
    }

    @Test
    void openAiErrorChunkInStream() {
        mock.enqueue(MockResponse.text(200, "text/event-stream",
                "data: {\"error\":{\"message\":\"model crashed\",\"type\":\"server_error\"}}\n\n"));
        mock.enqueue(MockResponse.text(200, "text/event-stream",
                "data: {\"error\":{\"message\":\"model crashed\",\"type\":\"server_error\"}}\n\n"));
        mock.enqueue(MockResponse.text(200, "text/event-stream",
                "data: {\"error\":{\"message\":\"model crashed\",\"type\":\"server_error\"}}\n\n"));
        LlmException e = failure(backend("openai", null).start(req(), null));
        assertEquals(Kind.SERVER_ERROR, e.kind());
        assertTrue(e.getMessage().contains("model crashed"));
        assertEquals(3, mock.requestCount());
    }

    @Test
    void garbageIsABadResponse() {
        mock.enqueue(MockResponse.text(200, "application/json", "<html>proxy error</html>"));
        LlmException e = failure(backend("openai", null).start(req().withStream(false), null));
        assertEquals(Kind.BAD_RESPONSE, e.kind());
        assertTrue(e.getMessage().contains("not JSON: <html>proxy error</html>"), e.getMessage());
    }

    // ---- cancellation ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void cancelMidStreamAbortsQuicklyAndClosesTheConnection(String provider) throws Exception {
        CountDownLatch firstTokens = new CountDownLatch(3);
        List<String> deltas = new CopyOnWriteArrayList<>();
        LlmCall call = backend(provider, Scenario.SLOW).start(req(), d -> {
            deltas.add(d);
            firstTokens.countDown();
        });
        assertTrue(firstTokens.await(5, TimeUnit.SECONDS), "tokens arrive");
        long t0 = System.nanoTime();
        call.cancel();
        LlmException e = failure(call);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(Kind.CANCELLED, e.kind());
        assertTrue(ms < 1000, "cancel is prompt: " + ms + " ms");
        int seen = deltas.size();
        assertTrue(mock.awaitDisconnect(Duration.ofSeconds(5)), "the server saw the connection closed");
        Thread.sleep(300);
        assertEquals(seen, deltas.size(), "no tokens after cancel");
        assertTrue(seen < 50, "far from the 200 tokens of the slow stream: " + seen);
        assertEquals(1, mock.requestCount());
    }

    @Test
    void cancellingTheResultFutureAlsoAborts() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        LlmCall call = backend("openai", Scenario.SLOW).start(req(), d -> first.countDown());
        assertTrue(first.await(5, TimeUnit.SECONDS));
        assertTrue(call.result().cancel(true));
        assertTrue(mock.awaitDisconnect(Duration.ofSeconds(5)));
        LlmException e = failure(call);
        assertEquals(Kind.CANCELLED, e.kind());
    }

    @Test
    void cancelBeforeHeadersAndDuringRetryWait() throws Exception {
        mock.enqueue(MockResponse.json(200, ProviderStyle.openAiCompletion("m", "late", "stop", 1, 1))
                .headerDelay(Duration.ofSeconds(3)));
        LlmCall call = backend("openai", null).start(req().withStream(false), null);
        Thread.sleep(200);
        long t0 = System.nanoTime();
        call.cancel();
        assertEquals(Kind.CANCELLED, failure(call).kind());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 1000);

        mock.enqueue(rateLimited("openai", "2"));
        int before = mock.requestCount();
        LlmCall call2 = backend("openai", null).start(req(), null);
        Thread.sleep(500); // now waiting for the retry
        call2.cancel();
        assertEquals(Kind.CANCELLED, failure(call2).kind());
        Thread.sleep(2000);
        assertEquals(before + 1, mock.requestCount(), "the pending retry was dropped");
    }

    @Test
    void throwingListenerAbortsTheCall() throws Exception {
        IllegalStateException boom = new IllegalStateException("listener broke");
        LlmCall call = backend("openai", Scenario.SLOW).start(req(), d -> {
            throw boom;
        });
        java.util.concurrent.ExecutionException ee = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> call.result().get(5, TimeUnit.SECONDS));
        assertSame(boom, ee.getCause());
        assertTrue(mock.awaitDisconnect(Duration.ofSeconds(5)));
    }

    // ---- limits ---------------------------------------------------------------------------------------------------

    @Test
    void overallTimeoutWhileWaitingForHeaders() {
        mock.enqueue(MockResponse.json(200, ProviderStyle.openAiCompletion("m", "late", "stop", 1, 1))
                .headerDelay(Duration.ofSeconds(5)));
        long t0 = System.nanoTime();
        LlmException e = failure(backend("openai", null, ep -> ep.withTimeouts(1000, 700))
                .start(req().withStream(false), null));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(Kind.TIMEOUT, e.kind());
        assertTrue(ms >= 650 && ms < 2500, "timed out after ~0.7 s: " + ms);
        assertTrue(e.getMessage().contains("no complete answer within 0.7 s (pyassist.llm.openai.timeoutMs)"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void overallTimeoutCoversStreaming(String provider) throws Exception {
        List<String> deltas = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        // 200 deltas 100 ms apart would take 20 s; the 2 s deadline falls mid-stream
        LlmException e = failure(backend(provider, Scenario.SLOW, ep -> ep.withTimeouts(1000, 2000))
                .start(req(), deltas::add));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(Kind.TIMEOUT, e.kind());
        assertFalse(deltas.isEmpty(), "some tokens came before the deadline");
        assertTrue(deltas.size() < 100, "but not all: " + deltas.size());
        assertTrue(ms >= 1950 && ms < 4000, ms + " ms");
        assertTrue(mock.awaitDisconnect(Duration.ofSeconds(5)), "the stream was aborted");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void responseSizeCap(boolean stream) {
        mock.reply("word ".repeat(2000));
        LlmException e = failure(backend("openai", null, ep -> ep.withMaxResponseBytes(4096L))
                .start(req().withStream(stream), null));
        assertEquals(Kind.RESPONSE_TOO_LARGE, e.kind());
        assertTrue(e.getMessage().contains("exceeded 4096 bytes (pyassist.llm.openai.maxResponseBytes)"),
                e.getMessage());
        assertEquals(1, mock.requestCount());
    }

    @Test
    void declaredContentLengthOverTheCapFailsBeforeReading() {
        mock.enqueue(MockResponse.json(200, ProviderStyle.openAiCompletion("m", "x".repeat(10_000), "stop", 1, 1)));
        LlmException e = failure(backend("openai", null, ep -> ep.withMaxResponseBytes(1000L))
                .start(req().withStream(false), null));
        assertEquals(Kind.RESPONSE_TOO_LARGE, e.kind());
    }

    // ---- configuration and connection -----------------------------------------------------------------------------

    @Test
    void missingKeyFailsWithoutAnyRequest() {
        LlmException e = failure(TestBackends.anthropic(mock.anthropicBaseUrl(), null).start(req(), null));
        assertEquals(Kind.MISSING_KEY, e.kind());
        assertEquals("Anthropic backend at " + mock.url() + ": API key missing — set ANTHROPIC_API_KEY or "
                + "pyassist.llm.anthropic.apiKey", e.getMessage());
        assertEquals(0, mock.requestCount());

        LlmException o = failure(TestBackends.openAi("https://api.openai.com/v1", null).start(req(), null));
        assertEquals(Kind.MISSING_KEY, o.kind());
        assertEquals("OpenAI-compatible backend at https://api.openai.com/v1: API key missing — set OPENAI_API_KEY "
                + "or pyassist.llm.openai.apiKey", o.getMessage());
    }

    @Test
    void connectTimeoutWhenTheServerNeverAccepts() throws Exception {
        // A listening socket with a full accept queue: Linux drops further SYNs, so connecting hangs.
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    java.net.Socket f = new java.net.Socket();
                    try {
                        f.connect(s.getLocalSocketAddress(), 200);
                        fillers.add(f);
                    } catch (IOException full) {
                        f.close();
                        break;
                    }
                }
                HttpBackend b = TestBackends.openAi("http://127.0.0.1:" + s.getLocalPort() + "/v1", KEY,
                        ep -> ep.withTimeouts(300, 5000));
                long t0 = System.nanoTime();
                LlmException e = failure(b.start(req(), null));
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                org.junit.jupiter.api.Assumptions.assumeTrue(e.kind() == Kind.TIMEOUT,
                        "this platform accepted or refused the connection: " + e.getMessage());
                assertTrue(e.getMessage().contains("could not connect within 0.3 s"), e.getMessage());
                assertTrue(ms < 2000, ms + " ms");
            } finally {
                for (java.net.Socket f : fillers) {
                    f.close();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void connectionRefusedOnAnUnusedPort(String provider) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        HttpBackend b = provider.equals("openai") ? TestBackends.openAi(base + "/v1", KEY)
                : TestBackends.anthropic(base, KEY);
        long t0 = System.nanoTime();
        LlmException e = failure(b.start(req(), null));
        assertEquals(Kind.CONNECTION_REFUSED, e.kind(), e.toString());
        assertTrue(e.getMessage().contains("cannot connect (connection refused) — is the server running?"),
                e.getMessage());
        assertTrue(e.getMessage().startsWith(b.describe() + ": "));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 2000, "no retries on refused");
    }
}
