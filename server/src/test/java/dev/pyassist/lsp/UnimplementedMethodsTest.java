package dev.pyassist.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.llm.testing.LogCapture;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.junit.jupiter.api.Test;

/**
 * Every LSP method the server does not implement is answered MethodNotFound (-32601), with no stack trace in the
 * reply and one log line: the ones LSP4J declares with a throwing default body as much as names it never heard of.
 */
class UnimplementedMethodsTest {
    private static final Map<String, Object> AT = Map.of(
            "textDocument", Map.of("uri", "file:///tmp/unimplemented.py"),
            "position", Map.of("line", 0, "character", 0));

    @Test
    void methodsOfTheServiceInterfacesThatPyassistLeavesOutAreMethodNotFound() throws Exception {
        try (var lsp = new LspHarness(Map.of());
                var lspLog = new LogCapture("org.eclipse.lsp4j");
                var ourLog = new LogCapture("dev.pyassist.lsp")) {
            lsp.initialize();
            lsp.open("file:///tmp/unimplemented.py", 1, "x = 1\n");
            for (String method : List.of("textDocument/references", "textDocument/definition",
                    "textDocument/signatureHelp", "textDocument/rename", "workspace/symbol")) {
                Object params = method.equals("workspace/symbol") ? Map.of("query", "x")
                        : method.equals("textDocument/rename") ? Map.of("textDocument", AT.get("textDocument"),
                                "position", AT.get("position"), "newName", "y")
                        : method.equals("textDocument/references") ? Map.of("textDocument", AT.get("textDocument"),
                                "position", AT.get("position"), "context", Map.of("includeDeclaration", true))
                        : AT;
                ResponseError error = failure(lsp, method, params);
                assertEquals(ResponseErrorCode.MethodNotFound.getValue(), error.getCode(), method + ": " + error);
                assertEquals("Unsupported request method: " + method, error.getMessage());
                assertNull(error.getData(), method + ": no stack trace in the reply");
                long lines = ourLog.records().stream().filter(r -> r.getMessage().contains(method)).count();
                assertEquals(1, lines, method + ": one log line");
            }
            assertTrue(ourLog.records().stream().noneMatch(r -> r.getThrown() != null),
                    "no stack trace in the log either: " + ourLog.rendered());
            assertTrue(lspLog.records().stream().noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue()
                    && r.getThrown() != null), "LSP4J logs no stack trace: " + lspLog.rendered());
            // a name LSP4J does not know at all: MethodNotFound from LSP4J itself
            assertEquals(ResponseErrorCode.MethodNotFound.getValue(),
                    failure(lsp, "textDocument/noSuchThing", AT).getCode());
        }
    }

    @Test
    void anUnsupportedOperationInPyassistsOwnCodeStaysAnInternalError() {
        var fromOurCode = assertThrows(UnsupportedOperationException.class, () -> List.of().add(1));
        assertTrue(UnimplementedMethods.method(fromOurCode).isEmpty());
        assertEquals(ResponseErrorCode.InternalError.getValue(), ErrorMapping.toResponseError(fromOurCode).getCode());
    }

    private static ResponseError failure(LspHarness lsp, String method, Object params) {
        var e = assertThrows(ExecutionException.class, () -> lsp.request(method, params).get(20, TimeUnit.SECONDS));
        return ((ResponseErrorException) e.getCause()).getResponseError();
    }
}
