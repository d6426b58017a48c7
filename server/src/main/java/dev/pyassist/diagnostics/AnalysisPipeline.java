package dev.pyassist.diagnostics;

import dev.pyassist.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * The exact layers, run over one parse of a text. Shared by {@code pyassist check} and the language server
 * so both report the same findings.
 */
public final class AnalysisPipeline {
    private final List<Analyzer> layers;

    public AnalysisPipeline(List<Analyzer> layers) {
        this.layers = List.copyOf(layers);
    }

    /** This pipeline with one more layer after its own ({@code check} adds the validator). */
    public AnalysisPipeline with(Analyzer layer) {
        var all = new ArrayList<>(layers);
        all.add(layer);
        return new AnalysisPipeline(all);
    }

    /**
     * Parses once and runs every layer the settings switch on (or, for a text over the size limit, only says
     * so).
     */
    public List<Finding> analyze(String text, Settings settings) {
        return analyze(text, null, settings);
    }

    /** As {@link #analyze(String, Settings)}, for a text whose file path or URI is known. */
    public List<Finding> analyze(String text, String path, Settings settings) {
        return analyze(text, () -> ParsedText.parse(text, path, settings.pythonVersion()), settings, () -> false);
    }

    /**
     * As {@link #analyze(String, Settings)}, with the parse supplied (and only made when needed) and a
     * cancellation check polled between layers.
     *
     * @throws CancellationException when {@code cancelled} answers true (a newer edit superseded this run)
     */
    public List<Finding> analyze(String text, java.util.function.Supplier<ParsedText> parse, Settings settings,
            java.util.function.BooleanSupplier cancelled) {
        int limit = settings.diagnostics().maxFileChars();
        if (text.length() > limit) {
            return List.of(ServerCode.TOO_LARGE.at0(Severity.INFORMATION, String.format(
                    "pyassist skipped this file: %,d characters is over the %,d limit"
                            + " (setting diagnostics.maxFileChars)", text.length(), limit)));
        }
        // a shared parse made for the default target is redone for the configured one (target-version)
        ParsedText parsed = parse.get().forTarget(settings.pythonVersion());
        List<Finding> findings = new ArrayList<>();
        for (Analyzer layer : layers) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("superseded");
            }
            if (layer.enabled(settings)) {
                findings.addAll(layer.analyze(parsed, settings));
            }
        }
        findings.sort(Finding.ORDER);
        return findings;
    }
}
