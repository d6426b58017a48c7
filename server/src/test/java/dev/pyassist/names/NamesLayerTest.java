package dev.pyassist.names;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyassist.config.Settings;
import dev.pyassist.config.SettingsMerger;
import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.ParsedText;
import dev.pyassist.diagnostics.Severity;
import dev.pyassist.diagnostics.SyntaxLayer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layer as the pipeline runs it: codes, severities, ranges, suppression comments, settings. */
class NamesLayerTest {
    private static final String SRC = String.join("\n",
            "import os",
            "import sys  # noqa",
            "import json  # pyassist: ignore",
            "from glob import *",
            "def f():",
            "    unused = 1",
            "    return resutl",
            "resutl = 2",
            "def g():",
            "    pass",
            "def g():",
            "    pass",
            "") ;

    private static List<String> run(Settings settings) {
        var pipeline = new AnalysisPipeline(List.of(new SyntaxLayer(), new NamesLayer()));
        return pipeline.analyze(SRC, settings).stream()
                .map(f -> f.code() + " " + f.severity().label() + " " + SRC.substring(f.start(), f.end()))
                .toList();
    }

    @Test
    void findingsCarryCodeSeverityAndTheNameRange() {
        assertEquals(List.of(
                "names.unused-import warning os",
                "names.import-star information *",
                "names.unused-import warning *",
                "names.unused-variable warning unused",
                "names.redefined-unused warning g"), run(Settings.defaults()));
    }

    @Test
    void settingsSwitchRulesAndTheLayer() throws Exception {
        var json = new ObjectMapper();
        Settings noImports = SettingsMerger.merge(json.readTree("{\"names\": {\"unusedImport\": false}}"));
        assertEquals(List.of(
                "names.import-star information *",
                "names.unused-variable warning unused",
                "names.redefined-unused warning g"), run(noImports));
        Settings off = SettingsMerger.merge(json.readTree("{\"names\": {\"enabled\": false}}"));
        assertEquals(List.of(), run(off));
    }

    @Test
    void undefinedNamesAreErrorsWithASuggestion() {
        String src = "result = 1\nprint(resutl)\n";
        Finding f = new NamesLayer().analyze(ParsedText.parse(src)).get(0);
        assertEquals("names.undefined-name", f.code());
        assertEquals(Severity.ERROR, f.severity());
        assertEquals("undefined name 'resutl' (did you mean 'result'?)", f.message());
        assertEquals("result", f.data().get("suggestion"));
        assertEquals("resutl", src.substring(f.start(), f.end()));
    }

    @Test
    void packageInitImportsAreReExports() {
        var pipeline = new AnalysisPipeline(List.of(new NamesLayer()));
        String src = "from .core import thing\nimport os\n";
        assertEquals(List.of(), pipeline.analyze(src, "file:///work/pkg/__init__.py", Settings.defaults()));
        assertEquals(2, pipeline.analyze(src, "file:///work/pkg/mod.py", Settings.defaults()).size());
    }

    @Test
    void anUnchangedTextIsNotAnalysedAgain() {
        var layer = new NamesLayer();
        String src = "import os\n";
        var first = layer.analyze(ParsedText.parse(src, "file:///work/a.py"), Settings.defaults());
        assertEquals(true, layer.cached("file:///work/a.py"));
        assertEquals(first, layer.analyze(ParsedText.parse(src, "file:///work/a.py"), Settings.defaults()));
        // a changed text is analysed again
        assertEquals(List.of(), layer.analyze(ParsedText.parse("import os\nos\n", "file:///work/a.py"),
                Settings.defaults()));
    }

    @Test
    void nothingWhenTheTextDoesNotParse() {
        assertEquals(List.of(), new NamesLayer().analyze(ParsedText.parse("import os\nif os.sep\n    pass\n")));
    }
}
