package dev.pyassist.cli;

import dev.pyassist.dataset.BuildOptions;
import dev.pyassist.dataset.BuildSummary;
import dev.pyassist.dataset.DatasetBuilder;
import dev.pyassist.dataset.DatasetException;
import dev.pyassist.dataset.Jsonl;
import dev.pyassist.dataset.Splits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pyassist dataset build}: one JSONL record per function, method and class of a repository. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Write one JSON record per function, method and class of a repository's Python files.",
                "Exit status: 0 ok, 1 failure, 2 usage error."})
final class DatasetBuildCommand implements Callable<Integer> {
    @Option(names = "--repo", required = true, paramLabel = "DIR", description = "The repository folder.")
    Path repo;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The JSONL to write (replaced whole).")
    Path out;

    @Option(names = "--min-lines", defaultValue = "1", paramLabel = "N",
            description = "Drop units with fewer code lines (default: ${DEFAULT-VALUE}).")
    int minLines;

    @Option(names = "--max-lines", defaultValue = "1000", paramLabel = "N",
            description = "Drop units with more code lines; 0: no limit (default: ${DEFAULT-VALUE}).")
    int maxLines;

    @Option(names = "--max-chars", defaultValue = "50000", paramLabel = "N",
            description = "Drop units with more code characters; 0: no limit (default: ${DEFAULT-VALUE}).")
    int maxChars;

    @Option(names = "--docstring", defaultValue = "any", paramLabel = "WHICH",
            description = "Keep units by docstring: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    BuildOptions.DocstringFilter docstring;

    @Option(names = "--split", defaultValue = "90/5/5", paramLabel = "T/V/T",
            description = "Train/validation/test weights, decided per file (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of the split (default: 0).")
    long seed;

    @Option(names = "--keep-duplicates", description = "Keep exact duplicates.")
    boolean keepDuplicates;

    @Option(names = "--keep-near-duplicates", description = "Keep near duplicates (same code up to names, literals, "
            + "comments, docstrings and layout).")
    boolean keepNearDuplicates;

    @Option(names = "--near-min-tokens", defaultValue = "20", paramLabel = "N",
            description = "Only units of at least N tokens can be near duplicates (default: ${DEFAULT-VALUE}).")
    int nearMinTokens;

    @Option(names = "--annotate", description = "Then annotate the records (see `dataset annotate`).")
    boolean annotate;

    @Option(names = "--annotated-out", paramLabel = "FILE",
            description = "With --annotate: the annotated JSONL (default: the output's name with .annotated.jsonl).")
    Path annotatedOut;

    @Mixin
    AnnotateOptions annotateOptions;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Logging.configure(java.util.logging.Level.WARNING, null);
        if (!Files.isDirectory(repo)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such folder: " + repo);
        }
        BuildOptions options;
        try {
            options = new BuildOptions(minLines, maxLines, maxChars, docstring, Splits.parse(split, seed),
                    !keepDuplicates, !keepNearDuplicates, nearMinTokens);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Throttle throttle = new Throttle(System.err, 1000);
        BuildSummary summary = new DatasetBuilder(options, new DatasetBuilder.Progress() {
            @Override
            public void update(int filesDone, int filesTotal, int units) {
                throttle.print(String.format(Locale.ROOT, "dataset build: %d/%d files, %d units", filesDone,
                        filesTotal, units), false);
            }

            @Override
            public void done(int filesTotal, int units) {
            }
        }).build(repo);
        try {
            Jsonl.writeAtomically(out, summary.records());
        } catch (java.io.IOException e) {
            throw new DatasetException("cannot write " + out + ": " + e.getMessage());
        }
        System.out.print(summary.render());
        System.out.println("wrote " + summary.records().size() + " records to " + out);
        if (!annotate) {
            return 0;
        }
        Path annotated = annotatedOut != null ? annotatedOut : AnnotateOptions.sibling(out, ".annotated.jsonl");
        return annotateOptions.run(out, annotated, repo, System.getenv());
    }
}
