package dev.pyassist.lsp;

import dev.pyassist.config.Settings;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.ParsedText;
import dev.pyassist.diagnostics.SlowAnalyzer;
import java.util.List;

/**
 * The validator's slow layer for the hand-built scheduler: off until the features are resolved (the model loads
 * after that anyway, and its arrival re-analyses the open documents through {@link ServerEvents}), then the
 * injector's {@link dev.pyassist.validator.ValidatorLayer}.
 */
final class LateSlowLayer implements SlowAnalyzer {
    private final LateFeatures features;

    LateSlowLayer(LateFeatures features) {
        this.features = features;
    }

    private SlowAnalyzer layer() {
        Features f = features.now();
        return f == null ? null : f.validatorLayer();
    }

    @Override
    public boolean enabled(Settings settings) {
        SlowAnalyzer layer = layer();
        return layer != null && layer.enabled(settings);
    }

    @Override
    public String layerName() {
        return "validator";
    }

    @Override
    public List<Finding> analyze(ParsedText text) {
        SlowAnalyzer layer = layer();
        return layer == null ? List.of() : layer.analyze(text);
    }

    @Override
    public List<Finding> analyze(ParsedText text, Settings settings) {
        SlowAnalyzer layer = layer();
        return layer == null ? List.of() : layer.analyze(text, settings);
    }

    @Override
    public List<Finding> quick(ParsedText text) {
        SlowAnalyzer layer = layer();
        return layer == null ? List.of() : layer.quick(text);
    }

    @Override
    public Step step(ParsedText text) {
        SlowAnalyzer layer = layer();
        return layer == null ? new Step(List.of(), true) : layer.step(text);
    }
}
