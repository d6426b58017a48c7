package dev.pyassist.validator;

/** The validator artifact cannot be used; the message says why, in words a user can act on. */
public final class ArtifactException extends Exception {
    private static final long serialVersionUID = 1L;

    public ArtifactException(String message) {
        super(message);
    }

    public ArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
