package dev.pyassist.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pathological nesting: CPython's error at CPython's limit, never a Java StackOverflowError. */
class DeepNestingTest {
    static String build(String kind, int n) {
        return switch (kind) {
            case "minus" -> "-".repeat(n) + "1\n";
            case "not" -> "not ".repeat(n) + "1\n";
            case "plus" -> "+".repeat(n) + "1\n";
            case "attr" -> "a" + ".a".repeat(n) + "\n";
            case "call" -> "f" + "()".repeat(n) + "\n";
            case "paren" -> "(".repeat(n) + ")".repeat(n) + "\n";
            case "fstring" -> "f'{".repeat(n) + "1" + "}'".repeat(n) + "\n";
            case "bom" -> "\uFEFFx = 1\n\uFEFFy = 2\n";
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static String message(String src) {
        ParseResult r = PythonParser.parse(src);
        return r.ok() ? null : r.errors().get(0).message();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "minus | 100000 | Parser stack overflowed - Python source too complex to parse",
        "not | 100000 | Parser stack overflowed - Python source too complex to parse",
        "plus | 100000 | Parser stack overflowed - Python source too complex to parse",
        "minus | 5969 | Parser stack overflowed - Python source too complex to parse",
        "attr | 100000 | maximum recursion depth exceeded during compilation",
        "call | 100000 | maximum recursion depth exceeded during compilation",
        "attr | 9997 | maximum recursion depth exceeded during compilation",
        "paren | 201 | too many nested parentheses",
        "fstring | 150 | too many nested f-strings",
        "bom | 1 | invalid non-printable character U+FEFF",
    })
    void cpythonsLimits(String kind, int n, String want) {
        assertEquals(want, message(build(kind, n)));
    }

    /** One below each limit still parses (the limits are CPython 3.13's, measured with its compile()). */
    @ParameterizedTest
    @CsvSource({"minus, 5968", "attr, 9996", "call, 9996", "fstring, 149", "paren, 199"})
    void justBelowTheLimitParses(String kind, int n) {
        assertEquals(null, message(build(kind, n)));
    }

    /** 3.12's compiler stops sooner (three times the default recursion limit). */
    @ParameterizedTest
    @CsvSource({"minus, 2995", "attr, 2995", "call, 2995"})
    void py312Limit(String kind, int n) {
        ParseResult r = PythonParser.parse(build(kind, n), PythonVersion.PY312);
        assertEquals("maximum recursion depth exceeded during compilation", r.errors().get(0).message());
        assertFalse(PythonParser.parse(build(kind, n - 1), PythonVersion.PY312).errors().size() > 0);
    }
}
