package dev.pyassist.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pyassist.llm.local}: defaults, and the three layers merged like the other LLM settings. */
class LocalSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void defaultsLoadNothingAndSampleLikeTransformers() {
        LlmSettings.Local d = Settings.defaults().llm().local();
        assertNull(d.model());
        assertEquals(Map.of(), d.adapters());
        assertNull(d.mergeAdapter());
        assertNull(d.engineJar());
        assertEquals(0, d.threadCount());
        assertEquals(0, d.topKOrDefault());
        assertEquals(1.0, d.topPOrDefault());
        assertEquals(1.0, d.repetitionPenaltyOrDefault());
    }

    @Test
    void pyprojectThenInitializationOptionsThenWorkspaceConfiguration(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("pyproject.toml"), """
                [tool.pyassist.llm]
                defaultBackend = "local"

                [tool.pyassist.llm.local]
                model = "/repo/models/evil"
                threads = 4

                [tool.pyassist.llm.local.adapters]
                summarize = "/repo/adapters/sum"
                """);
        var init = JSON.readTree("""
                {"llm": {"local": {"model": "/models/starcoderbase-1b",
                                   "adapters": {"Translate": "/adapters/tr"}, "topK": 20}}}""");
        var workspace = JSON.readTree("""
                {"pyassist": {"llm": {"local": {"mergeAdapter": "translate", "engineJar": "/opt/e.jar"},
                                      "tasks": {"ask": {"backend": "openai"}}}}}""");
        ProjectSettings project = PyprojectSettings.read(root);
        Settings s = SettingsMerger.merge(null, project, init, workspace);
        LlmSettings.Local l = s.llm().local();
        // the repository's model, adapters and routing are the user's to choose; its thread count is not
        assertEquals("/models/starcoderbase-1b", l.model());
        assertEquals(Map.of("translate", "/adapters/tr"), l.adapters());
        assertEquals("translate", l.mergeAdapter());
        assertEquals("/opt/e.jar", l.engineJar());
        assertEquals(4, l.threadCount());
        assertEquals(20, l.topKOrDefault());
        assertEquals("openai", s.llm().backendFor(LlmTask.SUMMARIZE, Map.of()));
        assertEquals("openai", s.llm().backendFor(LlmTask.ASK, Map.of()));
        assertEquals(java.util.List.of("llm.defaultBackend", "llm.local.model", "llm.local.adapters"),
                project.ignored());
    }
}
