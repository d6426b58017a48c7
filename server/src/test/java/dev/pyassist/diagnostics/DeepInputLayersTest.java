package dev.pyassist.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.python.SourceUnits;
import dev.pyassist.config.Settings;
import dev.pyassist.names.NamesLayer;
import dev.pyassist.outline.Outline;
import dev.pyassist.text.LineMap;
import dev.pyassist.validator.Units;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input as deep as CPython accepts (just under each of its limits) goes through every layer that walks the tree:
 * syntax, names, the outline, the validator's and the AI actions' unit cutters. None may overflow the Java stack.
 */
class DeepInputLayersTest {
    static String deep(String kind) {
        return switch (kind) {
            case "unary" -> "def f():\n    return " + "-".repeat(5968) + "x\n";
            case "lambda" -> "def f():\n    return " + "lambda: ".repeat(2984) + "x\n";
            case "ifexp" -> "def f():\n    return " + "1 if y else ".repeat(5968) + "x\n";
            case "power" -> "def f():\n    return 2" + "**x".repeat(2984) + "\n";
            case "attr" -> "def f():\n    return x" + ".a".repeat(9990) + "\n";
            case "call" -> "def f():\n    return x" + "()".repeat(9990) + "\n";
            case "blocks" -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 99; i++) sb.append(" ".repeat(i)).append(i % 2 == 0 ? "def f():\n" : "class C:\n");
                yield sb.append(" ".repeat(99)).append("x\n").toString();
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"unary", "lambda", "ifexp", "power", "attr", "call", "blocks"})
    void everyLayerCopes(String kind) {
        String text = deep(kind);
        ParsedText parsed = ParsedText.parse(text);
        assertTrue(parsed.parse().ok(), kind + ": " + parsed.parse().errors());
        List<Finding> findings = new AnalysisPipeline(List.of(new SyntaxLayer(), new NamesLayer()))
                .analyze(text, Settings.defaults());
        assertTrue(findings.stream().anyMatch(f -> f.message().contains("'x'")), kind + ": " + findings);
        assertTrue(!Outline.of(parsed.parse().module(), () -> false).isEmpty());
        assertTrue(!Units.extract(parsed.parse().module(), new LineMap(text)).isEmpty());
        assertTrue(!SourceUnits.of(text, parsed.parse()).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"unary", "lambda", "power"})
    void oneLevelDeeperIsCPythonsParserError(String kind) {
        String text = switch (kind) {
            case "unary" -> "-".repeat(5969) + "x\n";
            case "lambda" -> "lambda: ".repeat(2985) + "x\n";
            default -> "2" + "**x".repeat(2985) + "\n";
        };
        var r = dev.pyassist.python.PythonParser.parse(text);
        assertEquals("Parser stack overflowed - Python source too complex to parse", r.errors().get(0).message());
    }
}
