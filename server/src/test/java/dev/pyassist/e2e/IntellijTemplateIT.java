package dev.pyassist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IntelliJ template as a user gets it: the command LSP4IJ would run after importing
 * {@code intellij-plugin/template/pyassist} (macros substituted, with the jar where the import steps put it), its
 * initialization options and settings, its file mapping; a full LSP session ends with diagnostics for a broken file.
 */
class IntellijTemplateIT {

    @Test
    void templateCommandServesDiagnosticsForABrokenPythonFile(@TempDir Path home) throws Exception {
        IntellijTemplate template = IntellijTemplate.load();

        // The README's install step: the jar goes to ~/.pyassist/pyassist.jar.
        Path installed = home.resolve(".pyassist").resolve("pyassist.jar");
        Files.createDirectories(installed.getParent());
        Files.copy(ServerProcess.jar(), installed);

        String programArgs = template.programArgs();
        assertNotNull(programArgs, "template.json has no programArgs for this OS nor a default");
        List<String> command = new ArrayList<>(IntellijTemplate.split(
                IntellijTemplate.substitute(programArgs, Map.of("USER_HOME", home.toString()))));
        // The IDE finds `java` on PATH; here the PATH starts with the JDK running the tests.
        String pathWithJava = Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
                + System.getenv().getOrDefault("PATH", "");
        command.set(0, onPath(command.get(0), pathWithJava).toString());

        Path project = home.resolve("project");
        Files.createDirectories(project);
        Path broken = project.resolve("broken.py");
        String text = "def f(:\n    pass\n";
        Files.writeString(broken, text);
        String languageId = template.languageIdFor(broken.getFileName().toString());
        assertEquals("python", languageId, "*.py maps to language id python");
        assertEquals("python", template.languageIdFor("stubs.pyi"));
        assertNull(template.languageIdFor("notes.txt"));

        try (var server = new ServerProcess(command, Map.of("PATH", pathWithJava))) {
            Set<Integer> answered = new HashSet<>();
            int init = server.request("initialize", Map.of(
                    "processId", ProcessHandle.current().pid(),
                    "rootUri", project.toUri().toString(),
                    "capabilities", Map.of("workspace", Map.of("configuration", true,
                            "didChangeConfiguration", Map.of("dynamicRegistration", true))),
                    "initializationOptions", template.initializationOptions));
            JsonNode result = server.await(m -> answerServerRequests(server, template, answered, m)
                    && m.path("id").asInt(-1) == init && !m.has("method")).get("result");
            assertEquals("pyassist", result.at("/serverInfo/name").asText());
            assertTrue(result.at("/capabilities/executeCommandProvider/commands").toString()
                    .contains("pyassist.summarize"), result.toString());
            server.notify("initialized", Map.of());
            // As LSP4IJ does once the server has started: push the template's settings.
            server.notify("workspace/didChangeConfiguration", Map.of("settings", template.settings));

            String uri = broken.toUri().toString();
            server.notify("textDocument/didOpen", Map.of("textDocument",
                    Map.of("uri", uri, "languageId", languageId, "version", 1, "text", text)));
            JsonNode published = server.await(m -> answerServerRequests(server, template, answered, m)
                    && "textDocument/publishDiagnostics".equals(m.path("method").asText())
                    && uri.equals(m.at("/params/uri").asText())
                    && m.at("/params/diagnostics").size() > 0);
            JsonNode diagnostic = published.at("/params/diagnostics/0");
            assertEquals("invalid syntax", diagnostic.path("message").asText(), published.toString());
            assertEquals("pyassist", diagnostic.path("source").asText());
            assertEquals(0, diagnostic.at("/range/start/line").asInt());
            assertEquals(1, diagnostic.path("severity").asInt(), "syntax errors are errors");

            int shutdown = server.request("shutdown", null);
            server.await(m -> answerServerRequests(server, template, answered, m)
                    && m.path("id").asInt(-1) == shutdown && !m.has("method"));
            server.notify("exit", null);
            assertEquals(0, server.waitForExit(10));
            assertNull(server.framingError(), server.framingError());
        }
    }

    /** Answers the server's requests as LSP4IJ would (configuration from settings.json, null otherwise); true. */
    private static boolean answerServerRequests(ServerProcess server, IntellijTemplate template, Set<Integer> answered,
            JsonNode m) {
        if (!m.has("method") || !m.has("id") || !answered.add(m.get("id").asInt())) {
            return true;
        }
        ObjectNode response = ServerProcess.JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", m.get("id"));
        if ("workspace/configuration".equals(m.path("method").asText())) {
            ArrayNode items = response.putArray("result");
            for (JsonNode item : m.at("/params/items")) {
                items.add(template.configuration(item.path("section").asText("")));
            }
        } else {
            response.putNull("result");
        }
        try {
            server.send(response);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return true;
    }

    private static Path onPath(String program, String path) {
        if (program.contains("/") || program.contains(File.separator)) {
            return Path.of(program);
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
        for (String dir : path.split(File.pathSeparator)) {
            for (String name : windows ? List.of(program + ".exe", program) : List.of(program)) {
                Path candidate = Path.of(dir).resolve(name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new AssertionError(program + " not found on PATH " + path);
    }

    @Test
    void templateLeavesNoUnresolvedVariables() throws Exception {
        String programArgs = IntellijTemplate.load().programArgs();
        String resolved = IntellijTemplate.substitute(programArgs, Map.of("USER_HOME", "/home/u"));
        assertFalse(resolved.contains("$"), resolved);
    }
}
