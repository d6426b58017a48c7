package dev.pyassist.assist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.pyassist.files.HostileFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server on a workspace holding {@code .py} links to {@code /dev/stdin} and {@code /dev/zero}, a FIFO
 * and a link out of the workspace: the index build completes without reading any of them, and the server keeps
 * answering edits.
 */
class HostileWorkspaceFilesTest {
    @TempDir
    Path tmp;

    @Test
    void theIndexSkipsDevicesFifosAndOutsideLinksAndEditsKeepBeingAnswered() throws Exception {
        Path root = tmp.resolve("ws");
        Files.createDirectories(root.resolve("pkg"));
        Files.writeString(root.resolve("pkg/dates.py"), "def parse_date(text):\n    return text\n");
        HostileFiles.plant(root.resolve("pkg"), tmp.resolve("elsewhere"), ".py");
        try (var ws = AssistLsp.start(root, new JsonObject(), Map.of())) {
            var end = ws.lsp.client.awaitProgress(p -> p.getValue().getLeft() instanceof WorkDoneProgressEnd e
                    && String.valueOf(e.getMessage()).startsWith("Ind"));
            String message = ((WorkDoneProgressEnd) end.getValue().getLeft()).getMessage();
            // only dates.py: the links to /dev/stdin, /dev/zero and outside the workspace, and the FIFO, are refused
            assertEquals("Indexed 1 functions and classes in 1 files", message);

            String uri = root.resolve("pkg/main.py").toUri().toString();
            ws.lsp.open(uri, 1, "def f(:\n    pass\n");
            ws.lsp.client.awaitDiagnostics(uri, d -> d.getVersion() == 1 && !d.getDiagnostics().isEmpty());
            for (int v = 2; v <= 4; v++) {
                ws.lsp.replaceAll(uri, v, v % 2 == 0 ? "def f():\n    pass\n" : "def f(:\n    pass\n");
                int version = v;
                var d = ws.lsp.client.awaitDiagnostics(uri, p -> p.getVersion() == version);
                assertEquals(version % 2 == 1, !d.getDiagnostics().isEmpty(), d.toString());
            }
            assertTrue(ws.lsp.client.shown.stream().noneMatch(m -> m.getMessage().contains(HostileFiles.SECRET)));
        }
    }
}
