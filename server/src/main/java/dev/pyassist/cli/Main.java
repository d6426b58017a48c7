package dev.pyassist.cli;

import dev.pyassist.Version;
import dev.pyassist.lsp.ParserWarmup;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pyassist}: the command line. With no subcommand it serves LSP over stdio, as editors expect. */
@Command(
        name = "pyassist",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Python language server and checker: exact syntax diagnostics and an AI code validator.")
public final class Main implements Runnable {
    public static void main(String[] args) {
        offline();
        CheckJit.ownsTheJvm();
        if (startsServer(args)) {
            // first of all: the warm-up runs while the command line is parsed and the rest of the server starts
            ParserWarmup.start(dev.pyassist.analysis.AnalysisModule.exactPipeline());
        }
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

    /** Whether {@code args} run the language server with its warm-up (ServeCommand starts the same one). */
    static boolean startsServer(String[] args) {
        boolean serve = args.length == 0 || args[0].equals("serve")
                || args[0].startsWith("--") && !isTopLevelOption(args[0]);
        return serve && !java.util.Arrays.asList(args).contains("--no-warmup")
                && !java.util.Arrays.asList(args).contains("--help")
                && !java.util.Arrays.asList(args).contains("--create-archive");
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
        if (args[0].equals("serve") && !java.util.Arrays.asList(args).contains("--create-archive")) {
            ServeCommand.composeEarly();
        }
        return commandLine(args[0])
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

    /**
     * The command line with the subcommand {@code first} names, or with all of them when it names none (usage,
     * {@code help}, a typo). picocli builds a subcommand's model by reflection over its options, which loads
     * their classes: building all four for {@code serve} loaded 141 classes (the validator, the dataset builder,
     * the LLM settings, the first of Jackson's) and took a few hundred ms of CPU before the warm-up could start.
     */
    static CommandLine commandLine(String first) {
        java.util.Map<String, java.util.function.Supplier<Object>> all = new java.util.LinkedHashMap<>();
        all.put("serve", ServeCommand::new);
        all.put("check", CheckCommand::new);
        all.put("dataset", DatasetCommand::new);
        all.put("generate", GenerateCommand::new);
        all.put("web", WebCommand::new);
        all.put("feedback", FeedbackCommand::new);
        CommandLine line = new CommandLine(new Main());
        boolean one = all.containsKey(first);
        all.forEach((name, command) -> {
            if (!one || name.equals(first)) {
                line.addSubcommand(name, command.get());
            }
        });
        line.addSubcommand("help", new CommandLine.HelpCommand());
        return line;
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
