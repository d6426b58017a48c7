/**
 * Which `pyassist.*` settings go to the server, in what shape, and which ones need a restart.
 * No `vscode` import: the extension passes a lookup function.
 *
 * The server reads one JSON shape (README "Settings"; `pyassist.llm` per the server's `LlmSettings`) from
 * `initializationOptions` and `workspace/configuration` section `pyassist`. A dotted VS Code key maps to the
 * nested path: `pyassist.llm.tasks.summarize.model` -> `{llm: {tasks: {summarize: {model}}}}`.
 *
 * Only values the user set explicitly (user, workspace or folder settings) are sent: VS Code's contributed
 * defaults are not, so they never shadow `[tool.pyassist]` in `pyproject.toml` (the client's layer wins over it).
 * The user-only settings (`USER_ONLY_SETTINGS`) are sent from the user's own settings only.
 */

export const SECTION = 'pyassist';

/** Settings the client itself uses; never sent to the server. */
export const CLIENT_ONLY_SETTINGS: readonly string[] = [
    'server.path',
    'server.args',
    'java.home',
    'java.args',
    'trace.server',
];

/** The names layer's rules (`names.<rule>`), as the server's `Settings.NamesSettings` has them. */
export const NAMES_RULES: readonly string[] = ['undefinedName', 'unusedImport', 'unusedVariable', 'redefinedUnused', 'importStar'];
/** The flow layer's rules (`flow.*` and `calls.*` codes), by the camelCase of their pylint symbols. */
export const FLOW_RULES: readonly string[] = ['usedBeforeAssignment', 'possiblyUsedBeforeAssignment', 'unreachable', 'selfAssigningVariable', 'comparisonWithItself', 'duplicateKey', 'returnInInit', 'assertOnTuple', 'literalComparison', 'tooManyFunctionArgs', 'noValueForParameter', 'unexpectedKeywordArg', 'argumentsOutOfOrder', 'possiblyUnboundGlobals'];

/**
 * Settings the server reads. Keep in step with `contributes.configuration` in package.json (a unit test checks)
 * and with the server's `default-settings.json` (a unit test checks that too, when the server source is there).
 */
export const SERVER_SETTINGS: readonly string[] = [
    'validator.enabled',
    'validator.sensitivity',
    'validator.severity',
    'validator.modelPath',
    'diagnostics.debounceMs',
    'diagnostics.maxFileChars',
    'syntax.enabled',
    'targetVersion',
    'names.enabled',
    ...NAMES_RULES.map((rule) => `names.${rule}`),
    'flow.enabled',
    ...FLOW_RULES.map((rule) => `flow.${rule}`),
    'assist.enabled',
    'assist.feedbackDirectory',
    'assist.compileCheck',
    'assist.compileTimeoutMs',
    'assist.preview',
    'assist.context.enabled',
    'assist.context.maxUnits',
    'assist.context.maxChars',
    'assist.context.maxFiles',
    'llm.defaultBackend',
    'llm.openai.baseUrl',
    'llm.openai.model',
    'llm.anthropic.baseUrl',
    'llm.anthropic.model',
    ...['summarize', 'translate', 'generate', 'ask', 'complete'].flatMap((task) => [`llm.tasks.${task}.backend`, `llm.tasks.${task}.model`]),
    'llm.local.model',
    'llm.local.adapters',
    'llm.local.mergeAdapter',
    'llm.local.threads',
    'llm.local.engineJar',
    'llm.local.topK',
    'llm.local.topP',
    'llm.local.repetitionPenalty',
    'complete.enabled',
    'complete.debounceMs',
    'complete.template',
    'complete.customTemplate',
    'complete.customStop',
    'complete.maxPrefixTokens',
    'complete.maxSuffixTokens',
    'complete.snippetChars',
    'complete.dropFlagged',
    'complete.cacheEntries',
];

/**
 * Settings only the user may set, as the server's `UserOnlySettings` has them: which endpoint gets the code, which
 * engine and models are loaded, where files are written. A workspace's `.vscode/settings.json` comes with the
 * repository, like its `pyproject.toml`, so only their user (global) value is sent, and they are contributed with
 * scope `machine` (user or remote settings only), so VS Code refuses them in workspace settings as well.
 */
