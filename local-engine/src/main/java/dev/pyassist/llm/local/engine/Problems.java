package dev.pyassist.llm.local.engine;

import dev.pyassist.llm.LlmException;
import java.nio.file.Path;

/** Builds the engine's {@link LlmException}s, so every message names the backend the same way. */
final class Problems {

    static final String BACKEND = "local";

    private Problems() {
    }

    /** Bad input on disk: {@code MISCONFIGURED}, naming the file. */
    static LlmException misconfigured(Path file, String problem) {
        return new LlmException(LlmException.Kind.MISCONFIGURED, BACKEND, file + ": " + problem);
    }

    static LlmException misconfigured(String problem) {
        return new LlmException(LlmException.Kind.MISCONFIGURED, BACKEND, problem);
    }

    static LlmException cancelled() {
        return new LlmException(LlmException.Kind.CANCELLED, BACKEND, "generation cancelled");
    }

    static LlmException engineFailure(String what, Throwable cause) {
        return new LlmException(LlmException.Kind.SERVER_ERROR, BACKEND, what + ": " + cause, null, cause);
    }
}
