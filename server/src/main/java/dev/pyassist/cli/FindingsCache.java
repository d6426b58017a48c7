package dev.pyassist.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyassist.Version;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.Severity;
import dev.pyassist.validator.UnitStore;
import dev.pyassist.validator.ValidatorArtifact;
import dev.pyassist.validator.ValidatorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * {@code pyassist check}'s cache of validator findings per unit, in the spirit of ruff's {@code .ruff_cache}:
 * a folder (by default {@code .pyassist_cache/} where check runs) that ignores itself in git (a {@code
 * .gitignore} holding {@code *}) and is tagged as a cache ({@code CACHEDIR.TAG}). Units are keyed by the
 * SHA-256 of their text, so a rerun scores only units that changed. One file per namespace, {@code
 * validator/<namespace>.json}, where the namespace hashes everything else a unit's findings depend on: the
 * pyassist version, the model's SHA-256, {@code validator.json} (tokenizer checksum, thresholds, windows) and
 * the settings that move thresholds or severities; another model or setting starts a fresh file, and only the
 * {@value #KEEP_NAMESPACES} most recent are kept. Thread-safe; {@link #save} writes atomically.
 */
final class FindingsCache implements UnitStore {
    static final String DEFAULT_DIR = ".pyassist_cache";
    static final int KEEP_NAMESPACES = 3;
    /** Units kept per file: those of this run first, then earlier ones up to this many. */
    static final int MAX_UNITS = 500_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FILE_FORMAT = 1;

    /** A finding as stored: relative offsets, severity by label. */
    record Stored(String code, String severity, String message, int start, int end, Map<String, Object> data) {}

    private final Path file;
    private final Map<String, List<Finding>> earlier;
    private final Map<String, List<Finding>> thisRun = new ConcurrentHashMap<>();

    private FindingsCache(Path file, Map<String, List<Finding>> earlier) {
        this.file = file;
        this.earlier = earlier;
    }

    /** What a unit's findings depend on besides its text. */
    static String namespace(ValidatorArtifact artifact, ValidatorOptions options) throws IOException {
        String key = String.join("\n", "pyassist " + Version.VERSION, "model.onnx " + artifact.modelSha256(),
                "validator.json " + sha256(Files.readAllBytes(artifact.dir().resolve("validator.json"))),
                "sensitivity " + options.sensitivity(), "severity " + options.severity().label());
        return sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    }

    /**
     * Opens (creating) the cache folder and reads this namespace's file; an unreadable or damaged file is
     * treated as empty (it is only a cache) and replaced by {@link #save}.
     */
    static FindingsCache open(Path dir, String namespace) throws IOException {
        Files.createDirectories(dir.resolve("validator"));
        Path ignore = dir.resolve(".gitignore");
        if (!Files.exists(ignore)) {
            Files.writeString(ignore, "# Automatically created by pyassist.\n*\n");
        }
        Path tag = dir.resolve("CACHEDIR.TAG");
        if (!Files.exists(tag)) {
            Files.writeString(tag, "Signature: 8a477f597d28d172789f06886806bc55\n"
                    + "# This file is a cache directory tag created by pyassist.\n");
        }
        Path file = dir.resolve("validator").resolve(namespace + ".json");
        Map<String, List<Finding>> earlier = new ConcurrentHashMap<>();
        if (Files.isRegularFile(file)) {
            try {
                Map<String, Object> root = JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
                if (Integer.valueOf(FILE_FORMAT).equals(root.get("format"))) {
                    Map<String, List<Stored>> units = JSON.convertValue(root.get("units"),
                            new TypeReference<Map<String, List<Stored>>>() {});
                    units.forEach((k, v) -> earlier.put(k, v.stream().map(FindingsCache::finding).toList()));
                }
            } catch (IOException | IllegalArgumentException e) {
                earlier.clear(); // a damaged cache is a cold cache
            }
        }
        return new FindingsCache(file, earlier);
    }

    @Override
    public List<Finding> get(String unitText) {
        String key = key(unitText);
        List<Finding> hit = thisRun.get(key);
        if (hit == null) {
            hit = earlier.get(key);
            if (hit != null) {
                thisRun.put(key, hit);
            }
        }
        return hit;
    }

    @Override
    public void put(String unitText, List<Finding> relative) {
        thisRun.put(key(unitText), List.copyOf(relative));
    }

    /** Units this run looked up or scored. */
    int size() {
        return thisRun.size();
    }

    /** Writes this run's units and as many earlier ones as fit, then drops the oldest other namespaces. */
    void save() throws IOException {
        Map<String, List<Stored>> units = new LinkedHashMap<>();
        thisRun.forEach((k, v) -> units.put(k, v.stream().map(FindingsCache::stored).toList()));
        for (Map.Entry<String, List<Finding>> e : earlier.entrySet()) {
            if (units.size() >= MAX_UNITS) {
                break;
            }
            units.putIfAbsent(e.getKey(), e.getValue().stream().map(FindingsCache::stored).toList());
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FILE_FORMAT);
        root.put("units", units);
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        prune();
    }

    private void prune() throws IOException {
        List<Path> others;
        try (Stream<Path> s = Files.list(file.getParent())) {
            others = new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(".json")).toList());
        }
        others.sort(Comparator.comparingLong((Path p) -> p.toFile().lastModified()).reversed());
        for (int i = KEEP_NAMESPACES; i < others.size(); i++) {
            if (!others.get(i).equals(file)) {
                Files.deleteIfExists(others.get(i));
            }
        }
    }

    private static Stored stored(Finding f) {
        return new Stored(f.code(), f.severity().label(), f.message(), f.start(), f.end(), f.data());
    }

    private static Finding finding(Stored s) {
        return new Finding(s.code(), Severity.parse(s.severity()), s.message(), s.start(), s.end(),
                s.data() == null ? Map.of() : s.data());
    }

    static String key(String unitText) {
        return sha256(unitText.getBytes(StandardCharsets.UTF_8)).substring(0, 40);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
