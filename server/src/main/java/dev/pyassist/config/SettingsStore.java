package dev.pyassist.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server's current settings and the layers they were merged from (see {@link SettingsMerger} for the order).
 * An update that does not fit the typed settings is refused with a {@link SettingsException} and the previous
 * settings stay in force.
 */
public final class SettingsStore {
    private volatile JsonNode userFile;
    private volatile ProjectSettings project = ProjectSettings.NONE;
    private volatile JsonNode initializationOptions;
    private volatile JsonNode clientConfiguration;
    private volatile Settings current = Settings.defaults();

    public Settings current() {
        return current;
    }

    public synchronized Settings setUserFile(JsonNode layer) {
        Settings merged = SettingsMerger.merge(layer, project, initializationOptions, clientConfiguration);
        userFile = layer;
        return current = merged;
    }

    /** The repository's layer; user-only keys never reach the settings through it (see {@link ProjectSettings}). */
    public synchronized Settings setProject(ProjectSettings layer) {
        ProjectSettings p = layer == null ? ProjectSettings.NONE : layer;
        Settings merged = SettingsMerger.merge(userFile, p, initializationOptions, clientConfiguration);
        project = p;
        return current = merged;
    }

    public synchronized Settings setInitializationOptions(JsonNode layer) {
        Settings merged = SettingsMerger.merge(userFile, project, layer, clientConfiguration);
        initializationOptions = layer;
        return current = merged;
    }

    public synchronized Settings setClientConfiguration(JsonNode layer) {
        Settings merged = SettingsMerger.merge(userFile, project, initializationOptions, layer);
        clientConfiguration = layer;
        return current = merged;
    }
}
