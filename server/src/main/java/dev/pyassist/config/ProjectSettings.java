package dev.pyassist.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The repository's settings layer ({@code [tool.pyassist]} of its {@code pyproject.toml}) with the user-only keys
 * ({@link UserOnlySettings}) taken out, and which ones were taken out so the user can be told. The only way to
 * build one strips them, unless the user said the project's settings are trusted (the command line's
 * {@code --trust-project-settings}).
 *
 * @param source where the table came from, for messages
 * @param layer the settings a repository may set, already unwrapped (the merger applies it as it is)
 * @param ignored dotted paths the repository set but may not
 */
public record ProjectSettings(String source, ObjectNode layer, List<String> ignored) {
    public static final ProjectSettings NONE = new ProjectSettings("", SettingsMerger.JSON.createObjectNode(), List.of());

    public ProjectSettings {
        layer = layer.deepCopy();
        ignored = List.copyOf(ignored);
    }

    /**
     * @param table the {@code [tool.pyassist]} table, or null
     * @param trusted keep the user-only keys (only on the user's explicit word)
     */
    public static ProjectSettings of(String source, JsonNode table, boolean trusted) {
        // unwrapped exactly as the merger unwraps other layers, so no {"pyassist": ...} nesting hides a key
        JsonNode own = SettingsMerger.unwrap(table);
        if (own == null || !own.isObject()) {
            return new ProjectSettings(source, SettingsMerger.JSON.createObjectNode(), List.of());
        }
        ObjectNode copy = ((ObjectNode) own).deepCopy();
        List<String> ignored = trusted ? List.of() : UserOnlySettings.removeFrom(copy);
        return new ProjectSettings(source, copy, ignored);
    }

    /** The message that names the ignored keys and where to set them; null when none were. */
    public String notice(String flag) {
        return ignored.isEmpty() ? null : UserOnlySettings.notice(ignored, source, flag);
    }
}
