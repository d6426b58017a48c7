package dev.pyassist.lsp;

import java.lang.reflect.Method;
import java.util.Optional;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/**
 * Recognises the failure of an LSP method pyassist does not implement. LSP4J's service interfaces
 * ({@code TextDocumentService}, {@code WorkspaceService}, ...) declare every protocol method with a default body that
 * throws {@link UnsupportedOperationException}; LSP4J dispatches to it and hands the exception to the error boundary.
 * Such a request is the client asking for a method the server does not have, so it is {@code MethodNotFound}, not an
 * internal error. Only an exception thrown by the interface's own default body counts: one thrown from pyassist's
 * code (an immutable list written to, say) stays an internal error.
 */
final class UnimplementedMethods {
    private static final String SERVICES = "org.eclipse.lsp4j.services.";

    private UnimplementedMethods() {}

    /** The JSON-RPC method name ({@code textDocument/references}) whose default body threw {@code t}, if it was one. */
    static Optional<String> method(Throwable t) {
        if (!(t instanceof UnsupportedOperationException) || t.getStackTrace().length == 0) {
            return Optional.empty();
        }
        StackTraceElement top = t.getStackTrace()[0];
        if (!top.getClassName().startsWith(SERVICES)) {
            return Optional.empty();
        }
        try {
            Class<?> service = Class.forName(top.getClassName(), false, UnimplementedMethods.class.getClassLoader());
            return Optional.of(jsonName(service, top.getMethodName()));
        } catch (ClassNotFoundException e) {
            return Optional.of(top.getMethodName());
        }
    }

    /** {@code @JsonSegment("textDocument")} + {@code @JsonRequest} (value, else the Java name) as LSP4J names it. */
    private static String jsonName(Class<?> service, String javaName) {
        JsonSegment segment = service.getAnnotation(JsonSegment.class);
        String prefix = segment == null ? "" : segment.value() + "/";
        for (Method m : service.getMethods()) {
            JsonRequest request = m.getAnnotation(JsonRequest.class);
            if (m.getName().equals(javaName) && request != null) {
                return prefix + (request.value().isEmpty() ? javaName : request.value());
            }
        }
        return prefix + javaName;
    }
}