export const USER_ONLY_SETTINGS: readonly string[] = [
    'llm.defaultBackend',
    ...['summarize', 'translate', 'generate', 'ask', 'complete'].map((task) => `llm.tasks.${task}.backend`),
    'llm.openai.baseUrl',
    'llm.anthropic.baseUrl',
    'llm.local.model',
    'llm.local.adapters',
    'llm.local.engineJar',
    'validator.modelPath',
    'assist.feedbackDirectory',
    'assist.preview',
];

/**
 * Settings that only take effect when the server process starts again: how it is launched, and what it loads
 * at start (the validator model). Changing one restarts the server; every other setting goes to the running one.
 */
export const RESTART_SETTINGS: readonly string[] = [
    'server.path',
    'server.args',
    'java.home',
    'java.args',
    'validator.enabled',
    'validator.modelPath',
];

/** The explicitly set values of one setting, as VS Code's `WorkspaceConfiguration.inspect` reports them. */
export interface SettingValues {
    readonly globalValue?: unknown;
    readonly workspaceValue?: unknown;
    readonly workspaceFolderValue?: unknown;
}

export type JsonObject = { [key: string]: unknown };

/** The object the server receives, built from the explicitly set values (the most specific scope wins). */
export function toServerSettings(inspect: (key: string) => SettingValues | undefined): JsonObject {
    const result: JsonObject = {};
    for (const key of SERVER_SETTINGS) {
        const values = inspect(key);
        const value = USER_ONLY_SETTINGS.includes(key)
            ? values?.globalValue
            : values?.workspaceFolderValue ?? values?.workspaceValue ?? values?.globalValue;
        if (value !== undefined && value !== null) {
            setPath(result, key.split('.'), value);
        }
    }
    return result;
}

function setPath(target: JsonObject, parts: readonly string[], value: unknown): void {
    let node = target;
    for (const part of parts.slice(0, -1)) {
        const next = node[part];
        if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
            node = next as JsonObject;
        } else {
            const created: JsonObject = {};
            node[part] = created;
            node = created;
        }
    }
    node[parts[parts.length - 1]!] = value;
}

/** What a settings change asks for, given VS Code's `affectsConfiguration` for full keys. */
export type SettingsChange = 'restart' | 'push' | 'none';

export function classifyChange(affects: (fullKey: string) => boolean): SettingsChange {
    if (RESTART_SETTINGS.some((key) => affects(`${SECTION}.${key}`))) {
        return 'restart';
    }
    if (SERVER_SETTINGS.some((key) => affects(`${SECTION}.${key}`))) {
        return 'push';
    }
    return 'none';
}

/**
 * The answer to a `workspace/configuration` request: section `pyassist` gets the mapped settings for its scope,
 * every other item what VS Code would have answered.
 */
export function answerConfiguration(
    items: readonly { section?: string; scopeUri?: string }[],
    defaults: readonly unknown[],
    settingsFor: (scopeUri: string | undefined) => JsonObject,
): unknown[] {
    return items.map((item, i) => (item.section === SECTION ? settingsFor(item.scopeUri) : defaults[i] ?? null));
}

/**
 * How the server is launched; contributed with scope `machine-overridable`, and listed in the manifest's
 * `untrustedWorkspaces.restrictedConfigurations`, so a workspace's value is ignored in Restricted Mode.
 */
export const MACHINE_SETTINGS: readonly string[] = ['server.path', 'server.args', 'java.home', 'java.args'];

/**
 * The command (and its argument) that opens the Settings editor on `fullKey`. In a remote window (code-server,
 * Remote-SSH, WSL, containers) machine settings are shown under the Remote tab only, so they open there.
 */
export function openSettingCommand(fullKey: string, remoteName: string | undefined): { command: string; argument: unknown } {
    const machine = [...MACHINE_SETTINGS, ...USER_ONLY_SETTINGS].some((key) => `${SECTION}.${key}` === fullKey);
    return remoteName && machine
        ? { command: 'workbench.action.openRemoteSettings', argument: { query: fullKey } }
        : { command: 'workbench.action.openSettings', argument: fullKey };
}
