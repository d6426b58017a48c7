package dev.pyassist.files;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link ExternalFiles} would not read a file. The message names the file and why (and the limit, for a file too
 * large); it never holds anything read from the file.
 */
public final class RefusedFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why the file was refused. */
    public enum Reason {
        /** It does not exist (or a link in its path is broken). */
        MISSING,
        /** A FIFO, a device, a socket or a folder: reading it could block, never end, or read someone's input. */
        NOT_REGULAR,
        /** A symbolic link (somewhere in its path) leads out of the folder it must stay in. */
        OUTSIDE_ROOT,
        /** Larger than the limit for its kind. */
        TOO_LARGE,
        /** Read as text, but not UTF-8. */
        NOT_TEXT,
        /** The operating system refused (permissions, I/O error). */
        UNREADABLE
    }

    private final transient Path file;
    private final Reason reason;

    RefusedFileException(Path file, Reason reason, String message) {
        super(message);
        this.file = file;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public Reason reason() {
        return reason;
    }
}
