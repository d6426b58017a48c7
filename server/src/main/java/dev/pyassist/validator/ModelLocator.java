package dev.pyassist.validator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Where the validator artifact is: {@code --model DIR}, else the {@code validator.modelPath} setting, else the
 * bundled {@code models/validator/}: next to the jar or in the repository the jar was built in (walking up from
 * the jar), else carried inside the jar (extracted once to a cache folder).
 */
public final class ModelLocator {
    static final String BUNDLED = "models/validator";
    private static final List<String> FILES = List.of("validator.json", "model.onnx", "tokenizer.json");
    /** The per-site detectors (validator.json's {@code sites}); an artifact without them carries none. */
    private static final List<String> SITE_FILES = List.of("sites_swap.onnx", "sites_op.onnx", "sites_misuse.onnx");

    private ModelLocator() {}

    /** The artifact folder to load, or empty with nothing bundled. */
    public static Optional<Path> locate(Path flag, String setting) {
        if (flag != null) {
            return Optional.of(flag.toAbsolutePath());
        }
        if (setting != null && !setting.isBlank()) {
            return Optional.of(Path.of(setting.strip()).toAbsolutePath());
        }
        return bundled();
    }

    /** The bundled artifact, if this installation has one. */
    public static Optional<Path> bundled() {
        String prop = System.getProperty("pyassist.model");
        if ("none".equals(prop)) {
            return Optional.empty(); // unit tests: no bundled model unless a test names one
        }
        if (prop != null && !prop.isBlank()) {
            return Optional.of(Path.of(prop));
        }
        Path d = codeLocation();
        for (int up = 0; d != null && up < 5; up++, d = d.getParent()) {
            Path candidate = d.resolve(BUNDLED);
            if (Files.isRegularFile(candidate.resolve("validator.json"))) {
                return Optional.of(candidate);
            }
        }
        return fromJar();
    }

    private static Path codeLocation() {
        try {
            var source = ModelLocator.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path p = Path.of(source.getLocation().toURI());
            return Files.isDirectory(p) ? p : p.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The copy the jar carries, extracted to {@code ~/.cache/pyassist/validator-<sha>/} on first use. */
    private static Optional<Path> fromJar() {
        if (ModelLocator.class.getResource("/" + BUNDLED + "/validator.json") == null) {
            return Optional.empty();
        }
        try {
            String meta;
            try (InputStream in = ModelLocator.class.getResourceAsStream("/" + BUNDLED + "/validator.json")) {
                meta = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            String tag = Integer.toHexString(meta.hashCode());
            String home = System.getProperty("user.home", System.getProperty("java.io.tmpdir"));
            Path dir = Path.of(home, ".cache", "pyassist", "validator-" + tag);
            if (!Files.isRegularFile(dir.resolve("validator.json"))) {
                Path tmp = Files.createDirectories(dir.resolveSibling(dir.getFileName() + ".tmp" + ProcessHandle.current().pid()));
                for (String f : FILES) {
                    try (InputStream in = ModelLocator.class.getResourceAsStream("/" + BUNDLED + "/" + f)) {
                        if (in == null) {
                            return Optional.empty();
                        }
                        Files.copy(in, tmp.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                for (String f : SITE_FILES) {
                    try (InputStream in = ModelLocator.class.getResourceAsStream("/" + BUNDLED + "/" + f)) {
                        if (in != null) { // the artifact's own SHA-256 check says if one it names is missing
                            Files.copy(in, tmp.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    // another server extracted it first; ours is a duplicate
                }
            }
            return Optional.of(dir);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Why there is no model, for the status line. */
    public static String missingReason() {
        return "no validator model is bundled (" + BUNDLED + "/ was not found next to the jar); "
                + "point --model or the setting validator.modelPath at one";
    }
}
