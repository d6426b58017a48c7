package dev.pyassist.complete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.python.PythonParser;
import dev.pyassist.python.PythonVersion;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionGatesTest {

    private static SuggestionGates.Buffer buffer(String prefix, String suffix) {
        return new SuggestionGates.Buffer(prefix, suffix, PythonParser.parse(prefix + suffix), PythonVersion.DEFAULT);
    }

    @Test
    void whatTheSuffixAlreadyHasIsCutOff() {
        assertEquals("a, b", SuggestionGates.trimSuffixRepeat("a, b)", ")\n"));
        assertEquals("x = 1", SuggestionGates.trimSuffixRepeat("x = 1\ny = 2", "\ny = 2\nz = 3\n"));
        assertEquals("", SuggestionGates.trimSuffixRepeat("    return x\n", "    return x\n\n"));
        assertEquals("a + b", SuggestionGates.trimSuffixRepeat("a + b", "\nprint(1)\n"));
    }

    @Test
    void aSuggestionThatParsesIsKeptWhole() {
        assertEquals(Optional.of("a, b)"), SuggestionGates.syntaxSafe("a, b)", buffer("x = max(", "\n")));
    }

    @Test
    void oneThatAddsAnErrorIsTrimmedToTheLongestPrefixThatDoesNot() {
        // the buffer already has an error (the open bracket); the extra ')' would add another inside the suggestion
        assertEquals(Optional.of("a, b)"), SuggestionGates.syntaxSafe("a, b))", buffer("x = max(", "\n")));
        // a clean buffer: the broken last line goes, the lines before it stay
        assertEquals(Optional.of("y = 2\nz = 3"),
                SuggestionGates.syntaxSafe("y = 2\nz = 3\nw = (1 +", buffer("x = 1\n", "\n")));
    }

    @Test
    void oneWithoutASafePrefixIsDropped() {
        assertEquals(Optional.empty(), SuggestionGates.syntaxSafe(")))", buffer("x = 1\n", "\ny = 2\n")));
    }

    @Test
    void theErrorTheBufferHadAlreadyDoesNotCount() {
        // an unrelated error further down stays where it was (moved by the insertion): the suggestion is fine
        assertEquals(Optional.of("1"), SuggestionGates.syntaxSafe("1", buffer("x = ", "\n\ndef broken(:\n")));
    }

    @Test
    void theNamesGateFlagsAnUndefinedNameInTheSuggestionOnly() {
        var b = buffer("def f(xs):\n    return ", "\n");
        assertTrue(SuggestionGates.addsUndefinedName("sum_all(xs)", b));
        assertFalse(SuggestionGates.addsUndefinedName("sum(xs)", b));
        assertFalse(SuggestionGates.addsUndefinedName("len(xs)", buffer("def f(xs):\n    return ", "\nundefined_y\n")),
                "a finding outside the suggestion is the buffer's own");
    }

    @Test
    void anotherCheckSeesTheSplicedBufferAndTheSuggestionsSpan() {
        var b = buffer("def f(lo, x):\n    if x ", " lo:\n        return lo\n");
        int[] seen = new int[2];
        SuggestionCheck validator = (spliced, parsed, from, to) -> {
            assertTrue(parsed.ok());
            seen[0] = from;
            seen[1] = to;
            return spliced.substring(from, to).equals(">=");
        };
        assertTrue(SuggestionGates.flagged(">=", b, validator));
        assertEquals(b.prefix().length(), seen[0]);
        assertEquals(b.prefix().length() + 2, seen[1]);
        assertFalse(SuggestionGates.flagged("<", b, validator));
        assertTrue(SuggestionGates.flagged("< undefined_z and x <", b, SuggestionCheck.NONE),
                "the names gate runs beside the other check");
    }

    @Test
    void aSplicedBufferThatDoesNotParseIsNotFlagged() {
        SuggestionCheck always = (spliced, parsed, from, to) -> true;
        assertFalse(SuggestionGates.flagged("(", buffer("x = ", "\n"), always));
    }
}
