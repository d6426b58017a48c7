package dev.pyassist.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The LSP4IJ template in {@code intellij-plugin/template/pyassist}, read the way LSP4IJ reads an imported custom
 * template: {@code template.json} (programArgs per OS with {@code default} as fallback, fileTypeMappings whose
 * {@code fileType.patterns} become file-name-pattern mappings), {@code initializationOptions.json} and
 * {@code settings.json}; the command's IntelliJ macros ({@code $USER_HOME$}) substituted, and the command line split
 * as LSP4IJ splits it (on spaces, double quotes grouping and removed).
 */
final class IntellijTemplate {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MACRO = Pattern.compile("\\$([A-Z_]+)\\$");

    final Path dir;
    final JsonNode template;
    final JsonNode initializationOptions;
    final JsonNode settings;

    private IntellijTemplate(Path dir) throws IOException {
        this.dir = dir;
        this.template = JSON.readTree(dir.resolve("template.json").toFile());
        this.initializationOptions = readOrEmpty(dir.resolve("initializationOptions.json"));
        this.settings = readOrEmpty(dir.resolve("settings.json"));
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("pyassist.repo.root", "..")).toAbsolutePath().normalize();
    }

    static Path pluginDir() {
        return repoRoot().resolve("intellij-plugin");
    }

    static IntellijTemplate load() throws IOException {
        return new IntellijTemplate(pluginDir().resolve("template").resolve("pyassist"));
    }

    private static JsonNode readOrEmpty(Path file) throws IOException {
        return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
    }

    /** LSP4IJ's choice: the entry for this OS ({@code windows}, {@code mac}, {@code unix}), else {@code default}. */
    String programArgs() {
        String os = System.getProperty("os.name", "").toLowerCase();
        String key = os.startsWith("windows") ? "windows" : os.startsWith("mac") ? "mac" : "unix";
        JsonNode args = template.path("programArgs");
        return args.has(key) ? args.get(key).asText() : args.path("default").asText(null);
    }

    /** Replaces IntelliJ path macros ({@code $USER_HOME$}, ...) with the given values; unknown ones fail. */
    static String substitute(String command, Map<String, String> macros) {
        Matcher m = MACRO.matcher(command);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = macros.get(m.group(1));
            if (value == null) {
                throw new AssertionError("the template uses a macro the test does not know: " + m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** LSP4IJ's split of a user-defined server's command: spaces separate, double quotes group and are removed. */
    static List<String> split(String commandLine) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (char c : commandLine.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ' ' && !quoted) {
                add(part, parts);
            } else {
                part.append(c);
            }
        }
        add(part, parts);
        return parts;
    }

    private static void add(StringBuilder part, List<String> parts) {
        String arg = part.toString().trim();
        if (!arg.isEmpty()) {
            parts.add(arg);
        }
        part.setLength(0);
    }

    /** The {@code languageId} of the first file-name-pattern mapping that matches {@code fileName}, or null. */
    String languageIdFor(String fileName) {
        for (JsonNode mapping : template.path("fileTypeMappings")) {
            for (JsonNode pattern : mapping.path("fileType").path("patterns")) {
                if (FileSystems.getDefault().getPathMatcher("glob:" + pattern.asText()).matches(Path.of(fileName))) {
                    return mapping.path("languageId").asText(null);
                }
            }
        }
        return null;
    }

    /** What LSP4IJ answers to {@code workspace/configuration} for {@code section}: that path in settings.json. */
    JsonNode configuration(String section) {
        JsonNode node = settings;
        if (section == null || section.isEmpty()) {
            return node;
        }
        for (String key : section.split("\\.")) {
            node = node.path(key);
        }
        return node.isMissingNode() ? JSON.nullNode() : node;
    }
}
