package dev.pyassist.web;

import dev.pyassist.config.Settings;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.flow.FlowFixes;
import dev.pyassist.flow.FlowLayer;
import dev.pyassist.names.NamesFixes;
import dev.pyassist.names.NamesLayer;
import dev.pyassist.python.ParseResult;
import dev.pyassist.python.PythonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The playground's quick fixes, the editor's own: the names layer's certain fixes (an unused import removed, a
 * misspelt name replaced) and the flow layer's (unreachable code deleted, arguments put back in order), computed
 * once for the whole text and matched to their findings by rule and range; and the validator's repair. Each is
 * {@code {title, edits: [{from, to, insert}]}} in the text's UTF-16 offsets, as CodeMirror applies them.
 */
final class PlaygroundFixes {
    /** A fix of the exact layers, by the finding it repairs. */
    private record Exact(String code, int start, int end, String title, List<NamesFixes.TextEdit> edits) {}

    private final List<Exact> exact;

    private PlaygroundFixes(List<Exact> exact) {
        this.exact = exact;
    }

    static PlaygroundFixes of(String code, Settings settings) {
        List<Exact> out = new ArrayList<>();
        if (code.length() > settings.diagnostics().maxFileChars()) {
            return new PlaygroundFixes(out); // the layers skip such a file too
        }
        ParseResult parse = PythonParser.parse(code);
        if (settings.names().enabled()) {
            for (NamesFixes.Fix f : NamesFixes.fixes(code, parse, 0, code.length(), NamesLayer.enabledRules(settings))) {
                out.add(new Exact(f.rule().code(), f.findingStart(), f.findingEnd(), f.title(), f.edits()));
            }
        }
        var flowRules = FlowLayer.enabledRules(settings);
        if (!flowRules.isEmpty()) {
            for (FlowFixes.Fix f : FlowFixes.fixes(code, parse, 0, code.length(), flowRules)) {
                out.add(new Exact(f.rule().code(), f.findingStart(), f.findingEnd(), f.title(), f.edits()));
            }
        }
        return new PlaygroundFixes(out);
    }

    /** The fixes of one finding, for the page. */
    List<Map<String, Object>> of(Finding f) {
        List<Map<String, Object>> fixes = new ArrayList<>();
        if (f.data().get("repair") instanceof Map<?, ?> repair && repair.get("newText") instanceof String text) {
            fixes.add(Map.of("title", String.valueOf(repair.get("title")),
                    "edits", List.of(Map.of("from", f.start(), "to", f.end(), "insert", text))));
        }
        for (Exact e : exact) {
            if (e.code().equals(f.code()) && e.start() == f.start() && e.end() == f.end()) {
                fixes.add(Map.of("title", e.title(), "edits", e.edits().stream()
                        .map(t -> Map.of("from", t.start(), "to", t.end(), "insert", t.replacement())).toList()));
            }
        }
        return fixes;
    }
}
