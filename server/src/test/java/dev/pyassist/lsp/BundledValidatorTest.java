package dev.pyassist.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The whole server with the shipped model ({@code models/validator/}, or {@code -Dpyassist.validator.bundled=DIR}):
 * a file with an injected inverted comparison gets a finding on that line; the unmutated file gets none.
 * Skipped, saying so, when the checkout has no shipped model yet.
 *
 * <p>Runs at the default {@code validator.sensitivity} (0: the artifact's own thresholds). The shipped model
 * scores the mutated {@code clamp} 0.65, above its Information threshold (0.544), and reports nothing on the
 * clean file, so the test checks the whole path a user gets out of the box (units, tokens, scores, thresholds,
 * ranges).
 */
class BundledValidatorTest {
    static Path bundled() {
        String override = System.getProperty("pyassist.validator.bundled");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return Path.of(System.getProperty("pyassist.repo.root", ".."), "models", "validator").toAbsolutePath().normalize();
    }

    static List<Diagnostic> validatorFindings(String text) throws Exception {
        JsonObject validator = new JsonObject();
        validator.addProperty("modelPath", bundled().toString());
        JsonObject options = new JsonObject();
        options.add("validator", validator);
        try (var lsp = new LspHarness()) {
            lsp.initialize(new ClientCapabilities(), options);
            ServerStatus status = ValidatorServerTest.awaitStatus(lsp.client,
                    s -> "ready".equals(s.validator().state()) || "off".equals(s.validator().state()));
            assertEquals("ready", status.validator().state(), String.valueOf(status.validator().reason()));
            String uri = "file:///work/whole.py";
            lsp.open(uri, 1, text);
            lsp.client.awaitDiagnostics(uri, p -> p.getVersion() == 1);
            Thread.sleep(2000); // the validator's publish, if any, follows the exact one
            List<PublishDiagnosticsParams> mine = lsp.client.diagnostics.stream()
                    .filter(p -> p.getUri().equals(uri)).collect(Collectors.toList());
            return mine.get(mine.size() - 1).getDiagnostics().stream()
                    .filter(d -> d.getCode().getLeft().startsWith("validator.")).collect(Collectors.toList());
        }
    }

    @Test
    void anInjectedInvertedComparisonIsFoundOnItsLineAndTheCleanFileIsQuiet() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(bundled().resolve("validator.json")),
                "no shipped model at " + bundled() + " yet: the whole-server test with the bundled model is skipped");
        String clean = new String(BundledValidatorTest.class.getResourceAsStream("/validator/whole/clean.py")
                .readAllBytes(), StandardCharsets.UTF_8);
        String mutated = clean.replace("    if x < lo:", "    if x >= lo:");
        int line = (int) clean.substring(0, clean.indexOf("    if x < lo:")).chars().filter(c -> c == '\n').count();
        List<Diagnostic> onClean = validatorFindings(clean);
        assertTrue(onClean.isEmpty(), "no finding on the unmutated file: " + onClean);
        List<Diagnostic> found = validatorFindings(mutated);
        assertTrue(found.stream().anyMatch(d -> d.getRange().getStart().getLine() == line),
                "a finding on line " + (line + 1) + ": " + found);
    }
}
