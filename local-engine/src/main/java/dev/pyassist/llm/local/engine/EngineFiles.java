package dev.pyassist.llm.local.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyassist.files.ArtifactLimits;
import dev.pyassist.files.ExternalFiles;
import dev.pyassist.files.RefusedFileException;
import dev.pyassist.files.SafeMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The model and adapter files, read through the server's {@link ExternalFiles}: regular files only, inside their
 * model or adapter folder (links may not leave it), within {@link ArtifactLimits}. Refusals and parse errors are
 * {@code MISCONFIGURED} with messages that name the file and never quote it: the model path can point anywhere.
 */
final class EngineFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EngineFiles() {
    }

    /** Whether {@code file} is there at all (a link counts, even a dangling one: reading it says what is wrong). */
    static boolean present(Path file) {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    /** A small JSON file of folder {@code root} ({@code config.json}, {@code adapter_config.json}, an index). */
    static JsonNode json(Path file, Path root) {
        byte[] bytes;
        try {
            bytes = ExternalFiles.readBytes(file, root, ArtifactLimits.json());
        } catch (RefusedFileException e) {
            throw refused(e, ArtifactLimits.JSON_PROPERTY);
        }
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw Problems.misconfigured(file, SafeMessages.invalidJson(e));
        } catch (IOException e) {
            throw Problems.misconfigured(file, "cannot be read");
        }
    }

    /** The checked real path of a weights file of folder {@code root} (read later, tensor by tensor). */
    static Path weights(Path file, Path root) {
        return checked(file, root, ArtifactLimits.weights(), ArtifactLimits.WEIGHTS_PROPERTY);
    }

    /** The checked real path of {@code tokenizer.json} (the tokenizers library reads it whole, on the heap). */
    static Path tokenizer(Path file, Path root) {
        return checked(file, root, ArtifactLimits.tokenizer(), ArtifactLimits.TOKENIZER_PROPERTY);
    }

    private static Path checked(Path file, Path root, long limit, String property) {
        try {
            return ExternalFiles.checked(file, root, limit);
        } catch (RefusedFileException e) {
            throw refused(e, property);
        }
    }

    private static RuntimeException refused(RefusedFileException e, String property) {
        String hint = e.reason() == RefusedFileException.Reason.TOO_LARGE
                ? " (" + ArtifactLimits.howToRaise(property) + ")" : "";
        return Problems.misconfigured(e.getMessage() + hint);
    }
}
