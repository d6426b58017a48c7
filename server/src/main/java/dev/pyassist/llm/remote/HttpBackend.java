package dev.pyassist.llm.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pyassist.llm.FinishReason;
import dev.pyassist.llm.LlmBackend;
import dev.pyassist.llm.LlmCall;
import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.LlmException.Kind;
import dev.pyassist.llm.LlmRequest;
import dev.pyassist.llm.LlmResult;
import dev.pyassist.config.Secret;
import dev.pyassist.llm.TokenListener;
import dev.pyassist.llm.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Flow;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * Shared machinery of the HTTP backends: request sending with the JDK {@link HttpClient}, server-sent-event streaming,
 * an overall deadline, retries with exponential backoff on 429/5xx honouring {@code Retry-After}, a response size cap,
 * cancellation that aborts the exchange, and mapping of failures to {@link LlmException}s. Subclasses supply the
 * provider's request body, headers and response decoding.
 */
public abstract class HttpBackend implements LlmBackend {

    /** The package logger; nothing logged here contains a key or a prompt. */
    protected static final Logger LOG = Logger.getLogger("dev.pyassist.llm");

    protected static final ObjectMapper JSON = new ObjectMapper();

    private static final int MAX_ERROR_BODY = 64 * 1024;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pyassist-llm-timer");
        t.setDaemon(true);
        return t;
    });

    private final String id;
    protected final EndpointConfig cfg;
    private volatile HttpClient client; // built on first use: building one loads the TLS trust store (~0.1 s)
    private final Clock clock;

    protected HttpBackend(String id, EndpointConfig cfg, HttpClient client, Clock clock) {
        this.id = id;
        this.cfg = cfg;
        this.client = client;
        this.clock = clock == null ? Clock.systemUTC() : clock;
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = HttpClient.newBuilder()
                            .connectTimeout(cfg.connectTimeout())
                            .followRedirects(HttpClient.Redirect.NEVER) // never replay the key to another URL
                            .build();
                    client = c;
                }
            }
        }
        return c;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String describe() {
        return cfg.providerName() + " backend at " + cfg.displayUrl();
    }

    @Override
    public String defaultModel() {
        return cfg.model();
    }

    @Override
    public Optional<TimeLimit> timeLimit() {
        return Optional.of(new TimeLimit(cfg.timeout(), settingsPrefix() + ".timeoutMs"));
    }

    public EndpointConfig config() {
        return cfg;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + describe() + ", key " + (cfg.apiKey() == null ? "none" : Secret.REDACTED)
                + "]";
    }

    // ---- provider hooks -------------------------------------------------------------------------------------------

    /** The JSON request body. */
    protected abstract ObjectNode requestBody(LlmRequest request, String model, int maxTokens);

    /** Where {@code request} goes: the configured endpoint, unless the provider has another for this kind. */
    protected java.net.URI endpoint(LlmRequest request) {
        return cfg.endpoint();
    }

    /** Adds authentication and provider headers. */
    protected abstract void addHeaders(HttpRequest.Builder builder);

    /** Handles one streamed event; text deltas go to {@link Accumulator#emit}. */
    protected abstract void onStreamEvent(SseEvent event, Accumulator acc);

    /** Whether a stream that ended cleanly carried a complete answer. */
    protected abstract boolean streamComplete(Accumulator acc);

    /** Decodes a whole (non-streamed) answer into {@code acc}, emitting its text once. */
    protected abstract void parseFull(JsonNode root, Accumulator acc);

    // ---- entry point ----------------------------------------------------------------------------------------------

    @Override
    public LlmCall start(LlmRequest request, TokenListener listener) {
        String model = request.model() != null ? request.model() : cfg.model();
        if (cfg.apiKeyRequired() && cfg.apiKey() == null) {
            return LlmCall.failed(missingKey(false));
        }
        byte[] body;
        try {
            int maxTokens = request.maxTokens() != null ? request.maxTokens() : cfg.maxTokens();
            body = JSON.writeValueAsBytes(requestBody(request, model, maxTokens));
        } catch (JsonProcessingException e) {
            return LlmCall.failed(new LlmException(Kind.INVALID_REQUEST, describe(),
                    "could not encode the request: " + e.getOriginalMessage(), null, e));
        }
        HttpCall call = new HttpCall(request, model, body, listener == null ? TokenListener.NONE : listener);
        call.begin();
        return call;
    }

    @Override
    public java.util.Optional<String> notReady() {
        return cfg.apiKeyRequired() && cfg.apiKey() == null
                ? java.util.Optional.of("no key: set " + cfg.keyEnvVar() + " or " + cfg.keySetting())
                : java.util.Optional.empty();
    }

    // ---- errors ---------------------------------------------------------------------------------------------------

    private String settingsPrefix() {
        String s = cfg.keySetting();
        return s.endsWith(".apiKey") ? s.substring(0, s.length() - ".apiKey".length()) : s;
    }

    protected LlmException missingKey(boolean afterServer401) {
        return new LlmException(Kind.MISSING_KEY, describe(), "API key missing — set " + cfg.keyEnvVar() + " or "
                + cfg.keySetting() + (afterServer401 ? " (the server answered 401 Unauthorized to a request without one)"
                        : ""), afterServer401 ? 401 : null, null);
    }

    /** Maps an HTTP error status (after retries, if any) to an exception. */
    protected LlmException httpError(int status, byte[] bodyBytes, String model, int attempts) {
        String bodyText = bodyBytes == null ? "" : new String(bodyBytes, StandardCharsets.UTF_8);
        String msg = Secret.scrub(providerMessage(bodyText), cfg.apiKey());
        String said = msg.isEmpty() ? "HTTP " + status : "HTTP " + status + ": " + msg;
        String lower = bodyText.toLowerCase(Locale.ROOT);
        String tries = attempts > 1 ? " (after " + attempts + " attempts)" : "";
        if (status == 401) {
            if (cfg.apiKey() == null) {
                return missingKey(true);
            }
            return new LlmException(Kind.UNAUTHORIZED, describe(), "the API key was rejected (" + said + ") — check "
                    + cfg.keyEnvVar() + " or " + cfg.keySetting(), status, null);
        }
        if (status == 403) {
            return new LlmException(Kind.UNAUTHORIZED, describe(), "access denied (" + said + ") — check that the key in "
                    + cfg.keyEnvVar() + " or " + cfg.keySetting() + " may use this model", status, null);
        }
        boolean modelProblem = lower.contains("model") && (status == 404 || lower.contains("model_not_found")
                || lower.contains("not found") || lower.contains("does not exist") || lower.contains("not_found"));
        if ((status == 404 || status == 400 || status == 422) && modelProblem) {
            return new LlmException(Kind.UNKNOWN_MODEL, describe(), "unknown model '" + model + "' (" + said
                    + ") — set a model the server offers in " + settingsPrefix() + ".model or pyassist.llm.tasks.<task>.model"
                    + (cfg.providerName().startsWith("OpenAI") ? " (for Ollama: ollama pull " + model + ")" : ""),
                    status, null);
        }
        if (status == 404) {
            return new LlmException(Kind.BAD_RESPONSE, describe(), "no API endpoint at " + EndpointConfig.safeUrl(
                    cfg.endpoint().toString()) + " (" + said + ") — check " + settingsPrefix() + ".baseUrl or "
                    + cfg.keyEnvVar().replace("API_KEY", "BASE_URL"), status, null);
        }
        if (status == 429) {
            return new LlmException(Kind.RATE_LIMITED, describe(), "rate limited (" + said + ")" + tries
                    + " — try again later", status, null);
        }
        if (status >= 500) {
            return new LlmException(Kind.SERVER_ERROR, describe(), "server error (" + said + ")" + tries, status, null);
        }
        if (status >= 400) {
            return new LlmException(Kind.INVALID_REQUEST, describe(), "the server rejected the request (" + said + ")",
                    status, null);
        }
        return new LlmException(Kind.BAD_RESPONSE, describe(), "unexpected answer (" + said + ")", status, null);
    }

    /** The human message inside a provider error body (OpenAI, Anthropic, Ollama, FastAPI styles), or plain text. */
    static String providerMessage(String bodyText) {
        if (bodyText == null || bodyText.isBlank()) {
            return "";
        }
        try {
            JsonNode j = JSON.readTree(bodyText);
            if (j != null && j.isObject()) {
                JsonNode e = j.get("error");
                if (e != null && e.isTextual()) {
                    return oneLine(e.asText());
                }
                if (e != null && e.isObject() && e.hasNonNull("message")) {
                    return oneLine(e.get("message").asText());
                }
                if (j.hasNonNull("message")) {
                    return oneLine(j.get("message").asText());
                }
                if (j.hasNonNull("detail")) {
                    return oneLine(j.get("detail").isTextual() ? j.get("detail").asText() : j.get("detail").toString());
                }
            }
        } catch (IOException notJson) {
            // plain text
        }
        return oneLine(bodyText);
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    /** An error reported inside a 2xx stream or body. */
    protected LlmException errorInBody(JsonNode error) {
        String type = "";
        String message;
        if (error.isTextual()) {
            message = error.asText();
        } else {
            type = (error.path("type").asText("") + " " + error.path("code").asText("")).toLowerCase(Locale.ROOT);
            message = error.path("message").asText(error.toString());
        }
        message = Secret.scrub(oneLine(message), cfg.apiKey());
        if (type.contains("rate_limit") || type.contains("429")) {
            return new LlmException(Kind.RATE_LIMITED, describe(), "rate limited: " + message);
        }
        if (type.contains("model_not_found") || (message.toLowerCase(Locale.ROOT).contains("model")
                && message.toLowerCase(Locale.ROOT).contains("not found"))) {
            return new LlmException(Kind.UNKNOWN_MODEL, describe(), "unknown model: " + message);
        }
        return new LlmException(Kind.SERVER_ERROR, describe(), "the server reported an error: " + message);
    }

    protected LlmException badResponse(String what, Throwable cause) {
        return new LlmException(Kind.BAD_RESPONSE, describe(), what, null, cause);
    }

    protected JsonNode parseJson(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || n.isMissingNode()) {
                throw badResponse("the server sent an empty answer", null);
            }
            return n;
        } catch (JsonProcessingException e) {
            String head = text.length() > 120 ? text.substring(0, 120) + "…" : text;
            throw badResponse("the server sent something that is not JSON: " + oneLine(head), e);
        }
    }

    private LlmException transportError(Throwable c) {
        for (Throwable t = c; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return new LlmException(Kind.TIMEOUT, describe(), "could not connect within "
                        + seconds(cfg.connectTimeout()) + " — is the server reachable? (" + settingsPrefix()
                        + ".connectTimeoutMs)", null, c);
            }
            if (t instanceof HttpTimeoutException) {
                return overallTimeout(c);
            }
            if (t instanceof ConnectException || t instanceof UnresolvedAddressException
                    || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
                String why = t instanceof UnknownHostException || t instanceof UnresolvedAddressException
                        ? "unknown host" : "connection refused";
                return new LlmException(Kind.CONNECTION_REFUSED, describe(), "cannot connect (" + why
                        + ") — is the server running? Check " + settingsPrefix() + ".baseUrl or "
                        + cfg.keyEnvVar().replace("API_KEY", "BASE_URL"), null, c);
            }
            if (t instanceof SSLException) {
                return new LlmException(Kind.CONNECTION_REFUSED, describe(), "TLS handshake failed: "
                        + t.getMessage(), null, c);
            }
        }
        return new LlmException(Kind.SERVER_ERROR, describe(), "the connection failed: " + c, null, c);
    }

    private LlmException overallTimeout(Throwable cause) {
        return new LlmException(Kind.TIMEOUT, describe(), "no complete answer within " + seconds(cfg.timeout())
                + " (" + settingsPrefix() + ".timeoutMs)", null, cause);
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** A loggable one-line description of a request: no body, sensitive headers redacted. */
    static String dump(HttpRequest r) {
        Map<String, String> hs = new TreeMap<>();
        r.headers().map().forEach((k, v) -> {
            String lk = k.toLowerCase(Locale.ROOT);
            boolean sensitive = lk.equals("authorization") || lk.equals("x-api-key") || lk.equals("api-key")
                    || lk.contains("token") || lk.contains("secret") || lk.contains("cookie");
            hs.put(k, sensitive ? Secret.REDACTED : String.join(",", v));
        });
        long len = r.bodyPublisher().map(HttpRequest.BodyPublisher::contentLength).orElse(0L);
        return r.method() + " " + EndpointConfig.safeUrl(r.uri().toString()) + " headers " + hs + " body " + len
                + " bytes";
    }

    // ---- per-call state -------------------------------------------------------------------------------------------

    /** What a response decodes into; text deltas are emitted through {@link #emit}. */
    protected static final class Accumulator {
        private final HttpCall call;
        final StringBuilder text = new StringBuilder();
        String rawFinish;
        String model;
        String responseId;
        int inputTokens = -1;
        int outputTokens = -1;
        boolean done;

        Accumulator(HttpCall call) {
            this.call = call;
        }

        public void emit(String delta) {
            call.emit(this, delta);
        }

        public void finish(String raw) {
            rawFinish = raw;
        }

        public String finishReason() {
            return rawFinish;
        }

        public void model(String m) {
            if (m != null && !m.isBlank()) {
                model = m;
            }
        }

        /** The provider's id of the response (the first one seen: every chunk of a stream repeats it). */
        public void responseId(String id) {
            if (responseId == null && id != null && !id.isBlank()) {
                responseId = id;
            }
        }

        public void inputTokens(int n) {
            inputTokens = n;
        }

        public void outputTokens(int n) {
            outputTokens = n;
        }

        public void done() {
            done = true;
        }

        public boolean isDone() {
            return done;
        }

        public int textLength() {
            return text.length();
        }
    }

    /** Thrown out of a listener to abort the stream; carries the listener's exception. */
    private static final class ListenerFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ListenerFailure(RuntimeException cause) {
            super(cause);
        }
    }

    /** An error event inside a stream, retryable when no text was delivered yet. */
    private static final class StreamError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final LlmException error;

        StreamError(LlmException error) {
            super(error);
            this.error = error;
        }
    }

    /** Throws from {@link #onStreamEvent} to report an error event in the stream. */
    protected static RuntimeException streamError(LlmException e) {
        return new StreamError(e);
    }

    private record Outcome(boolean streamed, boolean cleanEnd, byte[] bytes) {
    }

    private final class HttpCall implements LlmCall {
        private final LlmRequest request;
        private final String model;
        private final byte[] body;
        private final TokenListener listener;
        private final CompletableFuture<LlmResult> result = new CompletableFuture<>();
        private final long startNanos = System.nanoTime();
        private final long deadlineNanos;
        private final Object lock = new Object();
        private int attempts;
        private long firstTokenNanos = -1;
        private boolean outputSeen;
        private volatile boolean closed;
        private CompletableFuture<?> inflight;
        private Receiver receiver;
        private ScheduledFuture<?> retryTask;
        private ScheduledFuture<?> timeoutTask;

        HttpCall(LlmRequest request, String model, byte[] body, TokenListener listener) {
            this.request = request;
            this.model = model;
            this.body = body;
            this.listener = listener;
            this.deadlineNanos = startNanos + cfg.timeout().toNanos();
        }

        void begin() {
            ScheduledFuture<?> t = TIMER.schedule(() -> fail(overallTimeout(null)), cfg.timeout().toNanos(),
                    TimeUnit.NANOSECONDS);
            synchronized (lock) {
                timeoutTask = t;
            }
            // Cleanup runs on the timer thread: never inside our lock, never on the client's reader thread.
            result.whenCompleteAsync((r, e) -> cleanup(e != null), TIMER);
            sendAttempt();
        }

        @Override
        public CompletableFuture<LlmResult> result() {
            return result;
        }

        @Override
        public void cancel() {
            if (fail(new LlmException(Kind.CANCELLED, describe(), "request cancelled"))) {
                LOG.fine(() -> describe() + ": request cancelled");
            }
        }

        private boolean fail(Throwable failure) {
            // every failure of a call leaves here: a message quoting the server's answer loses the key it echoed
            Throwable e = failure instanceof LlmException le ? le.scrubbed(t -> Secret.scrub(t, cfg.apiKey())) : failure;
            synchronized (lock) { // after this block no listener call starts; callbacks run outside the lock
                if (closed) {
                    return false;
                }
                closed = true;
            }
            boolean first = result.completeExceptionally(e);
            if (first && e instanceof LlmException && ((LlmException) e).kind() != Kind.CANCELLED) {
                LOG.fine(() -> "call failed: " + e.getMessage());
            }
            return first;
        }

        private void cleanup(boolean abort) {
            CompletableFuture<?> f;
            Receiver rc;
            synchronized (lock) {
                if (timeoutTask != null) {
                    timeoutTask.cancel(false);
                }
                if (retryTask != null) {
                    retryTask.cancel(false);
                }
                f = inflight;
                rc = receiver;
            }
            if (abort) {
                if (rc != null) {
                    rc.abort();
                }
                if (f != null) {
                    f.cancel(true);
                }
            }
        }

        private void sendAttempt() {
            int n;
            synchronized (lock) {
                if (closed || result.isDone()) {
                    return;
                }
                n = ++attempts;
            }
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                fail(overallTimeout(null));
                return;
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(endpoint(request))
                    .timeout(Duration.ofNanos(remaining))
                    .header("Content-Type", "application/json")
                    .header("Accept", request.stream() ? "text/event-stream" : "application/json")
                    .header("User-Agent", "pyassist")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if ("http".equalsIgnoreCase(endpoint(request).getScheme())) {
                b.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance with local servers
            }
            addHeaders(b);
            HttpRequest httpRequest = b.build();
            if (LOG.isLoggable(Level.FINE)) {
                LOG.fine(describe() + ": attempt " + n + ", model " + model + ", task " + request.task().key()
                        + (request.stream() ? ", streaming" : "") + ": " + dump(httpRequest));
            }
            Receiver rc = new Receiver(new Accumulator(this));
            CompletableFuture<HttpResponse<Outcome>> f;
            try {
                f = client().sendAsync(httpRequest, rc::subscriber);
            } catch (RuntimeException e) {
                fail(transportError(e));
                return;
            }
            synchronized (lock) {
                inflight = f;
                receiver = rc;
            }
            if (closed || result.isDone()) {
                f.cancel(true);
                return;
            }
            f.whenComplete((resp, err) -> {
                try {
                    onAttemptDone(n, rc, resp, err);
                } catch (RuntimeException e) {
                    fail(e instanceof LlmException ? e : badResponse("unexpected failure: " + e, e));
                }
            });
        }

        private void onAttemptDone(int n, Receiver rc, HttpResponse<Outcome> resp, Throwable err) {
            if (closed || result.isDone()) {
                return;
            }
            Accumulator acc = rc.acc;
            if (err != null) {
                Throwable c = LlmCall.unwrapCompletion(err);
                if (c instanceof ListenerFailure) {
                    fail(c.getCause());
                } else if (c instanceof StreamError) {
                    LlmException e = ((StreamError) c).error;
                    if ((e.kind() == Kind.SERVER_ERROR || e.kind() == Kind.RATE_LIMITED) && canRetry(n)) {
                        scheduleRetry(n, null, e);
                    } else {
                        fail(e);
                    }
                } else if (c instanceof LlmException) {
                    fail(c);
                } else if (c instanceof CancellationException) {
                    fail(new LlmException(Kind.CANCELLED, describe(), "request cancelled", null, c));
                } else if (rc.status / 100 == 2) {
                    fail(truncated(acc, c));
                } else {
                    fail(transportError(c));
                }
                return;
            }
            int status = resp.statusCode();
            Outcome o = resp.body();
            if (status / 100 == 2) {
                if (o.streamed()) {
                    if (acc.done || (o.cleanEnd() && streamComplete(acc))) {
                        succeed(acc, n);
                    } else {
                        fail(truncated(acc, null));
                    }
                } else {
                    String text = new String(o.bytes(), StandardCharsets.UTF_8);
                    JsonNode root = parseJson(text);
                    if (root.hasNonNull("error") && !root.hasNonNull("choices") && !root.hasNonNull("content")) {
                        fail(errorInBody(root.get("error")));
                        return;
                    }
                    parseFull(root, acc);
                    succeed(acc, n);
                }
                return;
            }
            if (status / 100 == 3) {
                String to = resp.headers().firstValue("location").map(EndpointConfig::safeUrl).orElse("elsewhere");
                fail(new LlmException(Kind.BAD_RESPONSE, describe(), "the server redirects (HTTP " + status + ") to "
                        + to + " — set " + settingsPrefix() + ".baseUrl to the final address", status, null));
                return;
            }
            LlmException e = httpError(status, o.bytes(), model, n);
            if ((status == 429 || status >= 500) && canRetry(n)) {
                scheduleRetry(n, resp.headers(), e);
            } else {
                fail(e);
            }
        }

        private LlmException truncated(Accumulator acc, Throwable cause) {
            return new LlmException(Kind.TRUNCATED, describe(), "the answer was cut off: the stream ended before it "
                    + "was complete (" + acc.text.length() + " characters received)", null, cause);
        }

        private boolean canRetry(int n) {
            synchronized (lock) {
                return n <= cfg.maxRetries() && !outputSeen;
            }
        }

        private void scheduleRetry(int n, HttpHeaders headers, LlmException e) {
            Optional<Duration> asked = RetryAfter.from(headers, clock);
            Duration delay = asked.orElseGet(() -> backoff(n));
            if (asked.isPresent() && delay.compareTo(cfg.maxRetryDelay()) > 0) {
                fail(new LlmException(e.kind(), describe(), e.detail() + " — the server asks to wait "
                        + seconds(delay) + ", longer than " + settingsPrefix() + ".maxRetryDelayMs allows",
                        e.httpStatus().isPresent() ? e.httpStatus().getAsInt() : null, null));
                return;
            }
            if (System.nanoTime() + delay.toNanos() >= deadlineNanos) {
                fail(new LlmException(e.kind(), describe(), e.detail() + " — not retried: waiting " + seconds(delay)
                        + " would pass the overall timeout", e.httpStatus().isPresent()
                                ? e.httpStatus().getAsInt() : null, null));
                return;
            }
            String why = e.httpStatus().isPresent() ? "HTTP " + e.httpStatus().getAsInt()
                    : "error event in the stream (" + e.kind() + ")";
            LOG.info(() -> describe() + ": " + why + ", retrying in " + delay.toMillis() + " ms (attempt " + (n + 1)
                    + " of " + (cfg.maxRetries() + 1) + ")");
            synchronized (lock) {
                if (closed || result.isDone()) {
                    return;
                }
                retryTask = TIMER.schedule(this::sendAttempt, delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        }

        private Duration backoff(int n) {
            long base = cfg.retryBaseDelay().toMillis();
            long d = base << Math.min(n - 1, 20);
            d = Math.min(d, cfg.maxRetryDelay().toMillis());
            long jitter = d / 10 == 0 ? 0 : ThreadLocalRandom.current().nextLong(d / 10 + 1);
            return Duration.ofMillis(d + jitter);
        }

        void emit(Accumulator acc, String delta) {
            if (delta == null || delta.isEmpty()) {
                return;
            }
            synchronized (lock) {
                if (closed || result.isDone()) {
                    throw new CancellationException("call finished");
                }
                if (firstTokenNanos < 0) {
                    firstTokenNanos = System.nanoTime();
                }
                outputSeen = true;
                acc.text.append(delta);
                try {
                    listener.onToken(delta);
                } catch (RuntimeException e) {
                    throw new ListenerFailure(e);
                }
            }
        }

        private void succeed(Accumulator acc, int n) {
            long end = System.nanoTime();
            Duration latency = Duration.ofNanos(end - startNanos);
            Duration ttft;
            synchronized (lock) {
                ttft = firstTokenNanos < 0 ? null : Duration.ofNanos(firstTokenNanos - startNanos);
            }
            LlmResult r = new LlmResult(acc.text.toString(), FinishReason.fromProvider(acc.rawFinish), acc.rawFinish,
                    new TokenUsage(acc.inputTokens, acc.outputTokens), latency, ttft,
                    acc.model != null ? acc.model : model, id, n, acc.responseId);
            synchronized (lock) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            if (result.complete(r)) {
                // the model and finish reason are the server's words: an endpoint may echo the key in them
                LOG.fine(() -> Secret.scrub(describe() + ": done in " + latency.toMillis() + " ms, model " + r.model()
                        + ", tokens in " + r.usage().inputTokens() + " out " + r.usage().outputTokens() + ", finish "
                        + r.rawFinishReason() + ", attempts " + n, cfg.apiKey()));
            }
        }

        /** Builds the body subscriber of one attempt once the status is known. */
        private final class Receiver {
            final Accumulator acc;
            volatile int status;
            private volatile Body body;

            Receiver(Accumulator acc) {
                this.acc = acc;
            }

            HttpResponse.BodySubscriber<Outcome> subscriber(HttpResponse.ResponseInfo info) {
                status = info.statusCode();
                boolean ok = status / 100 == 2;
                String type = info.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
                boolean sse = ok && request.stream() && !type.startsWith("application/json");
                long cap = ok ? cfg.maxResponseBytes() : MAX_ERROR_BODY;
                long declared = info.headers().firstValueAsLong("content-length").orElse(-1L);
                Body b = new Body(sse, ok, cap, ok && declared > cfg.maxResponseBytes(), acc);
                body = b;
                return b;
            }

            void abort() {
                Body b = body;
                if (b != null) {
                    b.abort();
                }
            }
        }

        private final class Body implements HttpResponse.BodySubscriber<Outcome> {
            private final CompletableFuture<Outcome> out = new CompletableFuture<>();
            private final boolean sse;
            private final boolean strictCap;
            private final long cap;
            private final boolean tooLargeUpFront;
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            private final SseParser parser;
            private volatile Flow.Subscription subscription;
            private long received;

            Body(boolean sse, boolean strictCap, long cap, boolean tooLargeUpFront, Accumulator acc) {
                this.sse = sse;
                this.strictCap = strictCap;
                this.cap = cap;
                this.tooLargeUpFront = tooLargeUpFront;
                this.parser = sse ? new SseParser(ev -> onStreamEvent(ev, acc)) : null;
            }

            @Override
            public CompletionStage<Outcome> getBody() {
                return out;
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                if (tooLargeUpFront) {
                    stop(tooLarge());
                    return;
                }
                if (out.isDone()) {
                    s.cancel();
                    return;
                }
                s.request(1);
            }

            @Override
            public void onNext(List<ByteBuffer> items) {
                if (out.isDone()) {
                    return;
                }
                try {
                    for (ByteBuffer buf : items) {
                        received += buf.remaining();
                        if (received > cap) {
                            if (strictCap) {
                                stop(tooLarge());
                                return;
                            }
                            continue; // error body: keep the head, drain the rest
                        }
                        if (sse) {
                            parser.feed(buf);
                        } else {
                            byte[] chunk = new byte[buf.remaining()];
                            buf.get(chunk);
                            bytes.write(chunk, 0, chunk.length);
                        }
                    }
                } catch (LlmException | ListenerFailure | StreamError | CancellationException e) {
                    stop(e);
                    return;
                } catch (RuntimeException e) {
                    stop(badResponse("could not read the stream: " + e, e));
                    return;
                }
                subscription.request(1);
            }

            @Override
            public void onError(Throwable t) {
                out.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                if (sse) {
                    boolean clean = parser.finish();
                    out.complete(new Outcome(true, clean, null));
                } else {
                    out.complete(new Outcome(false, true, bytes.toByteArray()));
                }
            }

            private LlmException tooLarge() {
                return new LlmException(Kind.RESPONSE_TOO_LARGE, describe(), "the answer exceeded "
                        + cfg.maxResponseBytes() + " bytes (" + settingsPrefix() + ".maxResponseBytes)");
            }

            private void stop(Throwable t) {
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.cancel();
                }
                out.completeExceptionally(t);
            }

            void abort() {
                stop(new CancellationException("aborted"));
            }
        }
    }
}
