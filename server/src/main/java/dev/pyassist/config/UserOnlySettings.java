package dev.pyassist.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The settings a repository may not set: the ones that choose where code and keys are sent, which program or
 * native library runs, which model is loaded, and where files are written. A repository's {@code pyproject.toml}
 * is written by whoever wrote the repository, and opening a repository must not hand them the user's API key or a
 * way to run code (the same line VS Code's workspace trust, ruff and pyright draw). These keys come only from the
 * user: {@code initializationOptions}, {@code workspace/configuration}, the environment, or the user settings file
 * ({@link UserSettingsFile}). {@link ProjectSettings} removes them from the project layer; this list is the one
 * place that says which they are.
 */
public final class UserOnlySettings {

    /**
     * One user-only key.
     *
     * @param path dotted path under {@code pyassist}; a {@code *} segment matches any key (any backend)
     * @param also where else the user may set it besides the user settings (an environment variable, a flag)
     */
    public record Key(String path, String also) {}

    /** Every user-only key. Keep the README's "Security" section and the VS Code client's list in step. */
    public static final List<Key> KEYS = List.of(
            // which endpoint gets the code (and the key that goes with it)
            new Key("llm.defaultBackend", null),
            new Key("llm.tasks.*.backend", null),
            new Key("llm.openai.baseUrl", "OPENAI_BASE_URL"),
            new Key("llm.openai.apiKey", "OPENAI_API_KEY"),
            new Key("llm.anthropic.baseUrl", "ANTHROPIC_BASE_URL"),
            new Key("llm.anthropic.apiKey", "ANTHROPIC_API_KEY"),
            new Key("llm.*.baseUrl", null), // any other remote backend
            new Key("llm.*.apiKey", null),
            // what is loaded and run in the server's process
            new Key("llm.local.engineJar", "PYASSIST_LOCAL_ENGINE_JAR"),
            new Key("llm.local.model", null),
            new Key("llm.local.adapters", null),
            new Key("validator.modelPath", "--model"),
            // where files are written
            new Key("assist.feedbackDirectory", "XDG_DATA_HOME"),
            // whether AI edits are reviewed before they land (a repository must not skip the review)
            new Key("assist.preview", null));

    private UserOnlySettings() {}

    /** The key a concrete dotted path falls under, or null when a repository may set it. */
    public static Key keyOf(String path) {
        String[] parts = path.split("\\.");
        for (Key k : KEYS) {
            String[] pattern = k.path().split("\\.");
            if (matchesPrefix(pattern, parts)) {
                return k;
            }
        }
        return null;
    }

    private static boolean matchesPrefix(String[] pattern, String[] parts) {
        if (parts.length < pattern.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (!pattern[i].equals("*") && !pattern[i].equals(parts[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Removes every user-only key from {@code layer} (changed in place).
     *
     * @return the dotted paths removed, in the order found
     */
    static List<String> removeFrom(ObjectNode layer) {
        List<String> removed = new ArrayList<>();
        remove(layer, "", removed);
        return removed;
    }

    private static void remove(ObjectNode node, String prefix, List<String> removed) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = prefix + field.getKey();
            if (keyOf(path) != null) {
                fields.remove();
                removed.add(path);
            } else if (field.getValue() instanceof ObjectNode child) {
                remove(child, path + ".", removed);
            }
        }
    }

    /**
     * What the user is told about keys a repository set: which were ignored and where to set them instead.
     *
     * @param source the file they came from
     * @param flag the option that would honour them (the command line's {@code --trust-project-settings}), or null
     */
    public static String notice(List<String> ignored, String source, String flag) {
        StringBuilder also = new StringBuilder();
        for (String path : ignored) {
            Key k = keyOf(path);
            if (k != null && k.also() != null && also.indexOf(k.also()) < 0) {
                also.append(also.length() == 0 ? "" : ", ").append(k.also());
            }
        }
        return "pyassist: ignored " + String.join(", ", ignored) + " from " + source
                + ": a repository may not choose where code and keys are sent, what is run or loaded, or where files "
                + "are written. Set " + (ignored.size() == 1 ? "it" : "them") + " in your user settings (the editor's "
                + "pyassist settings, or " + UserSettingsFile.DISPLAY + ")"
                + (also.length() == 0 ? "" : " or with " + also)
                + (flag == null ? "." : ", or pass " + flag + " if you trust this repository.");
    }
}
