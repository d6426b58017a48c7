package dev.pyassist.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsMergerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void defaultsFillEveryField() {
        Settings s = Settings.defaults();
        assertTrue(s.syntax().enabled());
        assertEquals(0, s.diagnostics().debounceMs());
        assertTrue(s.diagnostics().maxFileChars() > 1_000_000);
    }

    @Test
    void laterLayersWinKeyByKey() throws Exception {
        Settings s = SettingsMerger.merge(
                json("{\"diagnostics\": {\"debounceMs\": 50, \"maxFileChars\": 10}}"),
                json("{\"pyassist\": {\"diagnostics\": {\"debounceMs\": 75}}}"),
                null);
        assertEquals(75, s.diagnostics().debounceMs());
        assertEquals(10, s.diagnostics().maxFileChars());
        assertTrue(s.syntax().enabled());
    }

    @Test
    void unknownKeysAreIgnoredAndWrongTypesRefused() throws Exception {
        assertTrue(SettingsMerger.merge(json("{\"futureSection\": {\"x\": 1}}")).syntax().enabled());
        var e = assertThrows(SettingsException.class,
                () -> SettingsMerger.merge(json("{\"diagnostics\": {\"debounceMs\": \"soon\"}}")));
        assertTrue(e.getMessage().startsWith("invalid pyassist setting diagnostics.debounceMs"), e.getMessage());
    }

    @Test
    void storeKeepsPreviousSettingsWhenAnUpdateIsRefused() throws Exception {
        var store = new SettingsStore();
        store.setClientConfiguration(json("{\"syntax\": {\"enabled\": false}}"));
        assertThrows(SettingsException.class,
                () -> store.setClientConfiguration(json("{\"syntax\": {\"enabled\": [1]}}")));
        assertFalse(store.current().syntax().enabled());
    }

    @Test
    void readsToolPyassistFromPyproject(@TempDir Path dir) throws Exception {
        assertEquals(ProjectSettings.NONE, PyprojectSettings.read(dir));
        Files.writeString(dir.resolve("pyproject.toml"),
                "[project]\nname = \"demo\"\n\n[tool.pyassist.diagnostics]\ndebounceMs = 120\n");
        assertEquals(120, SettingsMerger.merge(null, PyprojectSettings.read(dir)).diagnostics().debounceMs());
        Files.writeString(dir.resolve("pyproject.toml"), "[tool.pyassist\n");
        assertThrows(SettingsException.class, () -> PyprojectSettings.read(dir));
    }
}
