package dev.pyassist.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mock LLM HTTP server on 127.0.0.1 (random port) speaking OpenAI chat completions ({@code .../chat/completions})
 * and Anthropic Messages ({@code .../v1/messages}), streaming (when the request says {@code "stream": true}) and not.
 *
 * <p>Behaviour, in order: a response queued with {@link #enqueue} is served first (any route); otherwise the first path
 * segment may name a {@link Scenario} route ({@code /slow/v1/chat/completions}, {@code /rate-limited/v1/messages},
 * ...); otherwise the normal answer: {@link #reply(String)} split into word deltas, cut at the first stop sequence
 * found, with token usage (input = words in the messages, output = deltas sent). The model {@code "unknown-model"}
 * gets a provider-style 404, and a request without the key set by {@link #requireApiKey} a provider-style 401.
 *
 * <p>Every request is recorded ({@link #requests()}, {@link #takeRequest}); a stream write that fails because the
 * client went away is counted ({@link #awaitDisconnect}).
 */
public final class MockLlmServer implements AutoCloseable {

    /** Routes selected by the first path segment of the base URL. */
    public enum Scenario {
        /** Streams one delta every {@link #slowDelay} (200 deltas); non-streaming waits that long ×200 first. */
        SLOW("slow"),
        /** HTTP 500 with a provider error body. */
        FAIL("fail"),
        /** HTTP 401 with a provider error body. */
        UNAUTHORIZED("unauthorized"),
        /** HTTP 404 with a provider "model not found" body. */
        UNKNOWN_MODEL("unknown-model"),
        /** HTTP 429 with {@code Retry-After} ({@link #retryAfter}). */
        RATE_LIMITED("rate-limited"),
        /** A stream that ends cleanly after two deltas, without {@code [DONE]} / {@code message_stop}. */
        TRUNCATED("truncated"),
        /** A stream dropped mid-way (connection closed without ending the chunked body). */
        DROPPED("dropped");

        final String path;

        Scenario(String path) {
            this.path = path;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final BlockingQueue<RecordedRequest> taken = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<MockResponse> queue = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<String> disconnects = new LinkedBlockingQueue<>();
    private final AtomicInteger openStreams = new AtomicInteger();
    private volatile String reply = "Hello from the mock model.";
    private volatile String requiredKey;
    private volatile Duration slowDelay = Duration.ofMillis(100);
    private volatile String retryAfter = "1";

    private MockLlmServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mock-llm");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static MockLlmServer start() {
        try {
            return new MockLlmServer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the mock LLM server", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Base URL for an OpenAI-compatible backend ({@code .../v1}). */
    public String openAiBaseUrl() {
        return url() + "/v1";
    }

    public String openAiBaseUrl(Scenario s) {
        return url() + "/" + s.path + "/v1";
    }

    /** Base URL for an Anthropic backend (host only, like {@code https://api.anthropic.com}). */
    public String anthropicBaseUrl() {
        return url();
    }

    public String anthropicBaseUrl(Scenario s) {
        return url() + "/" + s.path;
    }

    // ---- scripting ------------------------------------------------------------------------------------------------

    /** Queues a response for the next request (first in, first out). */
    public MockLlmServer enqueue(MockResponse r) {
        queue.add(r);
        return this;
    }

    /** The answer text of the normal route. */
    public MockLlmServer reply(String text) {
        reply = text;
        return this;
    }

    /** Answer 401 unless the request carries this key ({@code Authorization: Bearer} or {@code x-api-key}). */
    public MockLlmServer requireApiKey(String key) {
        requiredKey = key;
        return this;
    }

    public MockLlmServer slowDelay(Duration d) {
        slowDelay = d;
        return this;
    }

    /** The {@code Retry-After} value of the rate-limited route. */
    public MockLlmServer retryAfter(String value) {
        retryAfter = value;
        return this;
    }

    // ---- inspection -----------------------------------------------------------------------------------------------

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    /** The next recorded request not yet taken, waiting up to {@code timeout}; {@code null} if none. */
    public RecordedRequest takeRequest(Duration timeout) throws InterruptedException {
        return taken.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until a stream write failed because the client closed the connection. */
    public boolean awaitDisconnect(Duration timeout) throws InterruptedException {
        return disconnects.poll(timeout.toMillis(), TimeUnit.MILLISECONDS) != null;
    }

    /** Streams currently being written. */
    public int openStreams() {
        return openStreams.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- handling -------------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            String path = ex.getRequestURI().getPath();
            RecordedRequest rec = new RecordedRequest(ex.getRequestMethod(), path, headers, body);
            requests.add(rec);
            taken.add(rec);
            Scenario scenario = scenario(path);
            String route = scenario == null ? path : path.substring(scenario.path.length() + 1);
            boolean completions = route.equals("/v1/completions"); // text (fill-in-the-middle) completions
            boolean openai = route.equals("/v1/chat/completions") || completions;
            boolean anthropic = route.equals("/v1/messages");
            MockResponse queued = queue.poll();
            if (queued != null) {
                send(ex, queued);
                return;
            }
            if (!openai && !anthropic) {
                send(ex, MockResponse.text(404, "text/plain", "404 page not found"));
                return;
            }
            send(ex, answer(rec, openai, completions, scenario));
        } catch (Dropped d) {
            throw d; // leave the exchange unclosed: the server drops the connection mid-body
        } catch (IOException | RuntimeException e) {
            ex.close();
            throw e;
        }
        ex.close();
    }

    /** Thrown to drop a connection without ending the response. */
    private static final class Dropped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Dropped() {
            super("mock: dropping the connection");
        }
    }

    private static Scenario scenario(String path) {
        String first = path.length() > 1 ? path.substring(1).split("/", 2)[0] : "";
        for (Scenario s : Scenario.values()) {
            if (s.path.equals(first)) {
                return s;
            }
        }
        return null;
    }

    private MockResponse answer(RecordedRequest rec, boolean openai, boolean completions, Scenario scenario) {
        JsonNode req = rec.json();
        String model = req.path("model").asText("");
        boolean stream = req.path("stream").asBoolean(false);
        if (requiredKey != null || scenario == Scenario.UNAUTHORIZED) {
            String presented = openai ? bearer(rec.header("authorization")) : rec.header("x-api-key");
            if (scenario == Scenario.UNAUTHORIZED || !requiredKey.equals(presented)) {
                return openai
                        ? MockResponse.json(401, ProviderStyle.openAiError("Incorrect API key provided: "
                                + mask(presented) + ". You can find your API key at https://platform.openai.com.",
                                "invalid_request_error", "invalid_api_key"))
                        : MockResponse.json(401, ProviderStyle.anthropicError("authentication_error",
                                "invalid x-api-key"));
            }
        }
        if (scenario == Scenario.UNKNOWN_MODEL || model.equals("unknown-model")) {
            return openai
                    ? MockResponse.json(404, ProviderStyle.openAiError("The model `" + model
                            + "` does not exist or you do not have access to it.", "invalid_request_error",
                            "model_not_found"))
                    : MockResponse.json(404, ProviderStyle.anthropicError("not_found_error", "model: " + model));
        }
        if (scenario == Scenario.FAIL) {
            return openai
                    ? MockResponse.json(500, ProviderStyle.openAiError("The server had an error while processing "
                            + "your request.", "server_error", null))
                    : MockResponse.json(500, ProviderStyle.anthropicError("api_error", "Internal server error"));
        }
        if (scenario == Scenario.RATE_LIMITED) {
            return (openai
                    ? MockResponse.json(429, ProviderStyle.openAiError("Rate limit reached for requests",
                            "requests", "rate_limit_exceeded"))
                    : MockResponse.json(429, ProviderStyle.anthropicError("rate_limit_error",
                            "Number of requests has exceeded your rate limit")))
                    .header("Retry-After", retryAfter);
        }
        // The normal answer, cut at the first stop sequence.
        String text = reply;
        String hitStop = null;
        JsonNode stops = req.path(openai ? "stop" : "stop_sequences");
        int cut = text.length();
        for (JsonNode s : stops) {
            int i = text.indexOf(s.asText());
            if (i >= 0 && i < cut) {
                cut = i;
                hitStop = s.asText();
            }
        }
        text = text.substring(0, cut);
        List<String> deltas = ProviderStyle.tokens(text);
        if (scenario == Scenario.SLOW) {
            List<String> many = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                many.add("tok" + i + " ");
            }
            deltas = many;
            text = String.join("", many);
        }
        int in = inputWords(req, openai);
        int out = deltas.size();
        String finish = openai ? "stop" : hitStop != null ? "stop_sequence" : "end_turn";
        String usedModel = model.isEmpty() ? "mock-model" : model;
        if (!stream) {
            MockResponse r = completions
                    ? MockResponse.json(200, ProviderStyle.openAiTextCompletion(usedModel, text, finish, in, out))
                    : openai
                    ? MockResponse.json(200, ProviderStyle.openAiCompletion(usedModel, text, finish, in, out))
                    : MockResponse.json(200, ProviderStyle.anthropicMessage(usedModel, text, finish, hitStop, in, out));
            if (scenario == Scenario.SLOW) {
                r.headerDelay(slowDelay.multipliedBy(200));
            }
            return r;
        }
        boolean usage = req.path("stream_options").path("include_usage").asBoolean(false);
        List<String> frames = completions ? ProviderStyle.openAiTextStream(usedModel, deltas, finish)
                : openai
                ? ProviderStyle.openAiStream(usedModel, deltas, finish, usage, in, out)
                : ProviderStyle.anthropicStream(usedModel, deltas, finish, hitStop, in, out);
        if (scenario == Scenario.TRUNCATED || scenario == Scenario.DROPPED) {
            int keep = openai ? 3 : 5; // role/start frames + two deltas
            MockResponse r = MockResponse.sse(frames.subList(0, Math.min(keep, frames.size())));
            return scenario == Scenario.DROPPED ? r.abortAtEnd() : r;
        }
        MockResponse r = MockResponse.sse(frames);
        if (scenario == Scenario.SLOW) {
            r.frameDelay(slowDelay);
        }
        return r;
    }

    private static int inputWords(JsonNode req, boolean openai) {
        int n = 0;
        if (!openai && req.hasNonNull("system")) {
            n += words(req.get("system").asText());
        }
        n += words(req.path("prompt").asText(""));
        for (JsonNode m : req.path("messages")) {
            n += words(m.path("content").asText(""));
        }
        return n;
    }

    private static int words(String s) {
        String t = s.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    private static String bearer(String h) {
        return h != null && h.startsWith("Bearer ") ? h.substring(7) : null;
    }

    /** Like OpenAI: echoes a masked form of the key it got (the client must scrub even this). */
    private static String mask(String key) {
        if (key == null) {
            return "(none)";
        }
        return key.length() <= 8 ? "***" : key.substring(0, 3) + "*****" + key.substring(key.length() - 4);
    }

    private void send(HttpExchange ex, MockResponse r) throws IOException {
        sleep(r.headerDelay);
        r.headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        if (!r.streaming()) {
            long len = r.declaredLength != null ? r.declaredLength : r.body.length;
            ex.sendResponseHeaders(r.status, len == 0 ? -1 : len);
            if (r.body.length > 0) {
                OutputStream os = ex.getResponseBody();
                os.write(r.body);
                os.flush();
                if (r.abortAtEnd) {
                    throw new Dropped();
                }
                os.close();
            }
            return;
        }
        ex.sendResponseHeaders(r.status, 0);
        OutputStream os = ex.getResponseBody();
        openStreams.incrementAndGet();
        try {
            for (String frame : r.frames) {
                sleep(r.frameDelay);
                os.write(frame.getBytes(StandardCharsets.UTF_8));
                os.flush();
            }
            if (r.abortAtEnd) {
                throw new Dropped();
            }
            os.close();
        } catch (IOException e) {
            disconnects.add(e.toString());
            throw e;
        } finally {
            openStreams.decrementAndGet();
        }
    }

    private static void sleep(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
