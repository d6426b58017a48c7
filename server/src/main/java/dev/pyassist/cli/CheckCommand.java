package dev.pyassist.cli;

import dev.pyassist.config.PyprojectSettings;
import dev.pyassist.config.Settings;
import dev.pyassist.config.SettingsException;
import dev.pyassist.config.SettingsMerger;
import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.diagnostics.ServerCode;
import dev.pyassist.diagnostics.Severity;
import dev.pyassist.diagnostics.SyntaxLayer;
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

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Logging.configure(java.util.logging.Level.WARNING, null); // stdout is the report; only problems on stderr
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file or folder: " + path);
            }
        }
        Settings settings;
        try {
            settings = SettingsMerger.merge(PyprojectSettings.read(Path.of("").toAbsolutePath()));
        } catch (SettingsException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<dev.pyassist.diagnostics.Analyzer> layers =
                new ArrayList<>(List.of(new SyntaxLayer(), new dev.pyassist.names.NamesLayer()));
        ValidatorService validator = null;
        if (!noValidator && settings.validator().enabled()) {
            validator = new ValidatorService(ValidatorService.defaultThreads());
            var status = validator.load(ModelLocator.locate(model, settings.validator().modelPath()));
            if (status.state() == ValidatorService.State.READY) {
                final Settings fixed = settings;
                layers.add(new ValidatorLayer(validator, () -> fixed));
            } else {
                System.err.println("pyassist: the neural validator is off: " + status.reason()
                        + " (the other checks still run; --no-validator skips it quietly)");
            }
        }
        var pipeline = new AnalysisPipeline(layers);
        List<CheckedFile> results = new ArrayList<>();
        for (Path file : SourceFinder.find(paths)) {
            results.add(check(file, pipeline, settings));
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

    private static CheckedFile check(Path file, AnalysisPipeline pipeline, Settings settings) {
        String shown = CheckedFile.display(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | OutOfMemoryError e) {
            var lines = new LineMap("");
            return new CheckedFile(shown, lines, List.of(ServerCode.UNREADABLE.at0(Severity.ERROR,
                    "cannot read the file: " + e.getMessage())));
        }
        DecodedSource source = SourceDecoder.decode(bytes);
        var lines = new LineMap(source.text());
        if (source.error().isPresent()) {
            return new CheckedFile(shown, lines, List.of(SyntaxLayer.toFinding(source.error().get())));
        }
        return new CheckedFile(shown, lines, pipeline.analyze(source.text(), file.toString(), settings));
    }
}
