package dev.pyassist.llm;

import dev.pyassist.config.Secret;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The one error type of the {@code llm} package. {@link #getMessage()} is a complete, user-facing sentence naming the
 * backend and what to do (the server shows it with {@code window/showMessage}); it never contains an API key.
 */
public class LlmException extends dev.pyassist.PyassistException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** No API key configured where one is required (or the server answered 401 to a request sent without one). */
        MISSING_KEY(false),
        /** Nothing listens at the base URL (or the host cannot be resolved/reached). */
        CONNECTION_REFUSED(false),
        /** The server rejected the key (401/403). */
        UNAUTHORIZED(false),
        /** The server does not know the requested model. */
        UNKNOWN_MODEL(false),
        /** 429 after all retries (or a Retry-After longer than we are willing to wait). */
        RATE_LIMITED(true),
        /** Connect timeout or overall timeout. */
        TIMEOUT(true),
        /** The response exceeded the configured size cap. */
        RESPONSE_TOO_LARGE(false),
        /** The stream ended (or the connection dropped) before the answer was complete. */
        TRUNCATED(true),
        /** Cancelled by the caller. */
        CANCELLED(false),
        /** 5xx after all retries, or an error event in the stream. */
        SERVER_ERROR(true),
        /** The server rejected the request as malformed (other 4xx). */
        INVALID_REQUEST(false),
        /** The settings are invalid (a bad base URL, a task routed to a backend that does not exist). */
        MISCONFIGURED(false),
        /** The server's answer could not be understood (not JSON, wrong shape, no endpoint at the URL). */
        BAD_RESPONSE(false);

        private final boolean transientFailure;

        Kind(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        /** Whether trying again later may succeed (for callers deciding whether to offer "retry"). */
        public boolean isTransient() {
            return transientFailure;
        }
    }

    private final Kind kind;
    private final String backend;
    private final String detail;
    private final int httpStatus;

    /**
     * @param kind       the kind
     * @param backend    the backend's description ({@link LlmBackend#describe()})
     * @param detail     what happened and what to do; scrubbed of key-like tokens
     * @param httpStatus HTTP status, or {@code null}
     * @param cause      underlying exception, or {@code null}
     */
    public LlmException(Kind kind, String backend, String detail, Integer httpStatus, Throwable cause) {
        super(Secret.scrub(backend + ": " + detail, null), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.backend = backend;
        this.detail = Secret.scrub(detail, null);
        this.httpStatus = httpStatus == null ? -1 : httpStatus;
    }

    public LlmException(Kind kind, String backend, String detail) {
        this(kind, backend, detail, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The backend's description. */
    public String backend() {
        return backend;
    }

    /** The message without the backend prefix. */
    public String detail() {
        return detail;
    }

    /** The user-facing message (same as {@link #getMessage()}). */
    public String userMessage() {
        return getMessage();
    }

    public OptionalInt httpStatus() {
        return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /**
     * This error with {@code scrub} applied to its texts (they may quote the server's answer, which may echo a key);
     * this one itself when that changes nothing.
     */
    public LlmException scrubbed(java.util.function.UnaryOperator<String> scrub) {
        String d = scrub.apply(detail);
        String b = scrub.apply(backend);
        if (Objects.equals(d, detail) && Objects.equals(b, backend)) {
            return this;
        }
        return new LlmException(kind, b, d, httpStatus < 0 ? null : httpStatus, getCause());
    }

    /**
     * Finds the {@link LlmException} inside a future's failure; other runtime exceptions (a throwing listener) are
     * returned as they are, anything else is wrapped as {@link Kind#BAD_RESPONSE}.
     */
    public static RuntimeException unwrap(Throwable t) {
        Throwable c = LlmCall.unwrapCompletion(t);
        if (c instanceof RuntimeException) {
            return (RuntimeException) c;
        }
        return new LlmException(Kind.BAD_RESPONSE, "LLM backend", "unexpected failure: " + c, null, c);
    }
}
