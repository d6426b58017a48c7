package dev.pyassist.assist;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external checker (g++, node, gofmt) on a model's answer, which is hostile input: bounded in time, in
 * output and, where the platform allows, in memory, and when the time is up the whole process tree goes, not only
 * the tool itself. {@code g++} does its work in a child ({@code cc1plus}): killing g++ alone left it running, and
 * with {@code #include "/dev/zero"} it reached 4 GB in 8.5 s.
 *
 * <p>On Linux the tool runs in a session of its own ({@code setsid}, so its process group holds every process it
 * starts; the whole group is killed) under an address-space limit ({@code ulimit -v} in a {@code sh} wrapper).
 * Elsewhere the tree is killed through {@link ProcessHandle#descendants()}, deepest first.
 */
final class CheckProcess {
    /** Output kept from a check; the rest is dropped (a compiler can print megabytes of errors). */
    static final int MAX_OUTPUT = 64 * 1024;
    private static final Path SETSID = firstExisting("/usr/bin/setsid", "/bin/setsid");
    private static final Path SH = firstExisting("/bin/sh", "/usr/bin/sh");

    /** What the run gave: whether it ended by itself, its exit status and (the start of) its output. */
    record Result(boolean finished, int exitCode, String output) {}

    private CheckProcess() {}

    /**
     * Runs {@code command} in {@code dir}, stdout and stderr together into a file there.
     *
     * @param memoryBytes address-space limit for the tool and its children (Linux); 0 for none
     */
    static Result run(List<String> command, Path dir, Duration timeout, long memoryBytes)
            throws IOException, InterruptedException {
        Path output = dir.resolve(".check-output");
        boolean group = grouped();
        Process p = new ProcessBuilder(wrap(command, group, memoryBytes)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        p.getOutputStream().close();
        boolean finished = false;
        try {
            finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            if (!finished) {
                killTree(p, group);
            }
        }
        return new Result(finished, finished ? p.exitValue() : -1, head(output));
    }

    /** Whether tools run in a process group of their own here (Linux, with setsid and sh). */
    static boolean grouped() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux") && SETSID != null
                && SH != null;
    }

    /** The command line that starts {@code command} in its own session under the memory limit. */
    static List<String> wrap(List<String> command, boolean group, long memoryBytes) {
        if (!group) {
            return command;
        }
        List<String> out = new ArrayList<>(List.of(SETSID.toString()));
        if (memoryBytes > 0) {
            // sh's positional parameters carry the limit and the command: nothing of them is parsed as script.
            out.addAll(List.of(SH.toString(), "-c", "ulimit -v \"$1\" 2>/dev/null; shift; exec \"$@\"", "sh",
                    Long.toString(Math.max(1, memoryBytes / 1024))));
        }
        out.addAll(command);
        return out;
    }

    /**
     * Kills {@code p} and everything it started, and waits (a few seconds at most) for {@code p} to be gone. The
     * descendants are listed while {@code p} is alive: once it is dead its children belong to init.
     */
    static void killTree(Process p, boolean group) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        if (group) {
            killGroup(p.pid());
        }
        tree.sort(Comparator.comparingInt((ProcessHandle h) -> depth(h, p.pid())).reversed());
        for (ProcessHandle h : tree) {
            h.destroyForcibly();
        }
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
    }

    /** SIGKILL to the process group {@code pgid} (the setsid'd tool is its leader: pgid = its pid). */
    private static void killGroup(long pgid) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder(SH.toString(), "-c", "kill -KILL -- -\"$1\"", "sh", Long.toString(pgid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // the descendants are killed one by one after this anyway
        }
    }

    private static int depth(ProcessHandle h, long root) {
        int d = 0;
        for (ProcessHandle at = h; at != null && at.pid() != root && d < 64; d++) {
            at = at.parent().orElse(null);
        }
        return d;
    }

    private static String head(Path output) throws IOException {
        try (InputStream in = Files.newInputStream(output)) {
            return new String(in.readNBytes(MAX_OUTPUT), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static Path firstExisting(String... paths) {
        for (String s : paths) {
            Path p = Path.of(s);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
