package dev.pyassist.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings of {@code pyassist dataset}, from {@code [tool.pyassist.dataset]} in the repository's
 * {@code pyproject.toml} (the dataset commands run in a terminal, so the editor's settings never reach them):
 *
 * <pre>
 * [tool.pyassist.dataset]
 * annotatePrompt = "Explain {qualname} in {path}:\n{code}"
 * [tool.pyassist.dataset.prices."gpt-4o-mini"]
 * input = 0.15     # USD per million input tokens
 * output = 0.60    # USD per million output tokens
 * </pre>
 *
 * @param annotatePrompt user message of an annotation request; {@code {code}}, {@code {qualname}}, {@code {path}},
 *                       {@code {docstring}} and {@code {kind}} are replaced
 * @param prices         per model, USD per million tokens
 */
public record DatasetSettings(String annotatePrompt, Map<String, Price> prices) {

    /** USD per million tokens. */
    public record Price(double input, double output) {}

    public static final String DEFAULT_PROMPT = """
            Describe this Python {kind} from the file {path} for a reader of the codebase.
            In two to five sentences of plain prose (no code, no Markdown headings), say what `{qualname}` does, \
            what it takes and returns, and how it is meant to be used.

            Existing docstring (may be empty or outdated):
            {docstring}

            Code:
            ```python
            {code}
            ```
            """;

    /** System message sent before the prompt. */
    public static final String SYSTEM = "You document Python code precisely and briefly. Answer with the description "
            + "only.";

    public DatasetSettings {
        annotatePrompt = annotatePrompt == null || annotatePrompt.isBlank() ? DEFAULT_PROMPT : annotatePrompt;
        prices = Map.copyOf(prices == null ? Map.of() : prices);
    }

    public static DatasetSettings defaults() {
        return new DatasetSettings(null, null);
    }

    /**
     * From the {@code [tool.pyassist]} table (null: defaults).
     *
     * @throws DatasetException when a price is not a pair of non-negative numbers
     */
    public static DatasetSettings from(JsonNode pyassistTable) {
        JsonNode d = pyassistTable == null ? null : pyassistTable.path("dataset");
        if (d == null || !d.isObject()) {
            return defaults();
        }
        String prompt = d.path("annotatePrompt").isTextual() ? d.path("annotatePrompt").asText() : null;
        Map<String, Price> prices = new TreeMap<>();
        JsonNode p = d.path("prices");
        if (p.isObject()) {
            p.properties().forEach(e -> {
                JsonNode in = e.getValue().path("input");
                JsonNode out = e.getValue().path("output");
                if (!in.isNumber() || !out.isNumber() || in.asDouble() < 0 || out.asDouble() < 0) {
                    throw new DatasetException("pyassist.dataset.prices." + e.getKey()
                            + " needs numbers 'input' and 'output' (USD per million tokens)");
                }
                prices.put(e.getKey(), new Price(in.asDouble(), out.asDouble()));
            });
        }
        return new DatasetSettings(prompt, prices);
    }

    /** The price of a model: exact name first, then case-insensitive. */
    public Price price(String model) {
        if (model == null) {
            return null;
        }
        Price p = prices.get(model);
        if (p != null) {
            return p;
        }
        for (var e : prices.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(model.toLowerCase(Locale.ROOT))) {
                return e.getValue();
            }
        }
        return null;
    }
}
