package dev.pyassist.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;

/** Runs the language server over a pair of streams (stdio in production, pipes in tests). */
public final class LspServerRunner {
    private static final Logger LOG = Logger.getLogger(LspServerRunner.class.getName());

    private LspServerRunner() {}

    /**
     * Serves until the client sends {@code exit}, the connection ends, or the watched parent process dies;
     * returns the process exit code: 0 for {@code exit} after {@code shutdown}, 1 otherwise.
     */
    public static int run(InputStream in, OutputStream out, Long clientProcessId, boolean warmUp) {
        return run(in, out, clientProcessId, warmUp, System.getenv());
    }

    /** As {@link #run(InputStream, OutputStream, Long, boolean)}, reading backend settings from {@code env} (tests). */
    public static int run(InputStream in, OutputStream out, Long clientProcessId, boolean warmUp,
            java.util.Map<String, String> env) {
        return run(in, out, clientProcessId, warmUp, env, null);
    }

    /** As above, with the validator artifact folder from {@code --model} (null: the setting, else the bundled one). */
    public static int run(InputStream in, OutputStream out, Long clientProcessId, boolean warmUp,
            java.util.Map<String, String> env, java.nio.file.Path model) {
        return run(in, out, clientProcessId, warmUp, env, model, false);
    }

    /**
     * As above; {@code ownProcess} (serve) also ends the server on SIGTERM, SIGINT and SIGHUP, and makes sure the
     * process can exit without crashing in native code (see {@link ServerExit}).
     */
    public static int run(InputStream in, OutputStream out, Long clientProcessId, boolean warmUp,
            java.util.Map<String, String> env, java.nio.file.Path model, boolean ownProcess) {
        CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        return run(in, out, clientProcessId, ServerWiring.create(exitCode::complete, warmUp, env, model), exitCode,
                ownProcess);
    }

    /**
     * Serves {@code wiring}'s server (its core built by hand; its features come from the injector later), which
     * must exit through {@code exitCode}.
     */
    public static int run(InputStream in, OutputStream out, Long clientProcessId, ServerWiring wiring,
            CompletableFuture<Integer> exitCode, boolean ownProcess) {
        var exit = new ServerExit(wiring, ownProcess);
        if (ownProcess) {
            exit.install(exitCode::complete);
        }
        var messageThreads = Executors.newCachedThreadPool(ServerThreads.daemonThreads("pyassist-jsonrpc"));
        Launcher<PyassistClient> launcher = new LSPLauncher.Builder<PyassistClient>()
                .setLocalService(wiring.server())
                .setRemoteInterface(PyassistClient.class)
                .setInput(in)
                .setOutput(out)
                .setExecutorService(messageThreads)
                .setExceptionHandler(ErrorMapping::toResponseError)
                .configureGson(AnnotatedEdits::register)
                .create();
        wiring.server().connect(launcher.getRemoteProxy());
        if (clientProcessId != null) {
            wiring.watchParent(clientProcessId);
        }
        Future<Void> listening = launcher.startListening();
        Thread endOfInput = new Thread(() -> {
            try {
                listening.get();
            } catch (InterruptedException | ExecutionException e) {
                LOG.fine("connection ended: " + e);
            }
            if (exitCode.complete(1)) {
                LOG.info("the client closed the connection without exit");
            }
        }, "pyassist-connection");
        endOfInput.setDaemon(true);
        endOfInput.start();
        int code = exitCode.join();
        exit.run(code);
        return code;
    }
}
