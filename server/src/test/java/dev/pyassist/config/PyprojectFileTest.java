package dev.pyassist.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pyproject.toml is read as a regular file of the project, size-limited: never through a link out of it. */
class PyprojectFileTest {
    @TempDir
    Path tmp;

    @Test
    void aLinkOutOfTheProjectIsRefusedAndNotRead() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Path other = Files.writeString(tmp.resolve("someone-elses.toml"), "[tool.pyassist.diagnostics]\ndebounceMs = 7\n");
        Files.createSymbolicLink(project.resolve("pyproject.toml"), other);
        SettingsException e = assertThrows(SettingsException.class, () -> PyprojectSettings.read(project));
        assertTrue(e.getMessage().contains("leads outside " + project), e.getMessage());
        assertFalse(e.getMessage().contains("debounceMs"), e.getMessage());
    }

    @Test
    void aDeviceOrADanglingLinkIsRefused() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("p"));
        Files.createSymbolicLink(project.resolve("pyproject.toml"), Path.of("/dev/zero"));
        assertTrue(assertThrows(SettingsException.class, () -> PyprojectSettings.read(project)).getMessage()
                .contains("is not a regular file"));
        Files.delete(project.resolve("pyproject.toml"));
        Files.createSymbolicLink(project.resolve("pyproject.toml"), project.resolve("gone.toml"));
        assertTrue(assertThrows(SettingsException.class, () -> PyprojectSettings.read(project)).getMessage()
                .contains("is a symbolic link to no regular file"));
        Files.delete(project.resolve("pyproject.toml"));
        assertSame(ProjectSettings.NONE, PyprojectSettings.read(project), "no pyproject.toml: no settings");
    }

    @Test
    void anOversizedFileIsRefusedAndANormalOneRead() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("q"));
        Files.writeString(project.resolve("pyproject.toml"), "[tool.pyassist.diagnostics]\ndebounceMs = 9\n"
                + "#".repeat((int) PyprojectSettings.MAX_BYTES));
        assertTrue(assertThrows(SettingsException.class, () -> PyprojectSettings.read(project)).getMessage()
                .contains("larger than the limit of 1 MiB"));
        Files.writeString(project.resolve("pyproject.toml"), "[tool.pyassist.diagnostics]\ndebounceMs = 9\n");
        assertEquals(9, PyprojectSettings.read(project).layer().path("diagnostics").path("debounceMs").asInt());
    }
}
