package dev.pyassist.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyassist.python.PythonVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code target-version}: [tool.pyassist] wins, else requires-python's lower bound, else the default (3.13). */
class TargetVersionSettingTest {
    @TempDir
    Path dir;

    private PythonVersion target(String toml) throws Exception {
        Files.writeString(dir.resolve("pyproject.toml"), toml);
        return SettingsMerger.merge(null, PyprojectSettings.read(dir)).pythonVersion();
    }

    @Test
    void defaultIs313() throws Exception {
        assertEquals(PythonVersion.PY313, Settings.defaults().pythonVersion());
        assertEquals(PythonVersion.PY313, target("[project]\nname = \"x\"\n"));
    }

    @Test
    void toolTableWinsOverRequiresPython() throws Exception {
        assertEquals(PythonVersion.PY39,
                target("[project]\nrequires-python = \">=3.11\"\n[tool.pyassist]\ntarget-version = \"py39\"\n"));
    }

    @Test
    void derivedFromRequiresPython() throws Exception {
        assertEquals(PythonVersion.PY310, target("[project]\nrequires-python = \">=3.10,<4\"\n"));
        assertEquals(PythonVersion.PY311,
                target("[project]\nrequires-python = \">=3.11\"\n[tool.pyassist.names]\nenabled = false\n"));
    }

    @Test
    void clientLayerWinsAndBadValueNamesTheKey() throws Exception {
        Files.writeString(dir.resolve("pyproject.toml"), "[tool.pyassist]\ntarget-version = \"py39\"\n");
        var client = new ObjectMapper().readTree("{\"targetVersion\": \"3.12\"}");
        assertEquals(PythonVersion.PY312,
                SettingsMerger.merge(null, PyprojectSettings.read(dir), client).pythonVersion());
        var bad = new ObjectMapper().readTree("{\"targetVersion\": \"py27\"}");
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsMerger.merge(bad));
        assertTrue(e.getMessage().contains("targetVersion") && !e.getMessage().contains("py27 "), e.getMessage());
    }
}
