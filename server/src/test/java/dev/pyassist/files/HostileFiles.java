package dev.pyassist.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a hostile repository can hold in place of a source file: links to the server's own input, to an endless
 * device and out of the workspace, and a FIFO (which blocks whoever opens it for reading). Shared by the tests of
 * every reader.
 */
public final class HostileFiles {
    /** What the file outside the workspace holds; no reader may put it into a message. */
    public static final String SECRET = "root:*:19000:0:99999:7:::";

    private HostileFiles() {}

    /**
     * Creates {@code stdin<suffix>}, {@code zero<suffix>}, {@code fifo<suffix>} and {@code outside<suffix>} in
     * {@code dir}; the last is a link to a file (a valid Python function, then {@link #SECRET} in a comment)
     * in {@code elsewhere}.
     */
    public static void plant(Path dir, Path elsewhere, String suffix) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.createDirectories(elsewhere);
        Files.createSymbolicLink(dir.resolve("stdin" + suffix), Path.of("/dev/stdin"));
        Files.createSymbolicLink(dir.resolve("zero" + suffix), Path.of("/dev/zero"));
        Path secret = elsewhere.resolve("shadow" + suffix);
        Files.writeString(secret, "def stolen_secret_function():\n    return 1\n# " + SECRET + "\n");
        Files.createSymbolicLink(dir.resolve("outside" + suffix), secret);
        fifo(dir.resolve("fifo" + suffix));
    }

    /** A named pipe (Java has no mkfifo). */
    public static void fifo(Path at) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", at.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("mkfifo failed for " + at);
        }
    }
}
