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
        subcommands = {ServeCommand.class, CheckCommand.class, GenerateCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
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
        return new CommandLine(new Main()).execute(args);
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
