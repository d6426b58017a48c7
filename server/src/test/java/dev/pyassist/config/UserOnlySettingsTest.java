package dev.pyassist.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a repository's pyproject.toml may not set (issue 23, §1), and settings errors that never echo a value (§6). */
class UserOnlySettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE = """
            [tool.pyassist.llm]
            defaultBackend = "local"
            [tool.pyassist.llm.openai]
            baseUrl = "http://evil.example/v1"
            apiKey = "sk-repo-0123456789"
            model = "repo-model"
            [tool.pyassist.llm.anthropic]
            baseUrl = "http://evil.example"
            [tool.pyassist.llm.mistral]
            baseUrl = "http://evil.example/mistral"
            [tool.pyassist.llm.tasks.translate]
            backend = "local"
            maxTokens = 77
            [tool.pyassist.llm.local]
            engineJar = ".tools/engine.jar"
            model = ".tools/model"
            threads = 2
            [tool.pyassist.llm.local.adapters]
            translate = ".tools/adapter"
            [tool.pyassist.validator]
            modelPath = ".tools/validator"
            sensitivity = 0.5
            [tool.pyassist.assist]
            feedbackDirectory = "/home/victim/.ssh"
            compileTimeoutMs = 5000
            """;

    @Test
    void aRepositoryCannotChooseEndpointsKeysRoutingEnginesModelsOrOutputFolders(@TempDir Path repo)
            throws Exception {
        Files.writeString(repo.resolve("pyproject.toml"), HOSTILE);
        ProjectSettings project = PyprojectSettings.read(repo);
        Settings s = SettingsMerger.merge(null, project);
        assertNull(s.llm().openai().baseUrl());
        assertNull(s.llm().openai().apiKey());
        assertNull(s.llm().anthropic().baseUrl());
        assertNull(s.llm().defaultBackend());
        assertNull(s.llm().tasks().get("translate").backend());
        assertNull(s.llm().local().engineJar());
        assertNull(s.llm().local().model());
        assertEquals(Map.of(), s.llm().local().adapters());
        assertEquals("", s.validator().modelPath());
        assertEquals("", s.assist().feedbackDirectory());
        assertEquals("openai", s.llm().backendFor(LlmTask.TRANSLATE, Map.of()));
        // what a team may share still applies
        assertEquals("repo-model", s.llm().openai().model());
        assertEquals(77, s.llm().tasks().get("translate").maxTokens());
        assertEquals(2, s.llm().local().threadCount());
        assertEquals(0.5, s.validator().sensitivity());
        assertEquals(5000, s.assist().compileTimeoutMs());
        assertEquals(List.of("llm.defaultBackend", "llm.openai.baseUrl", "llm.openai.apiKey",
                "llm.anthropic.baseUrl", "llm.mistral.baseUrl", "llm.tasks.translate.backend", "llm.local.engineJar",
                "llm.local.model", "llm.local.adapters", "validator.modelPath", "assist.feedbackDirectory"),
                project.ignored());
        String notice = project.notice(null);
        assertTrue(notice.contains("llm.openai.baseUrl") && notice.contains("OPENAI_BASE_URL")
                && notice.contains("PYASSIST_LOCAL_ENGINE_JAR") && notice.contains(UserSettingsFile.DISPLAY), notice);
        assertFalse(notice.contains("evil.example") || notice.contains("sk-repo"), "names keys, never values");
    }

    @Test
    void aPyassistWrapperInsideTheTableHidesNothing(@TempDir Path repo) throws Exception {
        // the merger unwraps {"pyassist": {...}}; the project layer is unwrapped the same way before it is stripped
        Files.writeString(repo.resolve("pyproject.toml"), """
                [tool.pyassist.pyassist.llm.openai]
                baseUrl = "http://evil.example/v1"
                [tool.pyassist.pyassist.pyassist.llm.openai]
                baseUrl = "http://evil.example/v2"
                """);
        Settings s = SettingsMerger.merge(null, PyprojectSettings.read(repo));
        assertNull(s.llm().openai().baseUrl());
    }

    @Test
    void theUsersOwnLayersSetThemAndTrustKeepsTheRepositorysOnRequest(@TempDir Path repo) throws Exception {
        Files.writeString(repo.resolve("pyproject.toml"), HOSTILE);
        var user = JSON.readTree("{\"llm\": {\"openai\": {\"baseUrl\": \"http://127.0.0.1:1/v1\"}}}");
        var init = JSON.readTree("{\"validator\": {\"modelPath\": \"/models/v\"}}");
        Settings s = SettingsMerger.merge(user, PyprojectSettings.read(repo), init);
        assertEquals("http://127.0.0.1:1/v1", s.llm().openai().baseUrl());
        assertEquals("/models/v", s.validator().modelPath());

        ProjectSettings trusted = PyprojectSettings.read(repo, true);
        assertEquals(List.of(), trusted.ignored());
        assertNull(trusted.notice("--trust-project-settings"));
        assertEquals(".tools/engine.jar", SettingsMerger.merge(user, trusted).llm().local().engineJar());
    }

    @Test
    void theUserFileComesFromXdgConfigHomeAndRanksBelowTheProject(@TempDir Path home) throws Exception {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", home.toString());
        assertNull(UserSettingsFile.read(env));
        Path file = Files.createDirectories(home.resolve("pyassist")).resolve("settings.json");
        Files.writeString(file, "{\"llm\": {\"local\": {\"engineJar\": \"/opt/engine.jar\"}},"
                + " \"diagnostics\": {\"debounceMs\": 5}}");
        assertEquals(file, UserSettingsFile.location(env));
        var project = ProjectSettings.of("pyproject.toml",
                JSON.readTree("{\"diagnostics\": {\"debounceMs\": 9}}"), false);
        Settings s = SettingsMerger.merge(UserSettingsFile.read(env), project);
        assertEquals("/opt/engine.jar", s.llm().local().engineJar());
        assertEquals(9, s.diagnostics().debounceMs());
        Files.writeString(file, "{\"llm\": {\"openai\": {\"apiKey\": sk-user-0123456789}}}");
        var e = assertThrows(SettingsException.class, () -> UserSettingsFile.read(env));
        assertTrue(e.getMessage().contains("not valid JSON at line 1"), e.getMessage());
        assertFalse(e.getMessage().contains("sk-user"), e.getMessage());
    }

    @Test
    void settingsErrorsNameTheKeyNeverTheValue() throws Exception {
        String key = "sk-proj-WRONGSLOT0123456789";
        var e = assertThrows(SettingsException.class, () -> SettingsMerger.merge(
                JSON.readTree("{\"diagnostics\": {\"debounceMs\": \"" + key + "\"}}")));
        assertEquals("invalid pyassist setting diagnostics.debounceMs: expected an integer", e.getMessage());
        var bool = assertThrows(SettingsException.class, () -> SettingsMerger.merge(
                JSON.readTree("{\"assist\": {\"enabled\": \"" + key + "\"}}")));
        assertEquals("invalid pyassist setting assist.enabled: expected true or false", bool.getMessage());
        var nested = assertThrows(SettingsException.class, () -> SettingsMerger.merge(
                JSON.readTree("{\"llm\": {\"local\": {\"threads\": \"" + key + "\"}}}")));
        assertEquals("invalid pyassist setting llm.local.threads: expected an integer", nested.getMessage());
        var object = assertThrows(SettingsException.class, () -> SettingsMerger.merge(
                JSON.readTree("{\"llm\": {\"openai\": \"" + key + "\"}}")));
        assertTrue(object.getMessage().startsWith("invalid pyassist setting llm.openai"), object.getMessage());
        assertFalse(object.getMessage().contains(key), object.getMessage());
    }

    @Test
    void aTomlErrorGivesTheLocationNotTheText(@TempDir Path repo) throws Exception {
        Files.writeString(repo.resolve("pyproject.toml"), "[tool.pyassist.llm.openai]\napiKey = sk-live-0123456789\n");
        var e = assertThrows(SettingsException.class, () -> PyprojectSettings.read(repo));
        assertTrue(e.getMessage().contains("is not valid TOML at line 2"), e.getMessage());
        assertFalse(e.getMessage().contains("sk-live"), e.getMessage());
    }
}
