package dev.pyassist.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.config.Settings;
import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.SyntaxLayer;
import dev.pyassist.flow.FlowLayer;
import dev.pyassist.names.NamesLayer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The playground offers the editor's quick fixes of the names and flow layers, as edits CodeMirror applies. */
class PlaygroundFixesTest {
    private static final String CODE = "import os\n\n\ndef f():\n    return 1\n    print('never')\n";

    @SuppressWarnings("unchecked")
    private static String applied(String text, Map<String, Object> fix) {
        StringBuilder b = new StringBuilder(text);
        List<Map<String, Object>> edits = new java.util.ArrayList<>((List<Map<String, Object>>) fix.get("edits"));
        edits.sort((x, y) -> Integer.compare((int) y.get("from"), (int) x.get("from")));
        for (Map<String, Object> e : edits) {
            b.replace((int) e.get("from"), (int) e.get("to"), (String) e.get("insert"));
        }
        return b.toString();
    }

    @Test
    void anUnusedImportAndUnreachableCodeGetTheirFixes() {
        Settings settings = Settings.defaults();
        var pipeline = new AnalysisPipeline(List.of(new SyntaxLayer(), new NamesLayer(), new FlowLayer()));
        List<Finding> findings = pipeline.analyze(CODE, settings);
        PlaygroundFixes fixes = PlaygroundFixes.of(CODE, settings);
        Finding unused = findings.stream().filter(f -> f.code().equals("names.unused-import")).findFirst().orElseThrow();
        List<Map<String, Object>> forUnused = fixes.of(unused);
        assertEquals(1, forUnused.size(), forUnused.toString());
        assertTrue(String.valueOf(forUnused.get(0).get("title")).toLowerCase().contains("import"), forUnused.toString());
        assertEquals(false, applied(CODE, forUnused.get(0)).contains("import os"));
        Finding unreachable = findings.stream().filter(f -> f.layer().equals("flow")).findFirst().orElseThrow();
        List<Map<String, Object>> forUnreachable = fixes.of(unreachable);
        assertEquals("Remove unreachable code", forUnreachable.get(0).get("title"));
        assertEquals("import os\n\n\ndef f():\n    return 1\n", applied(CODE, forUnreachable.get(0)));
    }
}
