package dev.pyassist.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.pyassist.files.ExternalFiles;
import dev.pyassist.files.RefusedFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Reads {@code [tool.pyassist]} from a {@code pyproject.toml}, so a team's settings travel with its code. */
public final class PyprojectSettings {
    private static final TomlMapper TOML = new TomlMapper();
    /** Real pyproject.toml files have a few KiB; one over this is not read. */
    static final long MAX_BYTES = 1L << 20;

    private PyprojectSettings() {}

    /**
     * The {@code [tool.pyassist]} table of {@code dir/pyproject.toml} as JSON, or null when the file or the
     * table is absent.
     *
     * @throws SettingsException when the file exists but is not valid TOML
     */
    public static JsonNode read(Path dir) {
        Path file = dir.resolve("pyproject.toml");
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
            JsonNode root = TOML.readTree(bytes);
            JsonNode table = root.path("tool").path("pyassist");
            return table.isObject() ? table : null;
        } catch (IOException e) {
            throw new SettingsException(file + " is not valid TOML: " + e.getMessage().split("\n")[0], e);
        }
    }
}
