package dev.pyassist.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The user's own settings file, for what no editor passes (the command line, editors without settings UI):
 * {@code $XDG_CONFIG_HOME/pyassist/settings.json}, else {@code ~/.config/pyassist/settings.json}. Same JSON shape
 * as {@code initializationOptions}. It belongs to the user, so every key may be set in it, the user-only ones
 * ({@link UserOnlySettings}) included. Read at start.
 */
public final class UserSettingsFile {
    /** How the location is named in messages. */
    public static final String DISPLAY = "~/.config/pyassist/settings.json";
    private static final long MAX_BYTES = 1 << 20;

    private UserSettingsFile() {}

    /** Where the file is for this environment (it may not exist). */
    public static Path location(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "pyassist", "settings.json");
        }
        return Path.of(System.getProperty("user.home"), ".config", "pyassist", "settings.json");
    }

    /**
     * The file's settings, or null when there is none.
     *
     * @throws SettingsException when it is not a JSON object (the message names the place, never the content)
     */
    public static JsonNode read(Map<String, String> env) {
        Path file = location(env);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new SettingsException(file + " is larger than " + MAX_BYTES + " bytes", null);
            }
            JsonNode root = SettingsMerger.JSON.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new SettingsException(file + " must hold one JSON object", null);
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new SettingsException(file + " is not valid JSON" + SettingsErrors.at(e), e);
        } catch (IOException e) {
            throw new SettingsException("cannot read " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
