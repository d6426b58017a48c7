package dev.pyassist.cli;

import dev.pyassist.config.Settings;
import dev.pyassist.store.DataDirectory;
import dev.pyassist.store.HistoryStore;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pyassist feedback}: the rated answers of the history store. */
@Command(name = "feedback", mixinStandardHelpOptions = true,
        description = "Rated AI answers from the history store (history.db in the user's data directory).",
        subcommands = FeedbackCommand.Export.class)
final class FeedbackCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.err);
    }

    /** {@code pyassist feedback export}: rated answers as records {@code dataset pairs --task instruction} reads. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write rated answers as JSON lines {id, instruction, code, annotation, rating, comment, "
                    + "task, backend, model}: `pyassist dataset pairs --task instruction` turns them into pairs.",
                    "Exit status: 0 ok, 1 failure, 2 usage error."})
    static final class Export implements Callable<Integer> {
        @Option(names = "--format", defaultValue = "jsonl", paramLabel = "FORMAT", description = "jsonl (the only one).")
        String format;

        @Option(names = "--rating", defaultValue = "up", paramLabel = "R",
                description = "up (default), down or all (rated either way).")
        String rating;

        @Option(names = "--out", paramLabel = "FILE", description = "Write here (replaced whole); default: stdout.")
        Path out;

        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "The folder of history.db (default: the setting assist.feedbackDirectory, else $XDG_DATA_HOME/pyassist, else $HOME/.local/share/pyassist).")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            if (!format.equals("jsonl")) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--format: only jsonl is written");
            }
            if (!rating.equals("up") && !rating.equals("down") && !rating.equals("all")) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--rating is up, down or all");
            }
            Path dir = dataDir;
            if (dir == null) {
                Settings s = CheckCommand.settings(Path.of("").toAbsolutePath(), false, System.getenv());
                dir = DataDirectory.of(s.assist().feedbackDirectory(), System.getenv());
            }
            if (!Files.isRegularFile(dir.resolve(HistoryStore.FILE_NAME))) {
                System.err.println("pyassist feedback: no history in " + dir + " yet (nothing was rated)");
                return 1;
            }
            try (HistoryStore store = new HistoryStore(dir)) {
                int n;
                if (out == null) {
                    Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
                    n = store.export(w, rating);
                    w.flush();
                } else {
                    Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".feedback", ".tmp");
                    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                        n = store.export(w, rating);
                    }
                    Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
                System.err.println("pyassist feedback: " + n + " rated answer(s) exported");
                return 0;
            }
        }
    }
}
