package dev.pyassist.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@code [tool.pyassist]} from a {@code pyproject.toml}, so a team's settings travel with its code. */
public final class PyprojectSettings {
    private static final TomlMapper TOML = new TomlMapper();

    private PyprojectSettings() {}

    /**
     * The {@code [tool.pyassist]} table of {@code dir/pyproject.toml} as JSON, or null when the file or the
     * table is absent.
     *
     * @throws SettingsException when the file exists but is not valid TOML
     */
    public static JsonNode read(Path dir) {
        Path file = dir.resolve("pyproject.toml");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode root = TOML.readTree(file.toFile());
            JsonNode table = root.path("tool").path("pyassist");
            return table.isObject() ? table : null;
        } catch (IOException e) {
            throw new SettingsException(file + " is not valid TOML: " + e.getMessage().split("\n")[0], e);
        }
    }
}
