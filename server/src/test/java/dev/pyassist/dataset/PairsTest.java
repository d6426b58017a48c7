package dev.pyassist.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairsTest {
    @TempDir
    Path dir;

    private List<JsonNode> records;

    @BeforeEach
    void setUp() {
        records = new DatasetBuilder(BuildOptions.defaults(), DatasetBuilder.Progress.NONE)
                .build(DatasetFixture.copyTo(dir)).records().stream()
                .map(r -> (JsonNode) Jsonl.JSON.valueToTree(r)).collect(Collectors.toList());
    }

    private JsonNode record(String qualname) {
        return records.stream().filter(r -> r.path("qualname").asText().equals(qualname)).findFirst().orElseThrow();
    }

    private static Map<String, Object> pair(Pairs.Result r, String id) {
        return r.pairs().stream().filter(p -> p.get("id").equals(id)).findFirst().orElseThrow();
    }

    @Test
    void summarizeIsCodeToDocstringElseAnnotation() {
        ((ObjectNode) record("fetch")).put("annotation", "Fetches a URL.");
        Pairs.Result r = Pairs.of(records, Pairs.Task.summarize, null);
        assertEquals(6, r.pairs().size(), "five docstrings and one annotation");
        assertEquals(Map.of("no-docstring-or-annotation", 4), r.skipped());
        JsonNode clamp = record("clamp");
        assertEquals(Map.of("id", clamp.path("id").asText(), "input", clamp.path("code").asText(),
                "output", "Clamp value into [low, high]."), pair(r, clamp.path("id").asText()));
        assertEquals("Fetches a URL.", pair(r, record("fetch").path("id").asText()).get("output"));
    }

    @Test
    void generateIsHeaderAndDocstringToBodySoTheyJoinToTheFunction() {
        Pairs.Result r = Pairs.of(records, Pairs.Task.generate, null);
        // clamp, Circle.area, make_scaler, abstract_hook have docstrings; Circle is a class
        assertEquals(4, r.pairs().size());
        assertEquals(Map.of("no-docstring", 5, "not-a-function", 1), r.skipped());
        Map<String, Object> area = pair(r, record("Circle.area").path("id").asText());
        assertEquals("@property\ndef area(self):\n    \"\"\"The area.\"\"\"\n", area.get("input"));
        assertEquals("    return 3.14159 * self.radius ** 2", area.get("output"));
        Map<String, Object> clamp = pair(r, record("clamp").path("id").asText());
        assertEquals(record("clamp").path("code").asText(), ((String) clamp.get("input"))
                .replace("    \"\"\"Clamp value into [low, high].\"\"\"\n", "") + clamp.get("output"));
    }

    @Test
    void multiLineDocstringsAreIndentedInTheGenerateInput() throws Exception {
        JsonNode r = Jsonl.JSON.readTree("{\"id\": \"x\", \"kind\": \"function\", \"signature\": \"def f():\", "
                + "\"decorators\": [], \"docstring\": \"Line one.\\n\\nMore \\\"\\\"\\\" here.\", "
                + "\"code\": \"def f():\\n    return 1\"}");
        Pairs.Result res = Pairs.of(List.of(r), Pairs.Task.generate, null);
        assertEquals("def f():\n    \"\"\"Line one.\n\n    More \\\"\\\"\\\" here.\n    \"\"\"\n",
                res.pairs().get(0).get("input"));
    }

    @Test
    void aBodyStartingWithAColumnZeroCommentStillGetsTheBodyIndent() throws Exception {
        JsonNode r = Jsonl.JSON.readTree("{\"id\": \"x\", \"kind\": \"function\", \"signature\": \"def f():\", "
                + "\"decorators\": [], \"docstring\": \"Doc.\", \"code\": \"def f():\\n## off\\n    return 1\"}");
        assertEquals("def f():\n    \"\"\"Doc.\"\"\"\n", Pairs.of(List.of(r), Pairs.Task.generate, null).pairs().get(0)
                .get("input"));
    }

    @Test
    void instructionIsAlpacaStyleAndSplitFilters() {
        Pairs.Result r = Pairs.of(records, Pairs.Task.instruction, "train");
        JsonNode area = record("Circle.area");
        assertEquals(Map.of("id", area.path("id").asText(),
                "instruction", "Explain what the Python method `Circle.area` does and how it is used.",
                "input", area.path("code").asText(), "output", "The area."), pair(r, area.path("id").asText()));
        assertEquals(0, Pairs.of(records, Pairs.Task.instruction, "test").pairs().size());
        assertEquals(Map.of("other-split", 10), Pairs.of(records, Pairs.Task.instruction, "test").skipped());
    }
}
