package dev.pyassist.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server's current settings and the layers they were merged from. An update that does not fit the typed
 * settings is refused with a {@link SettingsException} and the previous settings stay in force.
 */
public final class SettingsStore {
    private volatile JsonNode pyproject;
    private volatile JsonNode initializationOptions;
    private volatile JsonNode clientConfiguration;
    private volatile Settings current = Settings.defaults();

    public Settings current() {
        return current;
    }

    public synchronized Settings setPyproject(JsonNode layer) {
        Settings merged = SettingsMerger.merge(layer, initializationOptions, clientConfiguration);
        pyproject = layer;
        return current = merged;
    }

    public synchronized Settings setInitializationOptions(JsonNode layer) {
        Settings merged = SettingsMerger.merge(pyproject, layer, clientConfiguration);
        initializationOptions = layer;
        return current = merged;
    }

    public synchronized Settings setClientConfiguration(JsonNode layer) {
        Settings merged = SettingsMerger.merge(pyproject, initializationOptions, layer);
        clientConfiguration = layer;
        return current = merged;
    }
}
