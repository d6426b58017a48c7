package dev.pyassist.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The one place settings are merged. Layers apply in order, later ones winning key by key (objects merge
 * deeply, everything else replaces): built-in defaults, the user settings file ({@link UserSettingsFile}),
 * {@code [tool.pyassist]} of the workspace's {@code pyproject.toml} (a {@link ProjectSettings}, which never
 * carries the user-only keys of {@link UserOnlySettings}), the client's {@code initializationOptions}, then
 * {@code workspace/configuration}.
 */
public final class SettingsMerger {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectNode DEFAULTS = loadDefaults();

    private SettingsMerger() {}

    public static Settings defaults() {
        return merge(new JsonNode[0]);
    }

    /**
     * Merges the given layers over the defaults. A layer may be null or empty; a layer wrapped in a
     * {@code {"pyassist": {...}}} object (as editors send whole configuration sections) is unwrapped.
     *
     * @throws SettingsException when the merged result does not fit the typed settings
     */
    public static Settings merge(JsonNode... layers) {
        return merge(null, ProjectSettings.NONE, layers);
    }

    /**
     * Merges the user's file, the repository's layer and the client's layers (in that order) over the defaults.
     *
     * @param userFile the user settings file, or null
     * @param project the repository's settings, user-only keys already removed
     * @throws SettingsException naming the key (never its value) when the result does not fit the typed settings
     */
    public static Settings merge(JsonNode userFile, ProjectSettings project, JsonNode... clientLayers) {
        ObjectNode merged = DEFAULTS.deepCopy();
        mergeLayer(merged, userFile);
        mergeInto(merged, spelled(project.layer())); // as it is: ProjectSettings unwrapped it before stripping
        for (JsonNode layer : clientLayers) {
            mergeLayer(merged, layer);
        }
        Settings settings;
        try {
            settings = JSON.treeToValue(merged, Settings.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new SettingsException(SettingsErrors.describe(e), e);
        }
        if (!settings.targetVersion().isEmpty()
                && dev.pyassist.python.PythonVersion.parse(settings.targetVersion()) == null) {
            throw new SettingsException(SettingsErrors.TARGET_VERSION, null);
        }
        return settings;
    }

    private static void mergeLayer(ObjectNode merged, JsonNode layer) {
        JsonNode own = unwrap(layer);
        if (own != null && own.isObject()) {
            mergeInto(merged, spelled((ObjectNode) own));
        }
    }

    /** TOML's {@code target-version} (ruff's and pyright's spelling) is the setting {@code targetVersion}. */
    static ObjectNode spelled(ObjectNode layer) {
        if (!layer.has("target-version")) {
            return layer;
        }
        ObjectNode copy = layer.deepCopy();
        JsonNode value = copy.remove("target-version");
        if (!copy.has("targetVersion")) {
            copy.set("targetVersion", value);
        }
        return copy;
    }

    static JsonNode unwrap(JsonNode layer) {
        if (layer == null || layer.isNull()) {
            return null;
        }
        JsonNode inner = layer.get("pyassist");
        return inner != null && inner.isObject() ? inner : layer;
    }

    private static void mergeInto(ObjectNode target, ObjectNode layer) {
        Iterator<Map.Entry<String, JsonNode>> fields = layer.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode && field.getValue().isObject()) {
                mergeInto((ObjectNode) existing, (ObjectNode) field.getValue());
            } else if (!field.getValue().isNull()) {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    private static ObjectNode loadDefaults() {
        try (InputStream in = SettingsMerger.class.getResourceAsStream("default-settings.json")) {
            if (in == null) {
                throw new IllegalStateException("default-settings.json missing from the jar");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
