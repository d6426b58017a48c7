package dev.pyassist.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyassist.config.Settings;
import dev.pyassist.config.SettingsMerger;
import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.diagnostics.SyntaxLayer;
import dev.pyassist.names.NamesLayer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layer as the pipeline runs it: beside names, switched by settings, silenced by comments. */
class FlowLayerTest {
    private static final String SRC = String.join("\n",
            "def f(c):",
            "    if c:",
            "        x = 1",
            "    print(x)",
            "    return 1",
            "    print(2)",
            "def g(a):",
            "    return a",
            "g()",
            "g(1, 2)  # noqa",
            "g(1, 2)  # pyassist: ignore",
            "");

    private static List<String> run(Settings settings) {
        var pipeline = new AnalysisPipeline(List.of(new SyntaxLayer(), new NamesLayer(), new FlowLayer()));
        return pipeline.analyze(SRC, settings).stream()
                .map(f -> f.code() + " " + f.severity().label() + " " + SRC.substring(f.start(), f.end()))
                .toList();
    }

    @Test
    void findingsCarryCodeSeverityAndRange() {
        assertEquals(List.of(
                "flow.possibly-used-before-assignment warning x",
                "flow.unreachable warning print(2)",
                "calls.no-value-for-parameter error g()"), run(Settings.defaults()));
    }

    @Test
    void settingsSwitchRulesAndTheLayer() throws Exception {
        var json = new ObjectMapper();
        Settings some = SettingsMerger.merge(json.readTree(
                "{\"flow\": {\"unreachable\": false, \"noValueForParameter\": false}}"));
        assertEquals(List.of("flow.possibly-used-before-assignment warning x"), run(some));
        Settings off = SettingsMerger.merge(json.readTree("{\"flow\": {\"enabled\": false}}"));
        assertEquals(List.of(), run(off));
    }

    @Test
    void projectSettingsCanSwitchARuleOff(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("pyproject.toml"),
                "[tool.pyassist.flow]\npossiblyUsedBeforeAssignment = false\n");
        var project = dev.pyassist.config.PyprojectSettings.read(dir);
        Settings s = SettingsMerger.merge(null, project);
        assertEquals(List.of("flow.unreachable warning print(2)", "calls.no-value-for-parameter error g()"), run(s));
    }

    @Test
    void aTextThatDoesNotParseGetsNoFlowFindings() {
        var pipeline = new AnalysisPipeline(List.of(new SyntaxLayer(), new NamesLayer(), new FlowLayer()));
        var found = pipeline.analyze("def f(:\n    return 1\n    x = 2\n", Settings.defaults());
        assertEquals(List.of(), found.stream().filter(f -> !f.code().startsWith("syntax.")).toList());
    }

    @Test
    void everyRuleHasASettingsKeyInTheDefaults() throws Exception {
        var defaults = new ObjectMapper().readTree(
                SettingsMerger.class.getResourceAsStream("default-settings.json")).get("flow");
        for (FlowRule r : FlowRule.values()) {
            assertEquals(!r.optIn(), defaults.get(r.settingsKey()).asBoolean(), r.settingsKey());
        }
    }
}
