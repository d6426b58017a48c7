package dev.pyassist.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Every setting the server reads, typed. Built only by {@link SettingsMerger}, which starts from
 * {@code default-settings.json}, so no field is ever null. The JSON shape is the same in
 * {@code initializationOptions}, {@code workspace/configuration} (section {@code pyassist}) and
 * {@code [tool.pyassist]} in {@code pyproject.toml}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Settings(DiagnosticsSettings diagnostics, SyntaxSettings syntax, ValidatorSettings validator) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DiagnosticsSettings(
            /* Delay between an edit and its analysis; 0 analyses at once (a newer edit still cancels it). */
            int debounceMs,
            /* Documents longer than this many characters get one notice instead of analysis. */
            int maxFileChars) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SyntaxSettings(boolean enabled) {}

    /**
     * The neural validator.
     *
     * @param enabled run it (the model is still loaded at start; switching it on again needs no reload)
     * @param model folder of a validator artifact; empty means the bundled {@code models/validator/}
     *     ({@code pyassist serve|check --model DIR} wins over this)
     * @param sensitivity -1..1: 0 keeps the thresholds of {@code validator.json}; positive values report more,
     *     negative fewer
     * @param severity severity of findings over the warning threshold: error, warning, information or hint
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ValidatorSettings(boolean enabled, String model, double sensitivity, String severity) {
        /** The severity setting, or Warning when it does not name one. */
        public dev.pyassist.diagnostics.Severity severityLevel() {
            try {
                return dev.pyassist.diagnostics.Severity.parse(severity);
            } catch (RuntimeException e) {
                return dev.pyassist.diagnostics.Severity.WARNING;
            }
        }
    }

    /** The built-in defaults alone. */
    public static Settings defaults() {
        return SettingsMerger.defaults();
    }
}
