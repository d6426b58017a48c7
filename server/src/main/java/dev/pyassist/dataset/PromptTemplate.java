package dev.pyassist.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An annotation prompt with {@code {code}}, {@code {qualname}}, {@code {path}}, {@code {docstring}} and
 * {@code {kind}} placeholders, filled in one pass (a placeholder spelled inside the code is left alone) . Other
 * braces are kept as written.
 */
public record PromptTemplate(String template) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(code|qualname|path|docstring|kind)}");

    public String fill(JsonNode record) {
        Map<String, String> values = Map.of(
                "code", text(record, "code"),
                "qualname", text(record, "qualname"),
                "path", text(record, "path"),
                "docstring", text(record, "docstring"),
                "kind", text(record, "kind"));
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String text(JsonNode record, String field) {
        JsonNode v = record.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
