package dev.pyassist.flow;

import dev.pyassist.diagnostics.Finding;
import dev.pyassist.python.ParseResult;
import dev.pyassist.python.PythonParser;
import dev.pyassist.text.LineMap;
import java.util.List;

/** Runs the flow layer on a snippet and describes each finding as "code line:text-of-range". */
final class FlowTesting {
    private FlowTesting() {
    }

    static List<String> findings(String... lines) {
        String src = String.join("\n", lines) + "\n";
        ParseResult parse = PythonParser.parse(src);
        if (!parse.errors().isEmpty()) {
            throw new AssertionError("test snippet does not parse: " + parse.errors());
        }
        LineMap map = new LineMap(src);
        return FlowLayer.findings(src, parse, FlowRule.defaults()).stream()
                .map(f -> describe(src, map, f)).toList();
    }

    /** The findings with the opt-in rules on too. */
    static List<String> withOptIn(String... lines) {
        String src = String.join("\n", lines) + "\n";
        ParseResult parse = PythonParser.parse(src);
        LineMap map = new LineMap(src);
        return FlowLayer.findings(src, parse, java.util.EnumSet.allOf(FlowRule.class)).stream()
                .map(f -> describe(src, map, f)).toList();
    }

    /** Only the findings of one rule. */
    static List<String> findings(FlowRule rule, String... lines) {
        return findings(lines).stream().filter(s -> s.startsWith(rule.code() + " ")).toList();
    }

    static List<Finding> raw(String... lines) {
        String src = String.join("\n", lines) + "\n";
        return FlowLayer.findings(src, PythonParser.parse(src), FlowRule.defaults());
    }

    private static String describe(String src, LineMap map, Finding f) {
        return f.code() + " " + (map.lineOf(f.start()) + 1) + ":" + src.substring(f.start(), f.end());
    }
}
