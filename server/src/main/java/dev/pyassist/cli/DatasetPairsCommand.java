package dev.pyassist.cli;

import dev.pyassist.dataset.DatasetException;
import dev.pyassist.dataset.Jsonl;
import dev.pyassist.dataset.Pairs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pyassist dataset pairs}: records as training pairs for one task. */
@Command(name = "pairs", mixinStandardHelpOptions = true,
        description = {"Turn dataset records into training pairs: summarize {id,input,output} (code -> docstring or "
                + "annotation), generate {id,input,output} (signature + docstring -> body), instruction "
                + "{id,instruction,input,output}.",
                "Exit status: 0 ok, 1 failure, 2 usage error."})
final class DatasetPairsCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Records (annotated or not).")
    Path in;

    @Option(names = "--task", required = true, paramLabel = "TASK", description = "${COMPLETION-CANDIDATES}")
    Pairs.Task task;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Pairs JSONL (replaced whole).")
    Path out;

    @Option(names = "--split", paramLabel = "SPLIT", description = "Only this split: train, validation or test.")
    String split;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(in)) {
            throw new DatasetException("no such file: " + in);
        }
        Pairs.Result result = Pairs.of(Jsonl.read(in), task, split);
        Jsonl.writeAtomically(out, result.pairs());
        System.out.println("pairs (" + task + "): " + result.pairs().size() + " written to " + out
                + (result.skipped().isEmpty() ? "" : "; skipped " + result.skipped()));
        return 0;
    }
}
