package dev.pyassist.llm.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A canned response for {@link MockLlmServer#enqueue}: a status with a body, or a server-sent-event stream written
 * frame by frame (optionally slowly, optionally cut off). JSON bodies are written by Jackson.
 */
public final class MockResponse {

    private static final ObjectMapper JSON = new ObjectMapper();

    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    final byte[] body;
    final List<String> frames;
    Duration headerDelay = Duration.ZERO;
    Duration frameDelay = Duration.ZERO;
    boolean abortAtEnd;
    Long declaredLength;

    private MockResponse(int status, byte[] body, List<String> frames) {
        this.status = status;
        this.body = body;
        this.frames = frames;
    }

    /** A JSON body (any Jackson-serialisable value). */
    public static MockResponse json(int status, Object value) {
        try {
            return new MockResponse(status, JSON.writeValueAsBytes(value), null).header("Content-Type",
                    "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A raw body. */
    public static MockResponse text(int status, String contentType, String body) {
        return new MockResponse(status, body.getBytes(StandardCharsets.UTF_8), null).header("Content-Type", contentType);
    }

    /** A 200 event stream written frame by frame (each frame is raw SSE text, normally ending in a blank line). */
    public static MockResponse sse(List<String> frames) {
        return new MockResponse(200, null, new ArrayList<>(frames)).header("Content-Type", "text/event-stream")
                .header("Cache-Control", "no-cache");
    }

    public MockResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Waits before sending the status line and headers. */
    public MockResponse headerDelay(Duration d) {
        headerDelay = d;
        return this;
    }

    /** Waits before each stream frame. */
    public MockResponse frameDelay(Duration d) {
        frameDelay = d;
        return this;
    }

    /** After the last frame (or the body), drops the connection instead of ending the response properly. */
    public MockResponse abortAtEnd() {
        abortAtEnd = true;
        return this;
    }

    /** Declares a fixed Content-Length (may differ from the body to simulate a lie). */
    public MockResponse contentLength(long length) {
        declaredLength = length;
        return this;
    }

    boolean streaming() {
        return frames != null;
    }
}
