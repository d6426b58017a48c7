package dev.pyassist.validator;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tiny artifact of the pipeline's smoke run, copied into the test resources, and the engine over it. */
final class TinyModel {
    private static ValidatorEngine engine;

    private TinyModel() {}

    static Path dir() {
        try {
            return Path.of(TinyModel.class.getResource("/validator/tiny/validator.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tiny format-2 (token-rtd) artifact of {@code pipeline tiny --design rtd}. */
    static Path dir2() {
        try {
            return Path.of(TinyModel.class.getResource("/validator/tiny2/validator.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ValidatorEngine engine2;

    static synchronized ValidatorEngine engine2() throws ArtifactException {
        if (engine2 == null) {
            engine2 = ValidatorEngine.open(ValidatorArtifact.load(dir2()), 1);
        }
        return engine2;
    }

    static synchronized ValidatorEngine engine() throws ArtifactException {
        if (engine == null) {
            engine = ValidatorEngine.open(ValidatorArtifact.load(dir()), 1);
        }
        return engine;
    }

    /** A writable copy of the tiny artifact, to damage. */
    static Path copy(Path into) throws java.io.IOException {
        Files.createDirectories(into);
        for (String f : new String[] {"model.onnx", "tokenizer.json", "validator.json"}) {
            Files.copy(dir().resolve(f), into.resolve(f));
        }
        return into;
    }
}
