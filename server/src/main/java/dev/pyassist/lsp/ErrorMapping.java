package dev.pyassist.lsp;

import dev.pyassist.PyassistException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * The one error boundary between pyassist and the client.
 * <ul>
 *   <li>A failed request becomes a JSON-RPC error ({@link #toResponseError}): a {@link PyassistException}'s message
 *       as it is (it is written for the user), an error the protocol layer chose as it is, anything else an
 *       {@code InternalError} that says where the details are. Replies never carry a stack trace; the log (stderr)
 *       does. A method of LSP4J's service interfaces that pyassist does not implement (its default throws
 *       {@code UnsupportedOperationException}) is answered {@code MethodNotFound}, like a method LSP4J does not know,
 *       with one log line ({@link UnimplementedMethods}).</li>
 *   <li>The outcome of a user's action is shown by the server ({@link #show}), always and only here, so clients
 *       never show an action's message themselves (there is no {@code shown} flag to consult).</li>
 * </ul>
 */
public final class ErrorMapping {
    private static final Logger LOG = Logger.getLogger(ErrorMapping.class.getName());
    static final String INTERNAL = "Internal error in pyassist; the server log (stderr) has the details.";

    private ErrorMapping() {}

    /** The JSON-RPC error for a request that failed with {@code failure} (LSP4J's exception handler). */
    public static ResponseError toResponseError(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof ResponseErrorException e) {
            return e.getResponseError();
        }
        if (t instanceof PyassistException) {
            return new ResponseError(ResponseErrorCode.RequestFailed, t.getMessage(), null);
        }
        var unimplemented = UnimplementedMethods.method(t);
        if (unimplemented.isPresent()) {
            LOG.info("unsupported request " + unimplemented.get() + ": answered MethodNotFound");
            return new ResponseError(ResponseErrorCode.MethodNotFound,
                    "Unsupported request method: " + unimplemented.get(), null);
        }
        LOG.log(Level.SEVERE, "a request failed", t);
        return new ResponseError(ResponseErrorCode.InternalError, INTERNAL, null);
    }

    /**
     * What the user reads about a failed action: a {@link PyassistException}'s message; for anything else what
     * failed and where the details are (they are logged here), never the exception's internals.
     */
    public static String userMessage(String what, Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof PyassistException && t.getMessage() != null) {
            return t.getMessage();
        }
        LOG.log(Level.WARNING, what + " failed", t);
        return "pyassist: " + what + " failed (" + t.getClass().getSimpleName()
                + "); the server log (stderr) has the details.";
    }

    /** Shows an action's outcome to the user ({@code window/showMessage}): the one place the server decides to. */
    public static void show(Session session, MessageType type, String message) {
        var client = session.client();
        if (client != null && message != null && !message.isBlank()) {
            client.showMessage(new MessageParams(type, message));
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
