package dev.pyassist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar copied where no {@code models/validator/} is next to it or above it (as an editor extension or
 * a download installs it): the server must take the artifact the jar carries, extract all of it (the format-1
 * model and the per-site detectors {@code sites_*.onnx} that validator.json names) into its cache folder, and
 * load it, checksums included. A detector file left out of the jar or of the extraction turns the whole
 * validator off with a checksum error; this is the test that it does not.
 */
class BundledModelJarIT {
    @TempDir
    Path dir;

    @Test
    void aJarOutsideTheRepositoryExtractsAndLoadsTheDetectors() throws Exception {
        Path jar = Path.of(System.getProperty("pyassist.jar", "target/pyassist.jar")).toAbsolutePath();
        Path app = Files.createDirectories(dir.resolve("app"));
        Files.copy(jar, app.resolve("pyassist.jar"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("clamp.py"), "def clamp(x, lo, hi):\n    if x < lo:\n        return lo\n"
                + "    if x > hi:\n        return hi\n    return x\n");
        Path out = dir.resolve("out.json");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-jar", app.resolve("pyassist.jar").toString(),
                "check", "--format", "json", "--progress", "never", "--no-cache", "clamp.py")
                .directory(work.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "check finished");
        String stderr = Files.readString(err);
        assertFalse(stderr.contains("validator is off"), stderr);
        assertTrue(p.exitValue() == 0 || p.exitValue() == 1, "check ran (exit " + p.exitValue() + "): " + stderr);
        assertTrue(new ObjectMapper().readTree(out.toFile()).has("files"), "a JSON report");

        Path cache = home.resolve(".cache").resolve("pyassist");
        List<Path> extracted;
        try (Stream<Path> s = Files.list(cache)) {
            extracted = s.filter(d -> d.getFileName().toString().startsWith("validator-")
                    && !d.getFileName().toString().contains(".tmp")).toList();
        }
        assertEquals(1, extracted.size(), "one extracted artifact in " + cache);
        Path artifact = extracted.get(0);
        // validator.json may hold NaN metrics (Python's json writes them)
        JsonNode vj = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build()
                .readTree(artifact.resolve("validator.json").toFile());
        JsonNode sites = vj.path("sites").path("sha256");
        assertTrue(sites.size() == 3, "the bundled artifact names its three detectors: " + sites);
        for (var e : (Iterable<java.util.Map.Entry<String, JsonNode>>) sites::fields) {
            Path f = artifact.resolve(e.getKey());
            assertTrue(Files.isRegularFile(f), "extracted " + e.getKey());
            assertEquals(e.getValue().asText(), sha256(f), e.getKey());
        }
    }

    private static String sha256(Path f) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
