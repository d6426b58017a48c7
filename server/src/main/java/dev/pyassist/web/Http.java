package dev.pyassist.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading requests and writing responses: bodies with a size limit, JSON, errors, server-sent events. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();

    private Http() {}

    /** A request the client got wrong: the status and a message for the page. */
    static final class Failure extends RuntimeException {
        final int status;

        Failure(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** The body, at most {@code limit} bytes; more is refused with 413 before it is all read. */
    static byte[] body(HttpExchange x, int limit) throws IOException {
        String length = x.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > limit) {
                    x.getResponseHeaders().set("Connection", "close"); // the unread body is not drained
                    throw new Failure(413, "The request is larger than " + limit / 1024 + " KiB.");
                }
            } catch (NumberFormatException e) {
                throw new Failure(400, "Bad Content-Length.");
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = x.getRequestBody()) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                if (out.size() + n > limit) {
                    x.getResponseHeaders().set("Connection", "close");
                    throw new Failure(413, "The request is larger than " + limit / 1024 + " KiB.");
                }
                out.write(buf, 0, n);
            }
        }
        return out.toByteArray();
    }

    static JsonNode json(HttpExchange x, int limit) throws IOException {
        byte[] b = body(x, limit);
        try {
            JsonNode n = JSON.readTree(b);
            if (n == null || !n.isObject()) {
                throw new Failure(400, "The request body must be a JSON object.");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Failure(400, "The request body is not JSON.");
        }
    }

    static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream o = x.getResponseBody()) {
                o.write(body);
            }
        } else {
            x.close();
        }
    }

    static void json(HttpExchange x, int status, Object value) throws IOException {
        x.getResponseHeaders().set("Cache-Control", "no-store");
        send(x, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(value));
    }

    static void error(HttpExchange x, int status, String message) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        json(x, status, m);
    }

    /** A server-sent events stream: {@code event: name} and one {@code data:} line of JSON per event. */
    static final class Events implements AutoCloseable {
        private final OutputStream out;

        Events(HttpExchange x) throws IOException {
            x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            x.getResponseHeaders().set("Cache-Control", "no-store");
            x.sendResponseHeaders(200, 0);
            out = x.getResponseBody();
        }

        synchronized void send(String event, Object data) {
            try {
                out.write(("event: " + event + "\ndata: " + JSON.writeValueAsString(data) + "\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // the page went away: the answer is still kept in the store
            }
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException ignored) {
                // the page went away
            }
        }
    }
}
