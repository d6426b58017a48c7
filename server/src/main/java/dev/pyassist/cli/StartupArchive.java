package dev.pyassist.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The AppCDS archive that makes {@code serve} start faster: a dynamic class-data archive of the classes one editor
 * session loads (parsed, verified and laid out once, then mapped at each start). The editors launch the server with
 * {@code -XX:SharedArchiveFile=FILE -Xlog:disable -Xlog:all=warning:stderr}; a FILE that is missing, stale (older
 * than the jar or the JDK) or unreadable only makes the JVM start without it, silently, and the server then makes
 * it in the background ({@link #makeLaterIfMissing}), so the next start uses it. {@code pyassist serve
 * --create-archive FILE} makes one at once.
 *
 * <p>Making one is a second JVM ({@code -XX:ArchiveClassesAtExit}) that serves one scripted session
 * ({@link ArchiveSession}) and writes the archive as it exits; it is written to a temporary name and moved into
 * place, so a JVM starting meanwhile never maps half a file. JDK 17 has no {@code -XX:+AutoCreateSharedArchive}.
 */
final class StartupArchive {
    private static final Logger LOG = Logger.getLogger(StartupArchive.class.getName());
    private static final String SHARED = "-XX:SharedArchiveFile=";
    /** How long a server waits after its start before making a missing archive: the first files come first. */
    private static final long DELAY_MS = Long.getLong("pyassist.archiveDelayMs", 20_000);

    private StartupArchive() {
    }

    /** The archive this JVM was launched to use ({@code -XX:SharedArchiveFile}), if any. */
    static Optional<Path> requested() {
        return requested(ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    static Optional<Path> requested(List<String> jvmArgs) {
        Optional<Path> found = Optional.empty();
        for (String arg : jvmArgs) {
            if (arg.startsWith(SHARED) && arg.length() > SHARED.length()) {
                found = Optional.of(Path.of(arg.substring(SHARED.length()))); // the last one wins, as in HotSpot
            }
        }
        return found;
    }

    /** Whether {@code archive} is missing or older than the {@code jar} or the JDK's class files. */
    static boolean stale(Path archive, Path jar, Path javaHome) {
        try {
            if (!Files.isRegularFile(archive)) {
                return true;
            }
            long made = Files.getLastModifiedTime(archive).toMillis();
            Path modules = javaHome.resolve("lib").resolve("modules");
            return made < Files.getLastModifiedTime(jar).toMillis()
                    || Files.exists(modules) && made < Files.getLastModifiedTime(modules).toMillis();
        } catch (IOException e) {
            return true;
        }
    }

    /** The jar this JVM runs from ({@code java -jar}), or empty when it runs from class folders (tests). */
    static Optional<Path> ownJar() {
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.isEmpty() || classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(classPath));
    }

    /**
     * When this server was launched with an archive that is missing or stale, makes it on a daemon thread once the
     * first files have been served ({@code pyassist.archiveDelayMs}, 20 s), at low priority. A failure is logged
     * and costs only the faster start.
     */
    static void makeLaterIfMissing() {
        // Everything runs on the thread, after the delay: reading the JVM's arguments loads the management classes,
        // which the path to the first diagnostics does not need.
        Thread later = new Thread(() -> {
            Optional<Path> archive = Optional.empty();
            try {
                Thread.sleep(DELAY_MS);
                archive = requested();
                Optional<Path> jar = ownJar();
                if (archive.isEmpty() || jar.isEmpty()
                        || !stale(archive.get(), jar.get(), Path.of(System.getProperty("java.home")))) {
                    return;
                }
                long started = System.nanoTime();
                create(archive.get(), jar.get(), true);
                LOG.info("made the start-up archive " + archive.get() + " in "
                        + (System.nanoTime() - started) / 1_000_000 + " ms; the next start uses it");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                LOG.warning("could not make the start-up archive " + archive.orElse(null) + ": " + e.getMessage());
            }
        }, "pyassist-archive");
        later.setDaemon(true);
        later.start();
    }

    /**
     * Makes {@code archive} for {@code jar}: a child JVM with this JVM's options serves {@link ArchiveSession}'s
     * session and dumps the classes it loaded at exit. {@code gently}: under {@code nice} where there is one.
     */
    static void create(Path archive, Path jar, boolean gently) throws IOException, InterruptedException {
        Path folder = archive.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path partial = folder.resolve(archive.getFileName() + ".part" + ProcessHandle.current().pid());
        deleteOrphanedParts(folder, archive.getFileName() + ".part");
        Path workspace = Files.createTempDirectory("pyassist-archive");
        try {
            List<String> command = new ArrayList<>();
            if (gently && Files.isExecutable(Path.of("/usr/bin/nice"))) {
                command.addAll(List.of("/usr/bin/nice", "-n", "10"));
            }
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(childOptions(ManagementFactory.getRuntimeMXBean().getInputArguments(), partial));
            command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "serve")); // the child runs elsewhere
            Path log = workspace.resolve("server.log");
            Process child = new ProcessBuilder(command).directory(workspace.toFile())
                    .redirectError(log.toFile()).start();
            try {
                new ArchiveSession(child.getInputStream(), child.getOutputStream(), workspace).run();
                if (!child.waitFor(120, TimeUnit.SECONDS)) {
                    throw new IOException("the archiving server did not exit");
                }
            } catch (IOException e) {
                throw new IOException(e.getMessage() + "; the archiving server's last words: " + tail(log), e);
            } finally {
                child.destroyForcibly();
            }
            if (child.exitValue() != 0 || !Files.isRegularFile(partial) || Files.size(partial) == 0) {
                throw new IOException("the archiving server exited with " + child.exitValue() + " and no archive: "
                        + tail(log));
            }
            Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
            deleteTree(workspace);
        }
    }

    /**
     * This JVM's options for the archiving child: the heap, collector and compiler options kept (the archive is
     * made under the options it is used with), every archive, sharing, logging and agent option replaced by
     * {@code -XX:ArchiveClassesAtExit} with JVM logging off stdout.
     */
    static List<String> childOptions(List<String> jvmArgs, Path partial) {
        List<String> out = new ArrayList<>();
        for (String arg : jvmArgs) {
            if (arg.startsWith(SHARED) || arg.startsWith("-XX:ArchiveClassesAtExit") || arg.startsWith("-Xshare")
                    || arg.startsWith("-Xlog") || arg.startsWith("-XX:StartFlightRecording")
                    || arg.startsWith("-agentlib") || arg.startsWith("-agentpath") || arg.startsWith("-javaagent")) {
                continue;
            }
            out.add(arg);
        }
        out.add("-XX:ArchiveClassesAtExit=" + partial);
        out.add("-Xlog:disable");
        out.add("-Xlog:all=warning:stderr");
        return out;
    }

    /**
     * Deletes the partial archives of makers that are gone (a server that exited while making one: its child then
     * ends too, dumping into its {@code .part<pid>} file), and this process's own earlier one.
     */
    static void deleteOrphanedParts(Path folder, String prefix) throws IOException {
        try (var files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (!name.startsWith(prefix)) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(name.substring(prefix.length()));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).isEmpty()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** The end of the child's stderr, for the message of a failure. */
    private static String tail(Path log) {
        try {
            String text = Files.readString(log).strip();
            return text.isEmpty() ? "(nothing)" : text.substring(Math.max(0, text.length() - 600));
        } catch (IOException | RuntimeException e) {
            return "(unreadable)";
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind
        }
    }
}
