package dev.pyassist.lsp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.complete.SuggestionCheck;
import dev.pyassist.complete.SuggestionGates;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.Severity;
import dev.pyassist.python.PythonParser;
import dev.pyassist.python.PythonVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Completion's {@code dropFlagged} gate on the validator's side: what counts as the validator flagging a suggestion. */
class CompletionValidatorGateTest {

    private static final String PREFIX = "def clamp(x, lo):\n    if x ";
    private static final String SUFFIX = " lo:\n        return lo\n    return x\n";

    private static SuggestionGates.Buffer buffer() {
        return new SuggestionGates.Buffer(PREFIX, SUFFIX, PythonParser.parse(PREFIX + SUFFIX), PythonVersion.DEFAULT);
    }

    /** A validator that reports one finding over the characters {@code [start, end)} of the spliced buffer. */
    private static SuggestionCheck validatorReporting(Severity severity, int start, int end) {
        return LspModule.validatorFlags(() -> true,
                parsed -> List.of(new Finding("validator.inverted-comparison", severity, "`>=` looks wrong here",
                        start, end)));
    }

    @Test
    void aWarningOverTheSuggestionDropsIt() {
        int at = PREFIX.length();
        assertTrue(SuggestionGates.flagged(">=", buffer(), validatorReporting(Severity.WARNING, at, at + 2)));
        assertTrue(SuggestionGates.flagged(">=", buffer(), validatorReporting(Severity.ERROR, at - 4, at + 1)),
                "a finding that overlaps the suggestion counts");
    }

    @Test
    void informationAndFindingsElsewhereDoNot() {
        int at = PREFIX.length();
        assertFalse(SuggestionGates.flagged(">=", buffer(), validatorReporting(Severity.INFORMATION, at, at + 2)));
        assertFalse(SuggestionGates.flagged(">=", buffer(), validatorReporting(Severity.WARNING, 0, 3)),
                "a finding of the buffer's own code is not the suggestion's");
    }

    @Test
    void aValidatorThatIsOffFlagsNothing() {
        SuggestionCheck off = LspModule.validatorFlags(() -> false, parsed -> {
            throw new AssertionError("an off validator is not asked");
        });
        assertFalse(SuggestionGates.flagged(">=", buffer(), off));
    }
}
