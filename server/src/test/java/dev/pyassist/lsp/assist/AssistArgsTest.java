package dev.pyassist.lsp.assist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.Gson;
import com.google.gson.JsonParser;
import dev.pyassist.lsp.Json;
import java.util.List;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.Test;

/** What the code actions write is what the command reads, across LSP4J's Gson wire. */
class AssistArgsTest {

    @Test
    void aCodeActionsArgumentReadsBackAsItWasWritten() {
        var written = AssistArgs.of("file:///w/a.py", new Range(new Position(2, 4), new Position(5, 0)), "java");
        // the argument goes out through LSP4J's Gson and comes back as a Gson tree
        Object wire = JsonParser.parseString(new Gson().toJson(written.toLsp4j()));
        var read = AssistArgs.read(AssistArgs.argumentObject(
                new ExecuteCommandParams(AssistCommands.TRANSLATE, List.of(wire))));
        assertEquals(written, read);
    }

    @Test
    void handWrittenArgumentsAreReadLeniently() {
        var read = AssistArgs.read(Json.toJackson(JsonParser.parseString(
                "{\"uri\": \"file:///w/a.py\", \"range\": \"no\", \"position\": {\"line\": 3}, \"question\": \"why?\"}")));
        assertNull(read.range());
        assertEquals(new AssistArgs.Place(3, 0), read.position());
        assertNull(read.language());
        assertEquals("why?", read.question());
    }

    @Test
    void anArgumentThatIsNotAnObjectIsNone() {
        assertNull(AssistArgs.argumentObject(new ExecuteCommandParams(AssistCommands.ASK,
                List.of(JsonParser.parseString("\"text\"")))));
        assertNull(AssistArgs.argumentObject(new ExecuteCommandParams(AssistCommands.ASK, List.of())));
    }
}
