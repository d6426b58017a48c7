package dev.pyassist;

/**
 * Root of pyassist's own errors. Each carries a message written for the user (what went wrong and what to
 * do), because the LSP layer shows it as it is; {@code lsp.ErrorMapping} is the one place that converts
 * these to LSP errors.
 */
public class PyassistException extends RuntimeException {
    public PyassistException(String message) {
        super(message);
    }

    public PyassistException(String message, Throwable cause) {
        super(message, cause);
    }
}
