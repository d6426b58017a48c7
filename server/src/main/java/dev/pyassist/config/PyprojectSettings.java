package dev.pyassist.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.pyassist.files.ExternalFiles;
import dev.pyassist.files.RefusedFileException;
import dev.pyassist.python.PythonVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Reads {@code [tool.pyassist]} from a {@code pyproject.toml}, so a team's settings travel with its code: as a
 * {@link ProjectSettings} layer, from which the keys only the user may set are removed.
 */
public final class PyprojectSettings {
    private static final TomlMapper TOML = new TomlMapper();
    /** Real pyproject.toml files have a few KiB; one over this is not read. */
    static final long MAX_BYTES = 1L << 20;

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
        JsonNode root = root(dir, file);
        if (root == null) {
            return ProjectSettings.NONE;
        }
        JsonNode table = root.path("tool").path("pyassist");
        JsonNode own = table.isObject() ? SettingsMerger.unwrap(table) : null;
        String derived = targetFromRequiresPython(root, own);
        if (derived != null) {
            ObjectNode withTarget = own != null && own.isObject() ? ((ObjectNode) own).deepCopy()
                    : SettingsMerger.JSON.createObjectNode();
            withTarget.put("targetVersion", derived);
            own = withTarget;
        }
        return own == null ? ProjectSettings.NONE : ProjectSettings.of(file.toString(), own, trusted);
    }

    /**
     * {@code [project] requires-python}'s lower bound as a target version (ruff's rule), when the table does not set
     * {@code target-version} itself; else null.
     */
    private static String targetFromRequiresPython(JsonNode root, JsonNode own) {
        if (own != null && (own.has("target-version") || own.has("targetVersion"))) {
            return null;
        }
        JsonNode requires = root.path("project").path("requires-python");
        PythonVersion v = requires.isTextual() ? PythonVersion.fromRequiresPython(requires.asText()) : null;
        return v == null ? null : v.settingName();
    }

    private static JsonNode root(Path dir, Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = ExternalFiles.readBytes(file, dir, MAX_BYTES); // a regular file in the project, size-limited
        } catch (RefusedFileException e) {
            if (e.reason() == RefusedFileException.Reason.MISSING) {
                return null; // deleted since the check above
            }
            throw new SettingsException(e.getMessage(), e);
        }
        try {
            return TOML.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // the location only: the parser's own message can quote the file, and the file may hold a key
            throw new SettingsException(file + " is not valid TOML" + SettingsErrors.at(e), e);
        } catch (IOException e) {
            throw new SettingsException("cannot read " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
