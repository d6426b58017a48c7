package dev.pyassist.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code [tool.pyassist]} from a {@code pyproject.toml}, so a team's settings travel with its code: as a
 * {@link ProjectSettings} layer, from which the keys only the user may set are removed.
 */
public final class PyprojectSettings {
    private static final TomlMapper TOML = new TomlMapper();

    private PyprojectSettings() {}

    /**
     * The repository's settings from {@code dir/pyproject.toml}, without the user-only keys;
     * {@link ProjectSettings#NONE} when the file or the table is absent.
     *
     * @throws SettingsException when the file exists but is not valid TOML
     */
    public static ProjectSettings read(Path dir) {
        return read(dir, false);
    }

    /**
     * @param trusted keep the user-only keys: only when the user said so ({@code --trust-project-settings})
     * @throws SettingsException when the file exists but is not valid TOML
     */
    public static ProjectSettings read(Path dir, boolean trusted) {
        Path file = dir.resolve("pyproject.toml");
        JsonNode table = table(file);
        return table == null ? ProjectSettings.NONE : ProjectSettings.of(file.toString(), table, trusted);
    }

    private static JsonNode table(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode root = TOML.readTree(file.toFile());
            JsonNode table = root.path("tool").path("pyassist");
            return table.isObject() ? table : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // the location only: the parser's own message can quote the file, and the file may hold a key
            throw new SettingsException(file + " is not valid TOML" + SettingsErrors.at(e), e);
        } catch (IOException e) {
            throw new SettingsException("cannot read " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
