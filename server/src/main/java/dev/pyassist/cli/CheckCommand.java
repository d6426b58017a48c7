package dev.pyassist.cli;

import dev.pyassist.config.ProjectSettings;
import dev.pyassist.config.PyprojectSettings;
import dev.pyassist.config.Settings;
import dev.pyassist.config.SettingsException;
import dev.pyassist.config.SettingsMerger;
import dev.pyassist.config.UserSettingsFile;
import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.diagnostics.ServerCode;
import dev.pyassist.diagnostics.Severity;
import dev.pyassist.diagnostics.SyntaxLayer;
import dev.pyassist.files.ExternalFiles;
import dev.pyassist.files.RefusedFileException;
import dev.pyassist.python.DecodedSource;
import dev.pyassist.python.SourceDecoder;
import dev.pyassist.text.LineMap;
import dev.pyassist.validator.ModelLocator;
import dev.pyassist.validator.ValidatorLayer;
import dev.pyassist.validator.ValidatorService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pyassist check}: the server's diagnostics for files and folders, for terminals and CI. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check Python files and folders and print what an editor would show.",
                "Exit status: 0 no errors, 1 errors found, 2 usage error. Warnings and information findings"
                        + " count toward nothing in the exit status."})
final class CheckCommand implements Callable<Integer> {
    enum Format { text, json, sarif }

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders (searched for *.py, *.pyi).")
    List<Path> paths;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Validator artifact folder (default: the setting validator.modelPath, else the bundled models/validator/).")
    Path model;

    @Option(names = "--no-validator", description = "Skip the neural validator (exact layers only).")
    boolean noValidator;

    @Option(names = TrustOption.NAME, description = TrustOption.DESCRIPTION)
    boolean trustProjectSettings;

    @Option(names = "--no-cache", description = "Neither read nor write the cache of validator findings.")
    boolean noCache;

    @Option(names = "--cache-dir", paramLabel = "DIR", defaultValue = FindingsCache.DEFAULT_DIR,
            description = "Where the validator's findings per unit are cached (default: ${DEFAULT-VALUE} in the"
                    + " current folder; it holds a .gitignore, so git ignores it).")
    Path cacheDir;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Files checked at once (default: one per CPU core).")
    int jobs;

