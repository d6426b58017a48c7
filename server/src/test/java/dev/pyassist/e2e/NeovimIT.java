package dev.pyassist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real editor: Debian's Neovim (0.7), headless, with its built-in LSP client started by
 * {@code vim.lsp.start_client}. CI sets {@code PYASSIST_REQUIRE_E2E=1}, so a missing Neovim fails there
 * instead of skipping.
 */
class NeovimIT {
    @Test
    void neovimShowsTheSyntaxErrorAndClearsItAfterTheFix(@TempDir Path dir) throws Exception {
        boolean hasNvim = new ProcessBuilder("sh", "-c", "command -v nvim").start().waitFor() == 0;
        if (!"1".equals(System.getenv("PYASSIST_REQUIRE_E2E"))) {
            assumeTrue(hasNvim, "nvim is not installed");
        }
        assertTrue(hasNvim, "nvim is required (PYASSIST_REQUIRE_E2E=1)");

        Path file = dir.resolve("broken.py");
        Files.writeString(file, "import os\n\nif os.sep\n    print('hello')\n");
        Path out = dir.resolve("received.json");
        Path script = Path.of(getClass().getResource("/e2e/neovim-check.lua").toURI());
        String serverCmd = ServerProcess.JSON.writeValueAsString(
                List.of(ServerProcess.javaBinary(), "-jar", ServerProcess.jar().toAbsolutePath().toString(), "serve"));
        var pb = new ProcessBuilder("nvim", "--headless", "--clean", "-c", "luafile " + script)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nvim.log").toFile());
        pb.environment().put("PYASSIST_CMD", serverCmd);
        pb.environment().put("PYASSIST_FILE", file.toString());
        pb.environment().put("PYASSIST_OUT", out.toString());
        Process nvim = pb.start();
        assertTrue(nvim.waitFor(90, TimeUnit.SECONDS), "nvim did not finish");
        assertTrue(Files.exists(out), "nvim wrote no result: " + Files.readString(dir.resolve("nvim.log")));

        JsonNode result = ServerProcess.JSON.readTree(out.toFile());
        assertTrue(result.get("opened").asBoolean(), "no diagnostics after open: " + result);
        JsonNode d = result.at("/phases/opened/0");
        assertEquals("expected ':'", d.get("message").asText());
        assertEquals(2, d.get("lnum").asInt());
        assertEquals(9, d.get("col").asInt());
        assertEquals(1, d.get("severity").asInt()); // vim.diagnostic.severity.ERROR
        assertEquals("pyassist", d.get("source").asText());
        assertTrue(result.get("fixed").asBoolean(), "diagnostics not cleared after the fix: " + result);
        assertEquals(0, result.get("exit_code").asInt(), "shutdown + exit should end the server with 0");
    }
}
