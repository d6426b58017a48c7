package dev.pyassist.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pyassist.Version;
import dev.pyassist.diagnostics.Finding;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --format sarif}: SARIF 2.1.0 with one run, as GitHub code scanning reads it. Columns are Unicode
 * characters ({@code columnKind: unicodeCodePoints}); artifact URIs are relative to {@code %SRCROOT%}, the
 * directory pyassist ran in.
 */
final class SarifReport {
    private SarifReport() {}

    static void write(List<CheckedFile> files, OutputStream out) throws IOException {
        var mapper = JsonReport.MAPPER;
        ObjectNode root = mapper.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "pyassist");
        driver.put("version", Version.VERSION);
        driver.put("semanticVersion", Version.VERSION);
        ArrayNode rules = driver.putArray("rules");
        run.put("columnKind", "unicodeCodePoints");
        run.putObject("originalUriBaseIds").putObject("%SRCROOT%")
                .put("uri", java.nio.file.Path.of("").toAbsolutePath().toUri().toString());
        ArrayNode results = run.putArray("results");
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        for (CheckedFile file : files) {
            for (Finding f : file.findings()) {
                int index = ruleIndex.computeIfAbsent(f.code(), code -> {
                    ObjectNode rule = rules.addObject();
                    rule.put("id", code);
                    rule.putObject("shortDescription").put("text", ruleDescription(code));
                    return rules.size() - 1;
                });
                CheckedFile.Span s = file.span(f);
                ObjectNode result = results.addObject();
                result.put("ruleId", f.code());
                result.put("ruleIndex", index);
                result.put("level", level(f));
                result.putObject("message").put("text", f.message());
                ObjectNode location = result.putArray("locations").addObject().putObject("physicalLocation");
                ObjectNode artifact = location.putObject("artifactLocation");
                artifact.put("uri", file.displayPath());
                if (!file.displayPath().startsWith("/")) {
                    artifact.put("uriBaseId", "%SRCROOT%");
                }
                ObjectNode region = location.putObject("region");
                region.put("startLine", s.line());
                region.put("startColumn", s.column());
                region.put("endLine", s.endLine());
                region.put("endColumn", s.endColumn());
            }
        }
        mapper.writeValue(new JsonReport.NonClosing(out), root);
        out.write('\n');
        out.flush();
    }

    private static String level(Finding f) {
        switch (f.severity()) {
            case ERROR:
                return "error";
            case WARNING:
                return "warning";
            default:
                return "note";
        }
    }

    private static String ruleDescription(String code) {
        String layer = code.contains(".") ? code.substring(0, code.indexOf('.')) : code;
        String rest = code.contains(".") ? code.substring(code.indexOf('.') + 1).replace('-', ' ') : "";
        return layer + (rest.isEmpty() ? "" : ": " + rest);
    }
}
