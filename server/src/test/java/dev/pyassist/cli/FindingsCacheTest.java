package dev.pyassist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.ParsedText;
import dev.pyassist.diagnostics.Severity;
import dev.pyassist.validator.ValidatorArtifact;
import dev.pyassist.validator.ValidatorEngine;
import dev.pyassist.validator.ValidatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache of unit findings: a rerun scores only changed units; another model or setting starts over. */
class FindingsCacheTest {
    private static final String THREE = "def add(a, b):\n    return a + b\n\n\n"
            + "def sub(a, b):\n    return a - b\n\n\n"
            + "def small(x, lo):\n    if x >= lo:\n        return lo\n    return x\n";

    @TempDir
    Path dir;

    /** Validates {@code text} with a fresh engine (empty memory cache) over the cache file, saved after. */
    private record Run(List<Finding> findings, long scored, long fromStore) {}

    private Run run(Path model, ValidatorOptions options, String text) throws Exception {
        ValidatorArtifact artifact = ValidatorArtifact.load(model);
        FindingsCache cache = FindingsCache.open(dir.resolve("cache"), FindingsCache.namespace(artifact, options));
        try (ValidatorEngine engine = ValidatorEngine.open(artifact, 1)) {
            List<Finding> findings = engine.validate(ParsedText.parse(text), options, 0, cache).findings();
            cache.save();
            return new Run(findings, engine.stats().get("unitsScored"), engine.stats().get("unitsFromStore"));
        }
    }

    @Test
    void aRerunScoresOnlyTheUnitThatChanged() throws Exception {
        Path tiny = CheckValidatorTest.tiny();
        Run cold = run(tiny, ValidatorOptions.DEFAULT, THREE);
        assertEquals(3, cold.scored());
        Run warm = run(tiny, ValidatorOptions.DEFAULT, THREE);
        assertEquals(0, warm.scored());
        assertEquals(3, warm.fromStore());
        assertEquals(cold.findings(), warm.findings(), "the cache answers what scoring answered");

        // one unit edited, and the others moved down by a line: only the edited one is scored
        String edited = "\n" + THREE.replace("return a - b", "return a - b - 1");
        Run after = run(tiny, ValidatorOptions.DEFAULT, edited);
        assertEquals(1, after.scored());
        assertEquals(2, after.fromStore());
        Run shifted = run(tiny, ValidatorOptions.DEFAULT, edited);
        assertEquals(0, shifted.scored());
        for (Finding f : shifted.findings()) {
            assertTrue(f.end() <= edited.length() && f.start() >= 1, "findings move with their unit: " + f);
        }
    }

    @Test
    void anotherModelStartsOver() throws Exception {
        Path tiny = CheckValidatorTest.tiny();
        // the same network with an extra (unknown, ignored) protobuf field: another file, another SHA-256
        Path other = Files.createDirectories(dir.resolve("other"));
        for (String f : new String[] {"model.onnx", "tokenizer.json", "validator.json"}) {
            Files.copy(tiny.resolve(f), other.resolve(f));
        }
        Files.write(other.resolve("model.onnx"), new byte[] {(byte) 0xA0, 0x06, 0x01}, StandardOpenOption.APPEND);
        String oldSha = ValidatorArtifact.load(tiny).modelSha256();
        String newSha = sha256(other.resolve("model.onnx"));
        Files.writeString(other.resolve("validator.json"),
                Files.readString(other.resolve("validator.json")).replace(oldSha, newSha));

        assertEquals(3, run(tiny, ValidatorOptions.DEFAULT, THREE).scored());
        assertEquals(0, run(tiny, ValidatorOptions.DEFAULT, THREE).scored());
        assertNotEquals(FindingsCache.namespace(ValidatorArtifact.load(tiny), ValidatorOptions.DEFAULT),
                FindingsCache.namespace(ValidatorArtifact.load(other), ValidatorOptions.DEFAULT));
        assertEquals(3, run(other, ValidatorOptions.DEFAULT, THREE).scored(), "another model scores every unit");
        assertEquals(0, run(other, ValidatorOptions.DEFAULT, THREE).scored());
    }

    @Test
    void anotherSettingStartsOver() throws Exception {
        Path tiny = CheckValidatorTest.tiny();
        assertEquals(3, run(tiny, ValidatorOptions.DEFAULT, THREE).scored());
        var moreSensitive = new ValidatorOptions(0.3, Severity.WARNING, false);
        var asErrors = new ValidatorOptions(0, Severity.ERROR, false);
        assertEquals(3, run(tiny, moreSensitive, THREE).scored(), "sensitivity moves thresholds");
        assertEquals(3, run(tiny, asErrors, THREE).scored(), "severity changes findings");
        assertEquals(0, run(tiny, moreSensitive, THREE).scored());
        assertEquals(0, run(tiny, ValidatorOptions.DEFAULT, THREE).scored(), "each setting keeps its own file");
    }

    @Test
    void theFolderIgnoresItselfAndADamagedFileIsAColdCache() throws Exception {
        Path tiny = CheckValidatorTest.tiny();
        run(tiny, ValidatorOptions.DEFAULT, THREE);
        Path cache = dir.resolve("cache");
        assertEquals("# Automatically created by pyassist.\n*\n", Files.readString(cache.resolve(".gitignore")));
        assertTrue(Files.readString(cache.resolve("CACHEDIR.TAG")).startsWith("Signature: 8a477f597d28d172789f06886806bc55"));
        try (var files = Files.list(cache.resolve("validator"))) {
            for (Path f : files.toList()) {
                Files.writeString(f, "{not json");
            }
        }
        assertEquals(3, run(tiny, ValidatorOptions.DEFAULT, THREE).scored());
        assertEquals(0, run(tiny, ValidatorOptions.DEFAULT, THREE).scored());
    }

    @Test
    void checkUsesTheCacheFolderAndNoCacheLeavesNone() throws Exception {
        Path file = Files.writeString(dir.resolve("three.py"), THREE);
        Path cache = dir.resolve("c");
        CliRun first = CliRun.of("check", "--cache-dir", cache.toString(), "--model", CheckValidatorTest.tiny().toString(),
                file.toString());
        assertTrue(Files.isRegularFile(cache.resolve(".gitignore")));
        CliRun second = CliRun.of("check", "--cache-dir", cache.toString(), "--model",
                CheckValidatorTest.tiny().toString(), file.toString());
        assertEquals(first.out(), second.out());
        assertEquals(first.exitCode(), second.exitCode());

        Path none = dir.resolve("none");
        CliRun uncached = CliRun.of("check", "--no-cache", "--cache-dir", none.toString(), "--model",
                CheckValidatorTest.tiny().toString(), file.toString());
        assertEquals(first.out(), uncached.out());
        assertFalse(Files.exists(none));
    }

    private static String sha256(Path p) throws Exception {
        var d = java.security.MessageDigest.getInstance("SHA-256");
        return java.util.HexFormat.of().formatHex(d.digest(Files.readAllBytes(p)));
    }
}
