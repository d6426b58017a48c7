package dev.pyassist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exits while ONNX Runtime loads the bundled model or scores with it: the JVM must not crash (a crash writes an
 * {@code hs_err_pid*.log}, by default into the working directory, the user's workspace) and must leave no
 * {@code onnxruntime-java*} folder in the temp directory. 50 exits at moments spread over the load (and just
 * after it, while the first file is scored), by each way a server ends: {@code exit}, closed stdin, SIGTERM and
 * the death of the editor's process. The server is launched plainly (no {@code -XX:ErrorFile}), as a user's own
 * editor command may do.
 */
class ShutdownIT {
    private static final int EXITS = 50;
    private static final String SOURCE = """
            def mean(values):
                total = 0
                for v in values:
                    total += v
                return total / len(values)


            def largest(values):
                best = values[0]
                for v in values:
                    if v > best:
                        best = v
                return best


            class Stack:
                def __init__(self):
                    self.items = []

                def push(self, item):
                    self.items.append(item)

                def pop(self):
                    return self.items.pop()
            """;

    enum Way { EXIT, CLOSED_STDIN, SIGTERM, PARENT_GONE }

    @TempDir
    Path dir;

    @Test
    void exitsDuringTheModelLoadNeverCrashAndLeaveNoTempFolders() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(workspace.resolve("demo.py"), SOURCE);

        long loadMs = calibrate(workspace, tmp);
        // two servers at a time: the wall time halves, and each exit still falls at its own moment of its load
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<String>> runs = new ArrayList<>();
        for (int i = 0; i < EXITS; i++) {
            Way way = Way.values()[i % Way.values().length];
            long delayMs = loadMs * 6 / 5 * i / EXITS; // 0 .. 1.2x the load: the load, then the first scoring
            int n = i;
            runs.add(pool.submit(() -> {
                Run r = runOnce(workspace, tmp, way, delayMs);
                String what = "exit " + n + " (" + way + " after " + delayMs + " ms, pid " + r.pid() + "): status "
                        + r.status();
                return expectedStatus(way).contains(r.status()) ? null : what;
            }));
        }
        List<String> problems = new ArrayList<>();
        for (Future<String> f : runs) {
            String problem = f.get();
            if (problem != null) {
                problems.add(problem);
            }
        }
        pool.shutdown();
        List<Path> logs = crashLogs(workspace, tmp);
        long crashed = problems.stream().filter(p -> p.endsWith("status 134") || p.endsWith("status 139")).count();
        long crashes = Math.max(logs.size(), crashed);
        List<Path> leftovers = ortTempFolders(tmp);
        System.out.printf("ShutdownIT: %d exits (load %d ms), %d crashes, %d onnxruntime-java* folders left%n",
                EXITS, loadMs, crashes, leftovers.size());
        assertEquals(0, crashes, "crash logs " + logs + "; " + problems);
        assertEquals(List.of(), leftovers, "ONNX Runtime's temp folders left behind");
        assertEquals(List.of(), problems, "unexpected exit statuses");
    }

    record Run(long pid, int status) {}

    /** One plain run to the end of the load: how long the load takes here (the exits are spread over it). */
    private long calibrate(Path workspace, Path tmp) throws Exception {
        try (var server = start(workspace, tmp, null)) {
            long t0 = handshake(server, workspace);
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!server.stderr().contains("validator ready") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(server.stderr().contains("validator ready"), server.stderr());
            long loadMs = (System.nanoTime() - t0) / 1_000_000;
            server.awaitResponse(server.request("shutdown", null));
            server.notify("exit", null);
            assertEquals(0, server.waitForExit(30), server.stderr());
            return Math.max(100, loadMs);
        }
    }

    private Run runOnce(Path workspace, Path tmp, Way way, long delayMs) throws Exception {
        Process editor = way == Way.PARENT_GONE ? new ProcessBuilder("sleep", "600").start() : null;
        try (var server = start(workspace, tmp, editor)) {
            handshake(server, workspace);
            Thread.sleep(delayMs);
            switch (way) {
                case EXIT -> {
                    server.awaitResponse(server.request("shutdown", null));
                    server.notify("exit", null);
                }
                case CLOSED_STDIN -> server.closeStdin();
                case SIGTERM -> server.process.destroy();
                case PARENT_GONE -> {
                    editor.destroy();
                    editor.waitFor();
                }
            }
            return new Run(server.process.pid(), server.waitForExit(60));
        } finally {
            if (editor != null) {
                editor.destroyForcibly();
            }
        }
    }

    /** SIGTERM: 128 + 15; or 1, when the end of stdin (Process.destroy closes our end of the pipes) came first. */
    private static Set<Integer> expectedStatus(Way way) {
        return switch (way) {
            case EXIT -> Set.of(0);
            case SIGTERM -> Set.of(143, 1);
            case CLOSED_STDIN, PARENT_GONE -> Set.of(1);
        };
    }

    private static ServerProcess start(Path workspace, Path tmp, Process editor) throws IOException {
        List<String> command = new ArrayList<>(List.of(ServerProcess.javaBinary(), "-Djava.io.tmpdir=" + tmp,
                "-jar", ServerProcess.jar().toAbsolutePath().toString(), "serve", "--no-warmup"));
        if (editor != null) {
            command.addAll(List.of("--clientProcessId", String.valueOf(editor.pid())));
        }
        return new ServerProcess(command, Map.of(), workspace);
    }

    /** initialize, initialized, didOpen; returns when the first diagnostics are out (the model load starts then). */
    private static long handshake(ServerProcess server, Path workspace) throws Exception {
        String root = workspace.toUri().toString();
        server.awaitResponse(server.request("initialize", Map.of("processId", ProcessHandle.current().pid(),
                "rootUri", root, "capabilities", Map.of())));
        server.notify("initialized", Map.of());
        server.notify("textDocument/didOpen", Map.of("textDocument", Map.of("uri",
                workspace.resolve("demo.py").toUri().toString(), "languageId", "python", "version", 1,
                "text", SOURCE)));
        server.await(m -> "textDocument/publishDiagnostics".equals(m.path("method").asText()));
        return System.nanoTime();
    }

    private static List<Path> crashLogs(Path... dirs) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path d : dirs) {
            try (Stream<Path> s = Files.walk(d)) {
                s.filter(p -> p.getFileName().toString().startsWith("hs_err_pid")).forEach(found::add);
            }
        }
        return found;
    }

    private static List<Path> ortTempFolders(Path tmp) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("onnxruntime-java")).toList();
        }
    }
}
