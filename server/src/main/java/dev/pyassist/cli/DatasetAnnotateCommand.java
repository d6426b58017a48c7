package dev.pyassist.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pyassist dataset annotate}: an LLM annotation for each record, resumable. */
@Command(name = "annotate", mixinStandardHelpOptions = true,
        description = {"Ask the configured LLM backend to describe each record (resumable).",
                "Records already in --out are skipped, so running it again after an interruption continues where it "
                        + "stopped.",
                "Exit status: 0 all done, 1 some records failed or the run stopped, 2 usage error."})
final class DatasetAnnotateCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Records from `dataset build`.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Annotated JSONL (appended to).")
    Path out;

    @Option(names = "--settings-dir", defaultValue = ".", paramLabel = "DIR",
            description = "Folder whose pyproject.toml [tool.pyassist] is read (default: the current folder).")
    Path settingsDir;

    @Mixin
    AnnotateOptions options;

    @Override
    public Integer call() throws Exception {
        Logging.configure(java.util.logging.Level.WARNING, null);
        return options.run(in, out, settingsDir, System.getenv());
    }
}
