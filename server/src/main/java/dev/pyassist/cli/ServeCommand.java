package dev.pyassist.cli;

import dev.pyassist.lsp.LspServerRunner;
import dev.pyassist.lsp.ParserWarmup;
import com.google.inject.Injector;
import dev.pyassist.lsp.ServerOptions;
import dev.pyassist.lsp.ServerWiring;
import java.util.concurrent.CompletableFuture;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pyassist serve}: the language server on stdin/stdout. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the language server over stdio (what editors launch).")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--stdio", description = "Accepted for clients that add it; stdio is the only transport.")
    boolean stdio;

    @Option(names = {"--clientProcessId", "--client-process-id"}, paramLabel = "PID",
            description = "Exit when this process (the editor) is gone.")
    Long clientProcessId;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "INFO",
            description = "Log level on stderr: SEVERE, WARNING, INFO, FINE (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Validator artifact folder (default: the setting validator.modelPath, else the bundled models/validator/).")
    Path model;

    @Option(names = "--log-file", paramLabel = "FILE", description = "Also write the log to this file.")
    Path logFile;

    @Option(names = "--no-warmup",
            description = "Do not warm the parser up in the background at start (saves a few hundred ms of CPU at start).")
    boolean noWarmup;

    @Option(names = "--create-archive", paramLabel = "FILE",
            description = "Make the start-up archive FILE (AppCDS; launch with -XX:SharedArchiveFile=FILE) and exit."
                    + " A server launched with a missing or stale archive makes it by itself, in the background.")
    Path createArchive;

    /** An injector being made for the next server of this JVM, and the options it waits for. */
    private record Early(CompletableFuture<ServerOptions> options, CompletableFuture<Injector> injector) {
    }

    private static Early early;

    /**
     * Starts making the server's injector on its own thread (Guice's classes load and the bindings are checked
     * while picocli reads the command line and the parser warms up): {@link Main} calls it first for {@code serve}.
     * Nothing is built before the options are known.
     */
    static synchronized void composeEarly() {
        if (early != null) {
            return;
        }
        var made = new Early(new CompletableFuture<>(), new CompletableFuture<>());
        early = made;
        Thread compose = new Thread(() -> {
            try {
                made.injector().complete(ServerWiring.injector(made.options(), dev.pyassist.Environment.ofProcess()));
            } catch (RuntimeException | Error e) {
                made.injector().completeExceptionally(e);
            }
        }, "pyassist-compose");
        compose.setDaemon(true);
        compose.start();
    }

    /** The injector {@link #composeEarly} started, for one server only (a second serve in a JVM starts its own). */
    private static synchronized Early takeEarly() {
        composeEarly();
        Early taken = early;
        early = null;
        return taken;
    }

    @Override
    public Integer call() throws Exception {
        if (createArchive != null) {
            var jar = StartupArchive.ownJar();
            if (jar.isEmpty()) {
                System.err.println("pyassist: --create-archive needs the server to run from its jar (java -jar)");
                return 1;
            }
            long started = System.nanoTime();
            StartupArchive.create(createArchive, jar.get(), false);
            System.err.printf("pyassist: made %s in %d ms%n", createArchive, (System.nanoTime() - started) / 1_000_000);
            return 0;
        }
        if (!noWarmup) {
            ParserWarmup.start(dev.pyassist.analysis.AnalysisModule.exactPipeline()); // first: it runs while the rest starts
        }
        CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        Early composed = takeEarly();
        composed.options().complete(
                new ServerOptions(exitCode::complete, !noWarmup, java.util.Optional.ofNullable(model)));
        CompletableFuture<ServerWiring> wiring = composed.injector().thenApply(i -> i.getInstance(ServerWiring.class));
        // stdout belongs to JSON-RPC: keep the raw descriptor for it and send every stray print to stderr.
        var rpcOut = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        Logging.configure(Level.parse(logLevel.toUpperCase(java.util.Locale.ROOT)), logFile);
        StartupArchive.makeLaterIfMissing();
        return LspServerRunner.run(new FileInputStream(FileDescriptor.in), rpcOut, clientProcessId, wiring, exitCode,
                true);
    }
}
