package dev.pyassist.files;

import dev.pyassist.files.RefusedFileException.Reason;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * The one way the server reads a file it did not get from the editor: a workspace file for the index, {@code check}
 * or {@code dataset}, a {@code pyproject.toml}, a model artifact. A repository is untrusted input, so:
 * <ul>
 *   <li>only regular files are read: a FIFO, {@code /dev/stdin} or {@code /dev/zero} (directly or through a link)
 *       would block, never end, or read the server's own JSON-RPC input;</li>
 *   <li>with a {@code root}, the file's real path (every link resolved) must lie inside the root's real path, so a
 *       link cannot make the server read {@code /etc/shadow} or a home folder on a repository's behalf;</li>
 *   <li>every read stops at {@code maxBytes}, even for a file that grows while it is read.</li>
 * </ul>
 * A refusal is a {@link RefusedFileException} naming the file, the reason and the limit, never the contents.
 * Between the check and the open a file could still be swapped for a FIFO (Java cannot open with
 * {@code O_NONBLOCK}); the final path component is opened without following links, and the size bound holds
 * regardless.
 */
public final class ExternalFiles {
    /** The largest array the JVM allocates; larger limits are for {@link #open} and {@link #checked} only. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

    private ExternalFiles() {}

    /**
     * Checks {@code file} without reading it and returns its real path (for a library that opens files itself):
     * it exists, is a regular file, lies inside {@code root} (unless {@code root} is null) and has at most
     * {@code maxBytes} bytes.
     */
    public static Path checked(Path file, Path root, long maxBytes) throws RefusedFileException {
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                // a dangling link, or one to what has no path (/dev/stdin when the input is a pipe)
                throw new RefusedFileException(file, Reason.NOT_REGULAR, file
                        + " is a symbolic link to no regular file; it is not read");
            }
            throw new RefusedFileException(file, Reason.MISSING, file + " does not exist");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (!attrs.isRegularFile()) {
            throw new RefusedFileException(file, Reason.NOT_REGULAR, file + " is not a regular file ("
                    + (attrs.isDirectory() ? "a folder" : "a FIFO, device or socket") + "); it is not read");
        }
        if (root != null) {
            Path realRoot;
            try {
                realRoot = root.toRealPath();
            } catch (IOException e) {
                throw new RefusedFileException(file, Reason.MISSING, "the folder " + root + " does not exist");
            }
            if (!real.startsWith(realRoot)) {
                throw new RefusedFileException(file, Reason.OUTSIDE_ROOT, file + " leads outside " + root
                        + " through a symbolic link; files are read only inside it");
            }
        }
        if (attrs.size() > maxBytes) {
            throw tooLarge(file, attrs.size(), maxBytes);
        }
        return real;
    }

    /** The bytes of {@code file}, checked as {@link #checked} says; {@code maxBytes} at most 2 GiB. */
    public static byte[] readBytes(Path file, Path root, long maxBytes) throws RefusedFileException {
        if (maxBytes > MAX_ARRAY) {
            throw new IllegalArgumentException("limit too large for one array: " + maxBytes);
        }
        try (InputStream in = open(file, root, maxBytes)) {
            return in.readAllBytes();
        } catch (RefusedFileException e) {
            throw e;
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** The text of {@code file} (strict UTF-8), checked as {@link #checked} says. */
    public static String readString(Path file, Path root, long maxBytes) throws RefusedFileException {
        byte[] bytes = readBytes(file, root, maxBytes);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RefusedFileException(file, Reason.NOT_TEXT, file + " is not UTF-8 text");
        }
    }

    /**
     * A stream over {@code file}, checked as {@link #checked} says, that fails with {@link Reason#TOO_LARGE} if
     * more than {@code maxBytes} arrive (the file grew after the check).
     */
    public static InputStream open(Path file, Path root, long maxBytes) throws RefusedFileException {
        Path real = checked(file, root, maxBytes);
        InputStream in;
        try {
            // NOFOLLOW_LINKS: a link put in place of the checked file after the check fails to open
            in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        return new Bounded(in, file, maxBytes);
    }

    /** {@code 1.5 MiB}, {@code 200 KiB}, {@code 12 bytes}: sizes in messages. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < (1L << 20)) {
            return format(bytes / 1024.0) + " KiB";
        }
        if (bytes < (1L << 30)) {
            return format(bytes / (double) (1L << 20)) + " MiB";
        }
        return format(bytes / (double) (1L << 30)) + " GiB";
    }

    private static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static RefusedFileException tooLarge(Path file, long actual, long maxBytes) {
        return new RefusedFileException(file, Reason.TOO_LARGE, file + " is larger than the limit of "
                + size(maxBytes) + (actual >= 0 ? " (it has " + size(actual) + ")" : "") + "; it is not read");
    }

    private static RefusedFileException unreadable(Path file, IOException e) {
        String why;
        if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (e instanceof java.nio.file.FileSystemException fse) {
            // the operating system's words (its message would repeat the path)
            why = fse.getReason() != null ? fse.getReason() : e.getClass().getSimpleName();
        } else {
            why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        return new RefusedFileException(file, Reason.UNREADABLE, "cannot read " + file + ": " + why);
    }

    /** Counts what passes and fails once more than the limit arrived. */
    private static final class Bounded extends FilterInputStream {
        private final Path file;
        private final long max;
        private long count;

        Bounded(InputStream in, Path file, long max) {
            super(in);
            this.file = file;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            // never ask for more than one byte past the limit, so an endless file costs no more than that
            long room = max - count + 1;
            int n = super.read(b, off, (int) Math.min(len, Math.max(1, room)));
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(Math.min(n, max - count + 1));
            counted(s);
            return s;
        }

        private void counted(long n) throws RefusedFileException {
            count += n;
            if (count > max) {
                throw tooLarge(file, -1, max);
            }
        }
    }
}
