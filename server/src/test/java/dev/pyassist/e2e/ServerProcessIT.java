package dev.pyassist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged server as an editor runs it: a child process on stdio. */
class ServerProcessIT {
    private static final String URI = "file:///tmp/pyassist-it/demo.py";

    private static Map<String, Object> initializeParams() {
        return Map.of("processId", ProcessHandle.current().pid(), "rootUri", "file:///tmp/pyassist-it",
                "capabilities", Map.of());
    }

    private static void open(ServerProcess server, String text) throws Exception {
        server.notify("textDocument/didOpen", Map.of("textDocument",
                Map.of("uri", URI, "languageId", "python", "version", 1, "text", text)));
    }

    @Test
    void fullSessionKeepsStdoutPureAndExitsZero() throws Exception {
        try (var server = new ServerProcess()) {
            int init = server.request("initialize", initializeParams());
            JsonNode result = server.awaitResponse(init).get("result");
            assertEquals("pyassist", result.at("/serverInfo/name").asText());
            server.notify("initialized", Map.of());
            open(server, "def f(:\n    pass\n");
            JsonNode published = server.await(m -> "textDocument/publishDiagnostics".equals(m.path("method").asText()));
            assertEquals(1, published.at("/params/version").asInt());
            assertEquals("invalid syntax", published.at("/params/diagnostics/0/message").asText());
            int shutdown = server.request("shutdown", null);
            assertTrue(server.awaitResponse(shutdown).get("result").isNull());
            server.notify("exit", null);
            assertEquals(0, server.waitForExit(10));
            assertNull(server.framingError(), server.framingError());
            assertTrue(server.stderr().contains("initialized for"), "logs go to stderr: " + server.stderr());
        }
    }

    @Test
    void loadingTheValidatorContactsNoOne() throws Exception {
        // DJL's usage tracking probes the AWS metadata address unless told not to; the JDK's HTTP client logs
        // every request at FINE, so a clean FINE log proves nothing was sent.
        try (var server = new ServerProcess("--log-level", "FINE")) {
            server.awaitResponse(server.request("initialize", initializeParams()));
            server.notify("initialized", Map.of());
            open(server, "def f(a, b):\n    return a < b\n");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!server.stderr().contains("validator ready") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(server.stderr().contains("validator ready"), server.stderr());
            server.awaitResponse(server.request("shutdown", null));
            server.notify("exit", null);
            assertEquals(0, server.waitForExit(10));
            for (String sign : List.of("169.254.169.254", "HttpURLConnection", "Downloading")) {
                assertFalse(server.stderr().contains(sign), sign + " in the log:\n" + server.stderr());
            }
        }
    }

    @Test
    void exitWithoutShutdownExitsOne() throws Exception {
        try (var server = new ServerProcess()) {
            server.awaitResponse(server.request("initialize", initializeParams()));
            server.notify("exit", null);
            assertEquals(1, server.waitForExit(10));
        }
    }

    @Test
    void closedStdinEndsTheServer() throws Exception {
        try (var server = new ServerProcess()) {
            server.awaitResponse(server.request("initialize", initializeParams()));
            server.closeStdin();
            assertEquals(1, server.waitForExit(10));
        }
    }

    @Test
    void serverExitsWhenItsParentProcessDies() throws Exception {
        Process editor = new ProcessBuilder("sleep", "600").start();
        try (var server = new ServerProcess("--clientProcessId", String.valueOf(editor.pid()))) {
            server.awaitResponse(server.request("initialize", initializeParams()));
            editor.destroy();
            editor.waitFor();
            assertEquals(1, server.waitForExit(15));
        } finally {
            editor.destroyForcibly();
        }
    }

    @Test
    void cancelRequestCancelsALongRequest() throws Exception {
        try (var server = new ServerProcess()) {
            server.awaitResponse(server.request("initialize", initializeParams()));
            String unit = "class C:\n    def m(self, a):\n        return [a * i for i in range(9)]\n\n";
            // just under diagnostics.maxFileChars (1,000,000): larger buffers get no outline (README, "Speed")
            open(server, unit.repeat(900_000 / unit.length()));
            int id = server.request("textDocument/documentSymbol", Map.of("textDocument", Map.of("uri", URI)));
            server.notify("$/cancelRequest", Map.of("id", id));
            JsonNode response = server.awaitResponse(id);
            assertEquals(-32800, response.at("/error/code").asInt(), response.toString()); // RequestCancelled
            int again = server.request("textDocument/documentSymbol", Map.of("textDocument", Map.of("uri", URI)));
            assertTrue(server.awaitResponse(again).get("result").size() > 1000, "served after the cancel");
        }
    }

    @Test
    void unknownRequestsGetAnErrorAndTheServerGoesOn() throws Exception {
        try (var server = new ServerProcess()) {
            server.awaitResponse(server.request("initialize", initializeParams()));
            int id = server.request("pyassist/noSuchMethod", List.of());
            assertEquals(-32601, server.awaitResponse(id).at("/error/code").asInt());
            open(server, "x = (\n");
            server.await(m -> "textDocument/publishDiagnostics".equals(m.path("method").asText()));
        }
    }
}
