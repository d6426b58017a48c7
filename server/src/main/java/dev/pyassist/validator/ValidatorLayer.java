package dev.pyassist.validator;

import ai.onnxruntime.OrtException;
import dev.pyassist.config.Settings;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.ParsedText;
import dev.pyassist.diagnostics.Severity;
import dev.pyassist.diagnostics.SlowAnalyzer;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The validator as an analysis layer: {@code pyassist check} runs it with the exact layers; the language
 * server runs it as a second phase ({@link SlowAnalyzer}), publishing cached findings at once and the rest
 * when scored.
 */
public final class ValidatorLayer implements SlowAnalyzer {
    private final ValidatorService service;
    private final Supplier<Settings> settings;
    private final UnitStore store;

    public ValidatorLayer(ValidatorService service, Supplier<Settings> settings) {
        this(service, settings, null);
    }

    /** With a store of unit findings that outlives the engine ({@code pyassist check}'s cache), or null. */
    public ValidatorLayer(ValidatorService service, Supplier<Settings> settings, UnitStore store) {
        this.service = service;
        this.settings = settings;
        this.store = store;
    }

    @Override
    public boolean enabled(Settings s) {
        return s.validator().enabled() && service.engine().isPresent();
    }

    @Override
    public String layerName() {
        return "validator";
    }

    @Override
    public List<Finding> analyze(ParsedText text) {
        return run(text, false);
    }

    @Override
    public List<Finding> quick(ParsedText text) {
        return run(text, true);
    }

    /** About this many tokens are scored per step (a few hundred ms of CPU with the shipped model). */
    static final int STEP_TOKENS = Integer.getInteger("pyassist.validator.stepTokens", 2048);

    @Override
    public Step step(ParsedText text) {
        Settings s = settings.get();
        Optional<ValidatorEngine> engine = service.engine();
        if (engine.isEmpty() || !s.validator().enabled()) {
            return new Step(List.of(), true);
        }
        try {
            ValidatorEngine.Result r = engine.get().validate(text, options(s), STEP_TOKENS);
            return new Step(r.findings(), r.unitsLeft() == 0);
        } catch (OrtException e) {
            service.fail("ONNX Runtime failed while scoring (" + e.getMessage() + "); the validator is off", e);
            return new Step(List.of(), true);
        }
    }

    /** The validator findings whose range holds {@code offset}, from the cache only (for hover). */
    public List<Finding> at(ParsedText text, int offset) {
        return run(text, true).stream().filter(f -> f.start() <= offset && offset <= f.end()).toList();
    }

    public ValidatorService service() {
        return service;
    }

    public static ValidatorOptions options(Settings s) {
        return new ValidatorOptions(s.validator().sensitivity(), Severity.parseOr(s.validator().severity(), Severity.WARNING), false);
    }

    private List<Finding> run(ParsedText text, boolean cacheOnly) {
        Settings s = settings.get();
        Optional<ValidatorEngine> engine = service.engine();
        if (engine.isEmpty() || !s.validator().enabled()) {
            return List.of();
        }
        try {
            return engine.get().validate(text, options(s).cacheOnly(cacheOnly), 0, cacheOnly ? null : store).findings();
        } catch (OrtException e) {
            service.fail("ONNX Runtime failed while scoring (" + e.getMessage() + "); the validator is off", e);
            return List.of();
        }
    }
}
