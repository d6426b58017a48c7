package dev.pyassist.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * LSP4J hands untyped JSON (settings, initialization options) over as Gson trees; pyassist's own types are
 * read by Jackson. This is the one crossing point.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** A Gson element (or any object LSP4J produced) as a Jackson tree; null stays null. */
    public static JsonNode toJackson(Object lsp4jValue) {
        if (lsp4jValue == null) {
            return null;
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
}
