package dev.pyassist.lsp.assist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pyassist.lsp.Json;
import java.util.Map;

/**
 * The argument object of the {@code pyassist.summarize/translate/generate/ask} commands: written by
 * {@link AssistCodeActions} into the code action's command, read back by {@link AssistCommands} when the user picks
 * it (clients also send it themselves). Both directions go through Jackson here, so the field names live in one place.
 *
 * @param uri the document
 * @param range the selection or the cursor's range, null when absent
 * @param position a cursor without a range, null when absent
 * @param language {@code pyassist.translate}'s target id ({@code Language.id()}), null for the other commands
 * @param question {@code pyassist.ask}'s question, empty when absent
 */
public record AssistArgs(String uri, Span range, Place position, String language, String question) {

    /** A position as LSP writes it: zero-based line and character in the session's encoding. */
    public record Place(int line, int character) {}

    public record Span(Place start, Place end) {}

    /** The arguments of a code action on {@code uri}: its range and, for a translation, the target language. */
    static AssistArgs of(String uri, org.eclipse.lsp4j.Range r, String language) {
        return new AssistArgs(uri, new Span(place(r.getStart()), place(r.getEnd())), null, language, "");
    }

    private static Place place(org.eclipse.lsp4j.Position p) {
        return new Place(p.getLine(), p.getCharacter());
    }

    /** The argument as LSP4J sends it in a {@code Command}. */
    Map<String, Object> toLsp4j() {
        ObjectNode o = Json.object();
        o.put("uri", uri);
        if (range != null) {
            ObjectNode r = o.putObject("range");
            write(r.putObject("start"), range.start());
            write(r.putObject("end"), range.end());
        }
        if (position != null) {
            write(o.putObject("position"), position);
        }
        if (language != null) {
            o.put("language", language);
        }
        if (question != null && !question.isEmpty()) {
            o.put("question", question);
        }
        return Json.toLsp4j(o);
    }

    private static void write(ObjectNode o, Place p) {
        o.put("line", p.line());
        o.put("character", p.character());
    }

    /**
     * The first argument of a {@code pyassist.*} command as Jackson reads it (LSP4J hands it over as Gson), or null
     * when there is none or it is not an object: the one place the commands' arguments cross from LSP4J.
     */
    static JsonNode argumentObject(org.eclipse.lsp4j.ExecuteCommandParams params) {
        JsonNode arg = params.getArguments() == null || params.getArguments().isEmpty() ? null
                : Json.toJackson(params.getArguments().get(0));
        return arg != null && arg.isObject() ? arg : null;
    }

    /**
     * Reads an argument object leniently, as clients write it by hand: a missing or non-object range or position is
     * absent, a missing line or character is 0, a missing uri or language is null.
     */
    static AssistArgs read(JsonNode arg) {
        JsonNode r = arg.path("range");
        Span range = r.isObject() ? new Span(place(r.path("start")), place(r.path("end"))) : null;
        Place position = arg.path("position").isObject() ? place(arg.path("position")) : null;
        return new AssistArgs(arg.path("uri").asText(null), range, position, arg.path("language").asText(null),
                arg.path("question").asText(""));
    }

    private static Place place(JsonNode pos) {
        return new Place(pos.path("line").asInt(0), pos.path("character").asInt(0));
    }
}