    enum ProgressWhen { auto, always, never }

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "WHEN",
            description = "Progress on stderr: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, only when"
                    + " stderr is a terminal).")
    ProgressWhen progress;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Logging.configure(java.util.logging.Level.WARNING, null); // stdout is the report; only problems on stderr
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file or folder: " + path);
            }
        }
        Settings settings;
        try {
            settings = settings(Path.of("").toAbsolutePath(), trustProjectSettings, System.getenv());
        } catch (SettingsException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<dev.pyassist.diagnostics.Analyzer> layers =
                new ArrayList<>(List.of(new SyntaxLayer(), new dev.pyassist.names.NamesLayer(),
                        new dev.pyassist.flow.FlowLayer()));
        if (jobs < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jobs must be at least 1");
        }
        int workers = jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors();
        ValidatorService validator = null;
        FindingsCache cache = null;
        if (!noValidator && settings.validator().enabled()) {
            // one ONNX Runtime thread per worker: files are scored in parallel, not each file's batches
            validator = new ValidatorService(1);
            var status = validator.load(ModelLocator.locate(model, settings.validator().modelPath()));
            if (status.state() == ValidatorService.State.READY) {
                final Settings fixed = settings;
                cache = noCache ? null : openCache(validator, settings);
                layers.add(new ValidatorLayer(validator, () -> fixed, cache));
            } else {
                System.err.println("pyassist: the neural validator is off: " + status.reason()
                        + " (the other checks still run; --no-validator skips it quietly)");
            }
        }
        var pipeline = new AnalysisPipeline(layers);
        List<Path> files = SourceFinder.find(paths);
        long[] sizes = new long[files.size()];
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = sizeOf(files.get(i));
            total += sizes[i];
        }
        final ValidatorService scoring = validator;
        CheckProgress shown = new CheckProgress(progressThrottle(), files.size(), total,
                () -> scoring == null ? 0 : scoring.engine().map(e -> e.stats().get("unitsChecked")).orElse(0L));
        List<CheckedFile> results = checkAll(files, sizes, pipeline, settings, workers, shown);
        shown.finish(validator == null ? 0 : validator.engine()
                .map(e -> (int) (e.stats().get("unitsFromStore") + e.stats().get("unitsFromCache"))).orElse(0));
        if (cache != null) {
            try {
                cache.save();
            } catch (IOException e) {
                System.err.println("pyassist: cannot write the cache in " + cacheDir + ": " + e.getMessage());
            }
        }
        if (validator != null) {
            validator.close();
        }
        switch (format) {
            case json:
                JsonReport.write(results, System.out);
                break;
            case sarif:
                SarifReport.write(results, System.out);
                break;
            default:
                TextReport.write(results, System.out);
        }
        return exitStatus(results);
    }

    /**
     * 1 when any finding is an error, else 0: warnings and information findings (the validator's less certain
     * ones, notices such as {@code pyassist.too-large}) never fail a check, so CI fails on errors only.
     */
    static int exitStatus(List<CheckedFile> results) {
        for (CheckedFile file : results) {
            if (file.findings().stream().anyMatch(f -> f.severity() == Severity.ERROR)) {
                return 1;
            }
        }
        return 0;
    }

    /** Checks files on a bounded pool ({@code workers} at once), the results in the order of {@code files}. */
    private static List<CheckedFile> checkAll(List<Path> files, long[] sizes, AnalysisPipeline pipeline,
            Settings settings, int workers, CheckProgress progress) throws InterruptedException {
        List<CheckedFile> results = new ArrayList<>(files.size());
        if (workers <= 1 || files.size() <= 1) {
            for (int i = 0; i < files.size(); i++) {
                results.add(check(files.get(i), pipeline, settings));
                progress.fileDone(sizes[i]);
            }
            return results;
        }
        java.util.concurrent.atomic.AtomicInteger named = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, files.size()), r -> {
            Thread t = new Thread(r, "pyassist-check-" + named.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CheckedFile>> futures = new ArrayList<>(files.size());
            for (int i = 0; i < files.size(); i++) {
                final int index = i;
                futures.add(pool.submit(() -> {
                    CheckedFile checked = check(files.get(index), pipeline, settings);
                    progress.fileDone(sizes[index]);
                    return checked;
                }));
            }
            for (Future<CheckedFile> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(cause);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private FindingsCache openCache(ValidatorService validator, Settings settings) {
        try {
            var artifact = validator.engine().orElseThrow().artifact();
            return FindingsCache.open(cacheDir, FindingsCache.namespace(artifact, ValidatorLayer.options(settings)));
        } catch (IOException e) {
            System.err.println("pyassist: no cache (" + cacheDir + ": " + e.getMessage() + "); every unit is scored");
            return null;
        }
    }

    private Throttle progressThrottle() {
        boolean terminal = Terminal.stderrIsTerminal();
        if (progress == ProgressWhen.never || (progress == ProgressWhen.auto && !terminal)) {
            return null;
        }
        return new Throttle(System.err, terminal ? 250 : 1000, terminal); // a log gets a line a second
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The settings of a check run in {@code dir}: the user settings file, then {@code dir/pyproject.toml} without the
     * user-only keys (which the repository set are said on stderr) unless {@code trusted}.
     */
    static Settings settings(Path dir, boolean trusted, java.util.Map<String, String> env) {
        ProjectSettings project = PyprojectSettings.read(dir, trusted);
        Settings settings = SettingsMerger.merge(UserSettingsFile.read(env), project);
        TrustOption.reportIgnored(project);
        return settings;
    }

    private static CheckedFile check(Path file, AnalysisPipeline pipeline, Settings settings) {
        String shown = CheckedFile.display(file);
        byte[] bytes;
        int maxChars = settings.diagnostics().maxFileChars();
        // a UTF-8 character has at most 4 bytes: a file over this many bytes is over the character limit too
        long maxBytes = Math.min(4L * maxChars + 4, Integer.MAX_VALUE - 16);
        try {
            bytes = ExternalFiles.readBytes(file, null, maxBytes);
        } catch (RefusedFileException e) {
            var lines = new LineMap("");
            if (e.reason() == RefusedFileException.Reason.TOO_LARGE) {
                return new CheckedFile(shown, lines, List.of(ServerCode.TOO_LARGE.at0(Severity.INFORMATION,
                        String.format("pyassist skipped this file: it is larger than %s, so over the %,d-character"
                                + " limit (setting diagnostics.maxFileChars)", ExternalFiles.size(maxBytes),
                                maxChars))));
            }
            return new CheckedFile(shown, lines, List.of(ServerCode.UNREADABLE.at0(Severity.ERROR, e.getMessage())));
        }
        DecodedSource source = SourceDecoder.decode(bytes);
        var lines = new LineMap(source.text());
        if (source.error().isPresent()) {
            return new CheckedFile(shown, lines, List.of(SyntaxLayer.toFinding(source.error().get())));
        }
        return new CheckedFile(shown, lines, pipeline.analyze(source.text(), file.toString(), settings));
    }
}
