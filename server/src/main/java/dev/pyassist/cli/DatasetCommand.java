package dev.pyassist.cli;

import picocli.CommandLine.Command;

/** {@code pyassist dataset}: turn a repository into training data (build, annotate, pairs). */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = {"Build training data from a repository's Python code.",
                "Exit status: 0 ok, 1 failure, 2 usage error."},
        subcommands = {DatasetBuildCommand.class, DatasetAnnotateCommand.class, DatasetPairsCommand.class})
final class DatasetCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "name a subcommand: build, annotate or pairs");
    }
}
