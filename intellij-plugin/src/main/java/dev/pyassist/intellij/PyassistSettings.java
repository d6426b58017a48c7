package dev.pyassist.intellij;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.intellij.openapi.application.ApplicationManager;
import com.intellij.openapi.components.PersistentStateComponent;
import com.intellij.openapi.components.State;
import com.intellij.openapi.components.Storage;
import com.intellij.util.xmlb.XmlSerializerUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jetbrains.annotations.NotNull;

/**
 * The settings page's values (not the keys: those live in PasswordSafe), turned into the server's settings shape
 * ({@code initializationOptions} and the {@code pyassist} section of {@code workspace/configuration}).
 */
@State(name = "PyassistSettings", storages = @Storage("pyassist.xml"))
public final class PyassistSettings implements PersistentStateComponent<PyassistSettings.Values> {

    /** Persisted values; public fields for IntelliJ's XML serializer. */
    public static final class Values {
        /** {@code openai} (any OpenAI-compatible server) or {@code anthropic}. */
        public String backend = "openai";
        /** Empty: the server's default ($OPENAI_BASE_URL, else api.openai.com). */
        public String openAiBaseUrl = "";
        public String openAiModel = "gpt-4o-mini";
        public String anthropicModel = "claude-sonnet-4-5";
        /** Validator sensitivity: {@code low}, {@code medium} or {@code high}. */
        public String sensitivity = "medium";
        public boolean namesEnabled = true;
        public boolean assistEnabled = true;
    }

    /** Bundled copy of the template's {@code initializationOptions.json} (copied by the Gradle build). */
    static final String DEFAULTS_RESOURCE = "initializationOptions.json";

    /** Validator thresholds offered by the page; the server reads {@code validator.sensitivity} once it has one. */
    static final Map<String, String> SENSITIVITIES = Map.of("low", "Low", "medium", "Medium", "high", "High");

    private Values values = new Values();

    public static PyassistSettings getInstance() {
        return ApplicationManager.getApplication().getService(PyassistSettings.class);
    }

    @Override
    public @NotNull Values getState() {
        return values;
    }

    @Override
    public void loadState(@NotNull Values state) {
        XmlSerializerUtil.copyBean(state, values);
    }

    /** The template's defaults with this page's values over them. */
    public JsonObject serverSettings() {
        JsonObject merged = defaults();
        JsonObject page = new JsonObject();

        JsonObject llm = new JsonObject();
        llm.addProperty("defaultBackend", values.backend);
        JsonObject openai = new JsonObject();
        if (!values.openAiBaseUrl.isBlank()) {
            openai.addProperty("baseUrl", values.openAiBaseUrl.trim());
        }
        if (!values.openAiModel.isBlank()) {
            openai.addProperty("model", values.openAiModel.trim());
        }
        llm.add("openai", openai);
        JsonObject anthropic = new JsonObject();
        if (!values.anthropicModel.isBlank()) {
            anthropic.addProperty("model", values.anthropicModel.trim());
        }
        llm.add("anthropic", anthropic);
        page.add("llm", llm);

        JsonObject names = new JsonObject();
        names.addProperty("enabled", values.namesEnabled);
        page.add("names", names);
        JsonObject assist = new JsonObject();
        assist.addProperty("enabled", values.assistEnabled);
        page.add("assist", assist);
        JsonObject validator = new JsonObject();
        validator.addProperty("sensitivity", values.sensitivity);
        page.add("validator", validator);

        mergeInto(merged, page);
        return merged;
    }

    private static JsonObject defaults() {
        try (InputStream in = PyassistSettings.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                return new JsonObject();
            }
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mergeInto(JsonObject target, JsonObject layer) {
        for (Map.Entry<String, JsonElement> e : layer.entrySet()) {
            JsonElement existing = target.get(e.getKey());
            if (existing != null && existing.isJsonObject() && e.getValue().isJsonObject()) {
                mergeInto(existing.getAsJsonObject(), e.getValue().getAsJsonObject());
            } else {
                target.add(e.getKey(), e.getValue().deepCopy());
            }
        }
    }
}
