package dev.pyassist.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Every setting the server reads, typed. Built only by {@link SettingsMerger}, which starts from
 * {@code default-settings.json}, so no field is ever null. The JSON shape is the same in
 * {@code initializationOptions}, {@code workspace/configuration} (section {@code pyassist}) and
 * {@code [tool.pyassist]} in {@code pyproject.toml}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Settings(DiagnosticsSettings diagnostics, SyntaxSettings syntax, NamesSettings names) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DiagnosticsSettings(
            /* Delay between an edit and its analysis; 0 analyses at once (a newer edit still cancels it). */
            int debounceMs,
            /* Documents longer than this many characters get one notice instead of analysis. */
            int maxFileChars) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SyntaxSettings(boolean enabled) {}

    /** The names layer as a whole, and each of its rules ({@code names.<rule>} codes), on or off. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NamesSettings(boolean enabled, boolean undefinedName, boolean unusedImport, boolean unusedVariable,
            boolean redefinedUnused, boolean importStar) {}

    /** The built-in defaults alone. */
    public static Settings defaults() {
        return SettingsMerger.defaults();
    }
}
