package dev.pyassist.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.pyassist.python.PythonVersion;

/**
 * Every setting the server reads, typed. Built only by {@link SettingsMerger}, which starts from
 * {@code default-settings.json}, so no field is ever null. The JSON shape is the same in
 * {@code initializationOptions}, {@code workspace/configuration} (section {@code pyassist}) and
 * {@code [tool.pyassist]} in {@code pyproject.toml}, except that a repository's {@code pyproject.toml} cannot set
 * the user-only keys of {@link UserOnlySettings}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Settings(
        DiagnosticsSettings diagnostics,
        SyntaxSettings syntax,
        NamesSettings names,
        /* The flow and calls layer (dev.pyassist.flow): each rule by the camelCase of its pylint symbol. */
        FlowSettings flow,
        /* LLM backends and task routing; see dev.pyassist.llm.package-info for the shape. */
        LlmSettings llm,
        AssistSettings assist,
        ValidatorSettings validator,
        /* The Python version syntax is checked against: py38 … py313 (or 3.8 … 3.13); empty: the lower bound of
           the project's requires-python, else PythonVersion.DEFAULT. Spelled target-version in pyproject.toml. */
        String targetVersion,
        /* Inline code completion (dev.pyassist.complete); the backend and model are llm.tasks.complete. */
        CompleteSettings complete) {

    public Settings {
        llm = llm == null ? LlmSettings.defaults() : llm;
        complete = complete == null ? CompleteSettings.DEFAULTS : complete;
        targetVersion = targetVersion == null ? "" : targetVersion;
        flow = flow == null ? FlowSettings.ALL_ON : flow;
    }

    /** Convenience for tests and callers that predate {@code targetVersion}: the default target. */
    public Settings(DiagnosticsSettings diagnostics, SyntaxSettings syntax, NamesSettings names, FlowSettings flow,
            LlmSettings llm, AssistSettings assist, ValidatorSettings validator) {
        this(diagnostics, syntax, names, flow, llm, assist, validator, "", null);
    }

    /** Convenience for callers that predate {@code complete}: its defaults. */
    public Settings(DiagnosticsSettings diagnostics, SyntaxSettings syntax, NamesSettings names, FlowSettings flow,
            LlmSettings llm, AssistSettings assist, ValidatorSettings validator, String targetVersion) {
        this(diagnostics, syntax, names, flow, llm, assist, validator, targetVersion, null);
    }

    /** Convenience for tests and callers that predate {@code flow} and {@code targetVersion}: both defaults. */
    public Settings(DiagnosticsSettings diagnostics, SyntaxSettings syntax, NamesSettings names, LlmSettings llm,
            AssistSettings assist, ValidatorSettings validator) {
        this(diagnostics, syntax, names, null, llm, assist, validator, "", null);
    }

    /** The target version; {@link PythonVersion#DEFAULT} when the setting is empty or names no supported one. */
    public PythonVersion pythonVersion() {
        PythonVersion v = PythonVersion.parse(targetVersion);
        return v == null ? PythonVersion.DEFAULT : v;
    }

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

    /**
     * The flow and calls layer as a whole, and each of its rules ({@code flow.<symbol>} and {@code calls.<symbol>}
     * codes, keyed by the camelCase of the pylint symbol), on or off; {@code possiblyUnboundGlobals} (off by default)
     * adds pylint's reports of a function's read of a module-level name the module binds only on some paths.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FlowSettings(boolean enabled, boolean usedBeforeAssignment, boolean possiblyUsedBeforeAssignment,
            boolean unreachable, boolean selfAssigningVariable, boolean comparisonWithItself, boolean duplicateKey,
            boolean returnInInit, boolean assertOnTuple, boolean literalComparison, boolean tooManyFunctionArgs,
            boolean noValueForParameter, boolean unexpectedKeywordArg, boolean argumentsOutOfOrder,
            boolean possiblyUnboundGlobals) {
        /** The defaults: every rule on, the opt-in {@code possiblyUnboundGlobals} off. */
        public static final FlowSettings ALL_ON = new FlowSettings(true, true, true, true, true, true, true, true, true,
                true, true, true, true, true, false);
    }

    /** The AI actions (summarize, translate, generate, ask) and what surrounds them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AssistSettings(
            /* Offer the AI code actions and commands at all. */
            boolean enabled,
            /* Where history.db (results, ratings, chats) goes; empty: $XDG_DATA_HOME/pyassist, else $HOME/.local/share/pyassist. */
            String feedbackDirectory,
            /* Compile-check translations with javac / node / g++ / gofmt where available. */
            boolean compileCheck,
            /* Limit for one external compile check. */
            int compileTimeoutMs,
            ContextSettings context,
            /* Send every AI edit with a ChangeAnnotation needing confirmation, so the editor previews it as a diff. */
            boolean preview) {}

    /** Workspace context: the BM25 index of the workspace's functions and classes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ContextSettings(
            /* Index the workspace and put the most relevant units into prompts. */
            boolean enabled,
            /* At most this many units go into one prompt. */
            int maxUnits,
            /* Size budget, in characters, for all units in one prompt. */
            int maxChars,
            /* Index at most this many Python files. */
            int maxFiles) {}

    /**
     * The neural validator.
     *
     * @param enabled run it (the model is still loaded at start; switching it on again needs no reload)
     * @param modelPath folder of a validator artifact; empty means the bundled {@code models/validator/}
     *     ({@code pyassist serve|check --model DIR} wins over this)
     * @param sensitivity -1..1: 0 keeps the thresholds of {@code validator.json}; positive values report more,
     *     negative fewer
     * @param severity severity of findings over the warning threshold: error, warning, information or hint
     *     (read by {@code diagnostics.Severity.parseOr}; the settings name severities, they do not know the type)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ValidatorSettings(boolean enabled, String modelPath, double sensitivity, String severity) {}

    /**
     * Inline completion: when to ask, how the prompt is laid out, what a suggestion must pass before it is shown.
     *
     * @param enabled          answer {@code textDocument/inlineCompletion} and {@code textDocument/completion}
     * @param debounceMs       wait this long after a request typed (not invoked) before calling the model; a newer
     *                         request or keystroke in the meantime replaces it without a call
     * @param template         the prompt layout: {@code auto} (by the model's name; the local engine: StarCoder's
     *                         suffix-first layout), {@code starcoder}, {@code starcoder-spm}, {@code codellama},
     *                         {@code deepseek}, {@code qwen}, {@code codestral}, {@code custom} or {@code chat}
     * @param customTemplate   the {@code custom} layout, with {@code {prefix}} and {@code {suffix}} (and optionally
     *                         {@code {path}})
     * @param customStop       stop sequences of the {@code custom} layout
     * @param maxPrefixTokens  budget of the code before the cursor, in tokens (estimated)
     * @param maxSuffixTokens  budget of the code after the cursor
     * @param snippetChars     characters of related workspace code put in a comment header; 0: none
     * @param dropFlagged      also drop a suggestion that the names layer (an undefined name) or the validator (a
     *                         finding at Warning or above) flags inside the inserted text
     * @param cacheEntries     suggestions kept (least recently used goes first)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CompleteSettings(boolean enabled, int debounceMs, String template, String customTemplate,
            java.util.List<String> customStop, int maxPrefixTokens, int maxSuffixTokens, int snippetChars,
            boolean dropFlagged, int cacheEntries) {
        public static final CompleteSettings DEFAULTS =
                new CompleteSettings(true, 75, "auto", "", java.util.List.of(), 1500, 400, 1200, false, 64);

        public CompleteSettings {
            template = template == null || template.isBlank() ? "auto" : template.strip();
            customTemplate = customTemplate == null ? "" : customTemplate;
            customStop = customStop == null ? java.util.List.of() : java.util.List.copyOf(customStop);
        }
    }

    /** The built-in defaults alone. */
    public static Settings defaults() {
        return SettingsMerger.defaults();
    }
}
