package dev.pyassist.validator;

import dev.pyassist.diagnostics.Severity;

/**
 * How findings are made from scores.
 *
 * @param sensitivity -1..1: 0 uses the artifact's thresholds; towards 1 lowers them (more findings, down to
 *     flagging everything), towards -1 raises them (fewer, down to none)
 * @param severity severity of findings over the warning threshold (those between the information and warning
 *     thresholds are Information, or this when it is milder)
 * @param cacheOnly answer from scores already cached, running no inference (hover)
 */
public record ValidatorOptions(double sensitivity, Severity severity, boolean cacheOnly) {
    public static final ValidatorOptions DEFAULT = new ValidatorOptions(0, Severity.WARNING, false);

    public ValidatorOptions {
        if (Double.isNaN(sensitivity)) {
            sensitivity = 0;
        }
        sensitivity = Math.max(-1, Math.min(1, sensitivity));
    }

    /** A threshold moved by the sensitivity. */
    public double adjust(double threshold) {
        return sensitivity >= 0 ? threshold * (1 - sensitivity) : threshold + (-sensitivity) * (1 - threshold);
    }

    public ValidatorOptions cacheOnly(boolean only) {
        return new ValidatorOptions(sensitivity, severity, only);
    }
}
