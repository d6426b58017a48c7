package dev.pyassist.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.ParsedText;
import dev.pyassist.diagnostics.Severity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The quick fix of a one-token finding is the repair guess that the model, scoring the repaired code again,
 * finds least suspicious, not simply the repair head's first guess. The rigged format-2 artifact
 * ({@code validator/rigged2/make_rigged.py}) flags {@code %} with the guesses {@code >>} (0.6, itself scored
 * 0.6 in that place) and {@code *} (0.3, scored 0.01): the fix must be {@code *}.
 */
class VerifiedRepairTest {
    @Test
    void theFixIsTheGuessThatNoLongerLooksWrong() throws Exception {
        Path rigged = Path.of(VerifiedRepairTest.class.getResource("/validator/rigged2/validator.json").toURI())
                .getParent();
        try (ValidatorEngine engine = ValidatorEngine.open(ValidatorArtifact.load(rigged), 1)) {
            String text = "def rem(a, b):\n    return a % b\n";
            List<Finding> found = engine.validate(ParsedText.parse(text),
                    new ValidatorOptions(0, Severity.WARNING, false));
            assertEquals(1, found.size(), String.valueOf(found));
            Finding f = found.get(0);
            assertEquals("%", text.substring(f.start(), f.end()));
            assertEquals("*", TokenFindings.expected(f).orElseThrow(), f.message());
            assertEquals("`%` looks wrong here; `*` expected (validator, 0.95)", f.message());
        }
    }
}
