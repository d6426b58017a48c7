package dev.pyassist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up archive as the editors name it: whatever state the file is in (missing, garbage, made by
 * {@code serve --create-archive}), the server starts, answers and keeps stdout pure JSON-RPC; a missing one is made
 * by the server itself.
 */
class StartupArchiveIT {
    @TempDir
    Path dir;

    private static List<String> launch(Path archive, String... properties) {
        List<String> command = new ArrayList<>(List.of(ServerProcess.javaBinary(), "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xms32m", "-Xmx512m", "-XX:SharedArchiveFile=" + archive,
                "-Xlog:disable", "-Xlog:all=warning:stderr"));
        command.addAll(List.of(properties));
        command.addAll(List.of("-jar", ServerProcess.jar().toAbsolutePath().toString(), "serve"));
        return command;
    }

    /** initialize, one file with a syntax error to its diagnostics, shutdown and exit 0, stdout all frames. */
    private void session(ServerProcess server) throws Exception {
        int init = server.request("initialize", Map.of("processId", ProcessHandle.current().pid(),
                "rootUri", dir.toUri().toString(), "capabilities", Map.of()));
        assertEquals("pyassist", server.awaitResponse(init).at("/result/serverInfo/name").asText());
        server.notify("initialized", Map.of());
        server.notify("textDocument/didOpen", Map.of("textDocument", Map.of("uri", dir.resolve("a.py").toUri()
                .toString(), "languageId", "python", "version", 1, "text", "def f(:\n    pass\n")));
        var published = server.await(m -> "textDocument/publishDiagnostics".equals(m.path("method").asText()));
        assertEquals("invalid syntax", published.at("/params/diagnostics/0/message").asText());
        server.awaitResponse(server.request("shutdown", null));
        server.notify("exit", null);
        assertEquals(0, server.waitForExit(30), server.stderr());
        assertNull(server.framingError(), server.framingError());
    }

    @Test
    void aGarbageArchiveOnlyMeansAStartWithoutIt() throws Exception {
        Path archive = Files.write(dir.resolve("pyassist.jsa"), new byte[100_000]);
        try (var server = new ServerProcess(launch(archive), Map.of(), dir)) {
            session(server);
        }
    }

    @Test
    void createArchiveMakesOneTheNextStartUses() throws Exception {
        Path archive = dir.resolve("made").resolve("pyassist.jsa");
        Process make = new ProcessBuilder(ServerProcess.javaBinary(), "-jar",
                ServerProcess.jar().toAbsolutePath().toString(), "serve", "--create-archive", archive.toString())
                .redirectErrorStream(true).start();
        String output = new String(make.getInputStream().readAllBytes());
        assertTrue(make.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, make.exitValue(), output);
        assertTrue(Files.size(archive) > 1_000_000, "an archive of the session's classes");
        try (var server = new ServerProcess(launch(archive, "-Xlog:cds=info:stderr"), Map.of(), dir)) {
            session(server);
            assertTrue(server.stderr().contains("Mapped dynamic region"), "the JVM mapped it: " + server.stderr());
            assertTrue(!server.stderr().contains("Unable to use shared archive"), server.stderr());
        }
    }

    @Test
    void aMissingArchiveIsMadeByTheServer() throws Exception {
        Path archive = dir.resolve("cache").resolve("pyassist.jsa");
        try (var server = new ServerProcess(launch(archive, "-Dpyassist.archiveDelayMs=0"), Map.of(), dir)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!server.stderr().contains("made the start-up archive") && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(Files.isRegularFile(archive), server.stderr());
            session(server);
        }
    }
}
