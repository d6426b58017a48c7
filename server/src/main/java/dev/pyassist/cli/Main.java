package dev.pyassist.cli;

import dev.pyassist.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pyassist}: the command line. With no subcommand it serves LSP over stdio, as editors expect. */
@Command(
        name = "pyassist",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Python language server and checker: exact syntax diagnostics and an AI code validator.",
        subcommands = {ServeCommand.class, CheckCommand.class, DatasetCommand.class, GenerateCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        offline();
        System.exit(run(args));
    }

    /**
     * pyassist works offline and sends nothing anywhere. DJL (the tokenizer here, libtorch in the local engine)
     * otherwise probes the AWS instance-metadata address at start for its usage tracking, and may try to download
     * native libraries; both are switched off before any DJL class loads. A user's own setting wins.
     */
    static void offline() {
        System.setProperty("OPT_OUT_TRACKING", System.getProperty("OPT_OUT_TRACKING", "true"));
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 findings or failure, 2 usage error). */
    public static int run(String... args) {
        if (args.length == 0 || args[0].startsWith("--") && !isTopLevelOption(args[0])) {
            // `pyassist`, `pyassist --stdio`: editors launch the server with no subcommand or only flags.
            String[] serveArgs = new String[args.length + 1];
            serveArgs[0] = "serve";
            System.arraycopy(args, 0, serveArgs, 1, args.length);
            args = serveArgs;
        }
        if (args[0].equals("serve")) {
            ServeCommand.composeEarly();
        }
        return new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof dev.pyassist.dataset.DatasetException) {
                        System.err.println("pyassist: " + e.getMessage()); // the user's input: no stack trace
                        return 1;
                    }
                    if (e instanceof java.io.IOException) {
                        System.err.println("pyassist: " + e); // a file that cannot be read or written
                        return 1;
                    }
                    throw e;
                })
                .execute(args);
    }

    private static boolean isTopLevelOption(String arg) {
        return arg.equals("--help") || arg.equals("--version");
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pyassist " + Version.VERSION};
        }
    }
}
