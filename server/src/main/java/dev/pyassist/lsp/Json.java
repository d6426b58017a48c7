package dev.pyassist.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;

/**
 * LSP4J speaks Gson on the wire and hands untyped JSON (command arguments, settings, initialization options,
 * diagnostics' {@code data}) over as Gson trees; pyassist builds and reads its own JSON with Jackson. This is the
 * one crossing point, both ways.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** A Gson element (or any object LSP4J produced) as a Jackson tree; null stays null. */
    public static JsonNode toJackson(Object lsp4jValue) {
        if (lsp4jValue == null) {
            return null;
        }
        if (lsp4jValue instanceof JsonNode node) {
            return node;
        }
        try {
            String text = lsp4jValue instanceof com.google.gson.JsonElement
                    ? lsp4jValue.toString()
                    : new com.google.gson.Gson().toJson(lsp4jValue);
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable JSON from the client", e);
        }
    }

    /**
     * A Jackson object as a value LSP4J can put on the wire untyped (a command's argument): plain maps, lists,
     * strings, numbers and booleans, which its Gson writes as they are.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toLsp4j(ObjectNode value) {
        return MAPPER.convertValue(value, Map.class);
    }

    /** An empty Jackson object, for a value pyassist writes. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
