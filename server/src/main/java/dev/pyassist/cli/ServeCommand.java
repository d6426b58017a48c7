package dev.pyassist.cli;

import dev.pyassist.lsp.LspServerRunner;
import dev.pyassist.lsp.ParserWarmup;
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

    /** The injector being made for the next server of this JVM. */
    private static ServerWiring.Composition early;

    /**
     * Starts the thread that makes the server's injector once its features are wanted (after the first publish, or
     * by a request that needs one); the core is built by hand meanwhile. {@link Main} calls it first for
     * {@code serve}.
     */
    static synchronized void composeEarly() {
        if (early == null) {
            early = ServerWiring.composeInBackground(dev.pyassist.Environment.ofProcess());
        }
    }

    /** The injector {@link #composeEarly} started, for one server only (a second serve in a JVM starts its own). */
    private static synchronized ServerWiring.Composition takeEarly() {
        composeEarly();
        var taken = early;
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
        // stdout belongs to JSON-RPC: keep the raw descriptor for it and send every stray print to stderr.
        var rpcOut = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        Logging.configure(Level.parse(logLevel.toUpperCase(java.util.Locale.ROOT)), logFile);
        StartupArchive.makeLaterIfMissing();
        // the core, by hand on this thread: initialize and the first diagnostics never wait for the injector
        var wiring = ServerWiring.build(
                new ServerOptions(exitCode::complete, !noWarmup, java.util.Optional.ofNullable(model)), takeEarly());
        return LspServerRunner.run(new FileInputStream(FileDescriptor.in), rpcOut, clientProcessId, wiring, exitCode, true);
    }
}
