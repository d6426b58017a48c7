package dev.pyassist.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.PyassistException;
import dev.pyassist.dataset.DatasetException;
import dev.pyassist.llm.LlmException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.junit.jupiter.api.Test;

/** The one error boundary: what a client receives when a request fails. */
class ErrorMappingTest {

    @Test
    void pyassistsOwnErrorsKeepTheirMessageForTheUser() {
        ResponseError e = ErrorMapping.toResponseError(new CompletionException(new PyassistException("no such file: a.py")));
        assertEquals(ResponseErrorCode.RequestFailed.getValue(), e.getCode());
        assertEquals("no such file: a.py", e.getMessage());
        assertNull(e.getData());
    }

    @Test
    void llmAndDatasetErrorsAreOnesOfPyassists() {
        assertTrue(PyassistException.class.isAssignableFrom(LlmException.class));
        assertTrue(PyassistException.class.isAssignableFrom(DatasetException.class));
    }

    @Test
    void anythingElseIsAnInternalErrorWithoutItsStackTraceOrInternals() {
        ResponseError e = ErrorMapping.toResponseError(new IllegalStateException("index 7 of Foo$Bar"));
        assertEquals(ResponseErrorCode.InternalError.getValue(), e.getCode());
        assertFalse(e.getMessage().contains("Foo$Bar"), e.getMessage());
        assertNull(e.getData(), "no stack trace in the reply");
        assertTrue(ErrorMapping.userMessage("pyassist.ask", new IllegalStateException("Foo$Bar"))
                .startsWith("pyassist: pyassist.ask failed (IllegalStateException)"));
    }

    @Test
    void overTheWireUnknownMethodsAndInternalErrorsAreProperJsonRpcErrors() throws Exception {
        try (var lsp = new LspHarness(Map.of())) {
            lsp.initialize();
            var unknown = assertThrows(ExecutionException.class,
                    () -> lsp.request("pyassist/noSuchMethod", Map.of()).get(20, TimeUnit.SECONDS));
            var error = ((ResponseErrorException) unknown.getCause()).getResponseError();
            assertEquals(ResponseErrorCode.MethodNotFound.getValue(), error.getCode());
            // documentSymbol without a textDocument fails inside the server: the reply says so, nothing more
            var internal = assertThrows(ExecutionException.class,
                    () -> lsp.request("textDocument/documentSymbol", Map.of()).get(20, TimeUnit.SECONDS));
            var failed = ((ResponseErrorException) internal.getCause()).getResponseError();
            assertEquals(ResponseErrorCode.InternalError.getValue(), failed.getCode(), failed.getMessage());
            assertEquals(ErrorMapping.INTERNAL, failed.getMessage());
            assertNull(failed.getData(), "no stack trace in the reply");
        }
    }
}
