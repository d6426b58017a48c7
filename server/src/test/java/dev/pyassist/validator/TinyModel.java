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
