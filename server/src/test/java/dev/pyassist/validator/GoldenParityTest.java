package dev.pyassist.validator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java side reproduces the Python pipeline exactly on the pipeline's golden inputs (ASCII, non-ASCII
 * identifiers, emoji and CJK in strings, a syntax error, a method): token ids, code-point spans, attention
 * masks, and the ONNX outputs, scored as one padded batch. Runs on the tiny test artifact, on the shipped
 * {@code models/validator/} when the repository has it, and on {@code -Dpyassist.validator.extra=DIR}.
 */
class GoldenParityTest {
    private static final double TOLERANCE = 1e-5;

    static JsonNode golden(java.nio.file.Path dir) throws Exception {
        return new ObjectMapper().readTree(dir.resolve("golden.json").toFile());
    }

    /** Artifacts with a golden.json: the tiny fixture always, the shipped model and an extra one when present. */
    static List<Path> artifacts() {
        List<Path> out = new ArrayList<>(List.of(TinyModel.dir(), TinyModel.dir2()));
        String root = System.getProperty("pyassist.repo.root");
        if (root != null && Files.isRegularFile(Path.of(root, "models/validator/golden.json"))) {
            out.add(Path.of(root, "models/validator").toAbsolutePath().normalize());
        }
        String extra = System.getProperty("pyassist.validator.extra");
        if (extra != null && !extra.isBlank()) {
            out.add(Path.of(extra));
        }
        return out;
    }

    static ValidatorEngine engine(Path dir) throws ArtifactException {
        if (dir.equals(TinyModel.dir())) {
            return TinyModel.engine();
        }
        return dir.equals(TinyModel.dir2()) ? TinyModel.engine2() : ValidatorEngine.open(ValidatorArtifact.load(dir), 1);
    }

    @ParameterizedTest
    @MethodSource("artifacts")
    void tokenIdsAndSpansMatchThePipeline(Path dir) throws Exception {
        ValidatorEngine engine = engine(dir);
        JsonNode g = golden(dir);
        assertEquals(engine.artifact().modelSha256(), g.get("model_sha256").asText());
        assertTrue(g.get("inputs").size() >= 5);
        for (JsonNode in : g.get("inputs")) {
            String name = in.get("name").asText();
            CodeTokenizer.Encoded e = engine.tokenizer().encode(in.get("text").asText());
            assertArrayEquals(longs(in.get("input_ids")), e.ids(), name + ": ids");
            JsonNode offsets = in.get("offsets");
            assertEquals(offsets.size(), e.length(), name + ": token count");
            for (int i = 0; i < e.length(); i++) {
                assertEquals(offsets.get(i).get(0).asInt(), e.starts()[i], name + ": start of token " + i);
                assertEquals(offsets.get(i).get(1).asInt(), e.ends()[i], name + ": end of token " + i);
            }
            long[] mask = longs(in.get("attention_mask"));
            assertEquals(e.length(), mask.length);
            for (long m : mask) {
                assertEquals(1, m, name + ": unpadded mask is all ones");
            }
            assertTrue(e.special()[0] && e.special()[e.length() - 1], name + ": <s> ... </s>");
            assertEquals(engine.artifact().bosId(), e.ids()[0]);
            assertEquals(engine.artifact().eosId(), e.ids()[e.length() - 1]);
        }
    }

    @ParameterizedTest
    @MethodSource("artifacts")
    void onnxOutputsMatchThePipelineInOnePaddedBatch(Path dir) throws Exception {
        ValidatorEngine engine = engine(dir);
        JsonNode inputs = golden(dir).get("inputs");
        List<long[]> batch = new ArrayList<>();
        for (JsonNode in : inputs) {
            batch.add(engine.tokenizer().encode(in.get("text").asText()).ids());
        }
        List<Score> scores = engine.scorer().score(batch);
        for (int r = 0; r < inputs.size(); r++) {
            JsonNode in = inputs.get(r);
            String name = in.get("name").asText();
            Score s = scores.get(r);
            assertEquals(in.get("bug_probability").asDouble(), s.bugProbability(), TOLERANCE, name);
            if (engine.artifact().tokenLevel()) {
                tokenLevelMatches(in, s, name);
                continue;
            }
            JsonNode kinds = in.get("kind_probabilities");
            assertEquals(kinds.size(), s.kindProbabilities().length);
            for (int k = 0; k < kinds.size(); k++) {
                assertEquals(kinds.get(k).asDouble(), s.kindProbabilities()[k], TOLERANCE, name + " kind " + k);
            }
            JsonNode tokens = in.get("token_scores");
            assertEquals(tokens.size(), s.tokenScores().length, name + ": one score per token");
            for (int t = 0; t < tokens.size(); t++) {
                assertEquals(tokens.get(t).asDouble(), s.tokenScores()[t], TOLERANCE, name + " token " + t);
            }
            assertEquals(in.get("predicted_kind").asText(), engine.artifact().labels().get(s.topKind()), name);
        }
    }

    /** Format 2: P(replaced) per token, and the repair head's top-K ids and probabilities where kept. */
    private static void tokenLevelMatches(JsonNode in, Score s, String name) {
        JsonNode p = in.get("token_bug_probability");
        assertEquals(p.size(), s.tokenScores().length, name + ": one probability per token");
        JsonNode ids = in.get("repair_token_ids");
        JsonNode probs = in.get("repair_probabilities");
        int kept = 0;
        for (int t = 0; t < p.size(); t++) {
            assertEquals(p.get(t).asDouble(), s.tokenScores()[t], TOLERANCE, name + " token " + t);
            if (s.repairIds()[t] == null) {
                continue;
            }
            kept++;
            assertArrayEquals(longs(ids.get(t)), s.repairIds()[t], name + " repair ids of token " + t);
            for (int k = 0; k < probs.get(t).size(); k++) {
                assertEquals(probs.get(t).get(k).asDouble(), s.repairProbabilities()[t][k], TOLERANCE, name);
            }
        }
        assertTrue(kept > 0, name + ": repairs kept where a finding could sit");
    }

    @Test
    void singleRowsScoreLikeTheBatch() throws Exception {
        ValidatorEngine engine = TinyModel.engine();
        JsonNode inputs = golden(TinyModel.dir()).get("inputs");
        JsonNode in = inputs.get(inputs.size() - 1);
        Score alone = engine.scorer().score(List.of(engine.tokenizer().encode(in.get("text").asText()).ids())).get(0);
        assertEquals(in.get("bug_probability").asDouble(), alone.bugProbability(), TOLERANCE);
    }

    static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }
}
