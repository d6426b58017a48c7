import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { answerConfiguration, classifyChange, MACHINE_SETTINGS, openSettingCommand, CLIENT_ONLY_SETTINGS, RESTART_SETTINGS, SERVER_SETTINGS, type SettingValues, toServerSettings, USER_ONLY_SETTINGS } from '../src/settings';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { default?: unknown; markdownDescription?: string; description?: string }> } };
    capabilities?: { untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: string[] } };
};
const contributed = Object.keys(manifest.contributes.configuration.properties);

const lookup = (values: Record<string, SettingValues>) => (key: string) => values[key];

describe('toServerSettings', () => {
    it('nests dotted keys into the server\'s JSON shape', () => {
        const settings = toServerSettings(lookup({
            'diagnostics.debounceMs': { globalValue: 50 },
            'validator.sensitivity': { globalValue: 0.5 },
            'llm.defaultBackend': { globalValue: 'anthropic' },
            'llm.openai.baseUrl': { globalValue: 'http://127.0.0.1:11434/v1' },
            'llm.openai.model': { globalValue: 'qwen2.5-coder:7b' },
            'llm.tasks.summarize.backend': { globalValue: 'openai' },
            'llm.tasks.summarize.model': { globalValue: 'gpt-4o-mini' },
            'llm.tasks.translate.model': { globalValue: 'claude-sonnet-4-5' },
        }));
        assert.deepEqual(settings, {
            diagnostics: { debounceMs: 50 },
            validator: { sensitivity: 0.5 },
            llm: {
                defaultBackend: 'anthropic',
                openai: { baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen2.5-coder:7b' },
                tasks: { summarize: { backend: 'openai', model: 'gpt-4o-mini' }, translate: { model: 'claude-sonnet-4-5' } },
            },
        });
    });

    it('sends nothing the user did not set, so VS Code defaults never shadow pyproject.toml', () => {
        assert.deepEqual(toServerSettings(() => ({})), {});
        assert.deepEqual(toServerSettings(() => undefined), {});
    });

    it('prefers folder over workspace over user values, and keeps false and 0', () => {
        const settings = toServerSettings(lookup({
            'syntax.enabled': { globalValue: true, workspaceValue: false },
            'diagnostics.debounceMs': { globalValue: 100, workspaceValue: 50, workspaceFolderValue: 0 },
        }));
        assert.deepEqual(settings, { syntax: { enabled: false }, diagnostics: { debounceMs: 0 } });
    });

    it('sends the user-only settings (endpoints, routing, engine, models, output folder) from user settings only', () => {
        const everywhere: Record<string, SettingValues> = {};
        for (const key of USER_ONLY_SETTINGS) {
            everywhere[key] = { workspaceValue: 'from the repository', workspaceFolderValue: 'from the repository' };
        }
        assert.deepEqual(toServerSettings(lookup(everywhere)), {}, "a workspace's .vscode/settings.json comes with the repository");
        const settings = toServerSettings(lookup({
            'llm.openai.baseUrl': { globalValue: 'http://127.0.0.1:8000/v1', workspaceValue: 'http://evil.example/v1' },
            'llm.tasks.translate.backend': { globalValue: 'anthropic', workspaceFolderValue: 'local' },
            'llm.local.engineJar': { workspaceValue: '.tools/engine.jar' },
            'validator.modelPath': { globalValue: '/models/v', workspaceValue: '.tools/validator' },
            'llm.openai.model': { globalValue: 'a', workspaceValue: 'b' },
        }));
        assert.deepEqual(settings, {
            llm: { openai: { baseUrl: 'http://127.0.0.1:8000/v1', model: 'b' }, tasks: { translate: { backend: 'anthropic' } } },
            validator: { modelPath: '/models/v' },
        });
    });

    it('never sends client-only settings (launch, Java, trace)', () => {
        const everything: Record<string, SettingValues> = {};
        for (const key of [...SERVER_SETTINGS, ...CLIENT_ONLY_SETTINGS]) {
            everything[key] = { globalValue: 'x' };
        }
        const settings = toServerSettings(lookup(everything));
        assert.equal('server' in settings, false);
        assert.equal('java' in settings, false);
        assert.equal('trace' in settings, false);
    });
});

describe('toServerSettings: the names and assist settings', () => {
    it('nest names.* and assist.* (with assist.context.*) as the server\'s NamesSettings and AssistSettings', () => {
        const settings = toServerSettings(lookup({
            'names.enabled': { globalValue: true },
            'names.unusedImport': { workspaceValue: false },
            'names.importStar': { globalValue: false },
            'diagnostics.maxFileChars': { globalValue: 1000 },
            'assist.enabled': { globalValue: false },
            'assist.feedbackDirectory': { globalValue: '/tmp/feedback' },
            'assist.compileCheck': { globalValue: false },
            'assist.compileTimeoutMs': { globalValue: 0 },
            'assist.context.enabled': { workspaceFolderValue: false },
            'assist.context.maxUnits': { globalValue: 2 },
            'assist.context.maxChars': { globalValue: 3000 },
            'assist.context.maxFiles': { globalValue: 100 },
        }));
        assert.deepEqual(settings, {
            diagnostics: { maxFileChars: 1000 },
            names: { enabled: true, unusedImport: false, importStar: false },
            assist: {
                enabled: false,
                feedbackDirectory: '/tmp/feedback',
                compileCheck: false,
                compileTimeoutMs: 0,
                context: { enabled: false, maxUnits: 2, maxChars: 3000, maxFiles: 100 },
            },
        });
    });
});

describe('answerConfiguration (workspace/configuration middleware)', () => {
    it('answers section pyassist with the mapped settings for its scope and leaves other sections alone', () => {
        const answer = answerConfiguration(
            [{ section: 'pyassist' }, { section: 'editor' }, { section: 'pyassist', scopeUri: 'file:///w/sub' }],
            [{ raw: true }, { tabSize: 4 }, { raw: true }],
            (scope) => (scope ? { diagnostics: { debounceMs: 10 } } : {}),
        );
        assert.deepEqual(answer, [{}, { tabSize: 4 }, { diagnostics: { debounceMs: 10 } }]);
    });
});

describe('classifyChange', () => {
    const changed = (...keys: string[]) => (full: string) => keys.some((k) => k === full || k.startsWith(`${full}.`) || full.startsWith(`${k}.`));

    it('pushes names.* and assist.* to the running server', () => {
        for (const key of ['names.enabled', 'names.undefinedName', 'assist.enabled', 'assist.context.maxUnits', 'assist.feedbackDirectory', 'diagnostics.maxFileChars']) {
            assert.equal(classifyChange(changed(`pyassist.${key}`)), 'push', key);
        }
    });

    it('restarts for launch settings and the validator model', () => {
        for (const key of ['server.path', 'server.args', 'java.home', 'java.args', 'validator.enabled', 'validator.modelPath']) {
            assert.equal(classifyChange(changed(`pyassist.${key}`)), 'restart', key);
        }
    });

    it('pushes everything else the server reads to the running server', () => {
        for (const key of ['validator.sensitivity', 'diagnostics.debounceMs', 'llm.openai.model', 'llm.tasks.ask.backend']) {
            assert.equal(classifyChange(changed(`pyassist.${key}`)), 'push', key);
        }
    });

    it('does nothing for the trace setting (the client handles it) or other extensions\' settings', () => {
        assert.equal(classifyChange(changed('pyassist.trace.server')), 'none');
        assert.equal(classifyChange(changed('python.analysis.typeCheckingMode')), 'none');
    });

    it('restarts when a restart setting changes along with others', () => {
        assert.equal(classifyChange(changed('pyassist.llm.openai.model', 'pyassist.java.home')), 'restart');
    });
});

describe('openSettingCommand', () => {
    it('opens machine settings under the Remote tab in a remote window', () => {
        assert.deepEqual(openSettingCommand('pyassist.java.home', 'ssh-remote'), { command: 'workbench.action.openRemoteSettings', argument: { query: 'pyassist.java.home' } });
    });

    it('opens the plain Settings editor locally, and for other settings', () => {
        assert.deepEqual(openSettingCommand('pyassist.java.home', undefined), { command: 'workbench.action.openSettings', argument: 'pyassist.java.home' });
        assert.deepEqual(openSettingCommand('pyassist.llm.openai.model', 'ssh-remote'), { command: 'workbench.action.openSettings', argument: 'pyassist.llm.openai.model' });
    });
});

describe('package.json contributions', () => {
    it('scope exactly the machine settings as machine-overridable', () => {
        const machine = Object.entries(manifest.contributes.configuration.properties)
            .filter(([, schema]) => (schema as { scope?: string }).scope === 'machine-overridable')
            .map(([key]) => key).sort();
        assert.deepEqual(machine, MACHINE_SETTINGS.map((k) => `pyassist.${k}`).sort());
    });

    it('scope exactly the user-only settings as machine (user or remote settings only)', () => {
        const machine = Object.entries(manifest.contributes.configuration.properties)
            .filter(([, schema]) => (schema as { scope?: string }).scope === 'machine')
            .map(([key]) => key).sort();
        assert.deepEqual(machine, USER_ONLY_SETTINGS.map((k) => `pyassist.${k}`).sort());
    });

    it('run in Restricted Mode with the workspace\'s launch settings ignored', () => {
        const trust = manifest.capabilities?.untrustedWorkspaces;
        assert.equal(trust?.supported, 'limited');
        assert.deepEqual([...(trust?.restrictedConfigurations ?? [])].sort(), MACHINE_SETTINGS.map((k) => `pyassist.${k}`).sort());
    });

    it('contribute exactly the settings the code knows', () => {
        const known = [...SERVER_SETTINGS, ...CLIENT_ONLY_SETTINGS].map((k) => `pyassist.${k}`).sort();
        assert.deepEqual([...contributed].sort(), known);
    });

    it('only list contributed settings as needing a restart', () => {
        for (const key of RESTART_SETTINGS) {
            assert.ok(contributed.includes(`pyassist.${key}`), key);
        }
    });

    it('offer only the backends the server has (openai, anthropic, local), or empty for the server\'s choice', () => {
        const backends = Object.entries(manifest.contributes.configuration.properties)
            .filter(([key]) => key === 'pyassist.llm.defaultBackend' || /^pyassist\.llm\.tasks\.\w+\.backend$/.test(key));
        assert.equal(backends.length, 6); // the default and five tasks (complete too)
        for (const [key, schema] of backends) {
            assert.deepEqual((schema as { enum?: string[] }).enum, ['', 'openai', 'anthropic', 'local'], key);
        }
    });

    it('give every setting a description and a default', () => {
        for (const [key, schema] of Object.entries(manifest.contributes.configuration.properties)) {
            assert.ok(schema.markdownDescription ?? schema.description, `${key} has no description`);
            assert.ok('default' in schema, `${key} has no default`);
        }
    });

    it('say in the description of each restart setting that it restarts the server', () => {
        for (const key of RESTART_SETTINGS) {
            assert.match(manifest.contributes.configuration.properties[`pyassist.${key}`]!.markdownDescription ?? '', /restart/i, key);
        }
    });
});

// The server's list of user-only keys (server/src/main/java/.../config/UserOnlySettings.java), when this checkout has it.
const serverUserOnlyPath = join(__dirname, '..', '..', '..', 'server', 'src', 'main', 'java', 'dev', 'pyassist', 'config', 'UserOnlySettings.java');

describe('the server\'s UserOnlySettings', { skip: !existsSync(serverUserOnlyPath) && 'no server source next to the client' }, () => {
    it('marks exactly the sent settings the server keeps out of pyproject.toml as user-only', () => {
        const patterns = [...readFileSync(serverUserOnlyPath, 'utf8').matchAll(/new Key\("([^"]+)"/g)].map((m) => m[1]!.split('.'));
        assert.ok(patterns.length > 5, 'the server\'s keys were found');
        const serverUserOnly = (key: string) => patterns.some((p) => {
            const parts = key.split('.');
            return parts.length >= p.length && p.every((segment, i) => segment === '*' || segment === parts[i]);
        });
        for (const key of SERVER_SETTINGS) {
            assert.equal(USER_ONLY_SETTINGS.includes(key), serverUserOnly(key), key);
        }
    });
});

// The server's built-in defaults (server/src/main/resources/.../default-settings.json), when this checkout has them.
const serverDefaultsPath = join(__dirname, '..', '..', '..', 'server', 'src', 'main', 'resources', 'dev', 'pyassist', 'config', 'default-settings.json');

function leaves(node: unknown, prefix = ''): Map<string, unknown> {
    const out = new Map<string, unknown>();
    if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
        for (const [key, value] of Object.entries(node)) {
            for (const [k, v] of leaves(value, prefix ? `${prefix}.${key}` : key)) {
                out.set(k, v);
            }
        }
    } else {
        out.set(prefix, node);
    }
    return out;
}

describe('the server\'s default-settings.json', { skip: !existsSync(serverDefaultsPath) && 'no server source next to the client' }, () => {
    const defaults = () => leaves(JSON.parse(readFileSync(serverDefaultsPath, 'utf8')));

    it('every setting the server has a default for is contributed and sent (llm.* has no defaults there)', () => {
        for (const key of defaults().keys()) {
            assert.ok(SERVER_SETTINGS.includes(key), `server setting ${key} is not in SERVER_SETTINGS`);
        }
    });

    it('contributed defaults equal the server\'s', () => {
        for (const [key, value] of defaults()) {
            assert.deepEqual(manifest.contributes.configuration.properties[`pyassist.${key}`]?.default, value, key);
        }
    });

    it('the only sent settings the server has no default for are llm.* (endpoints and tasks)', () => {
        const known = defaults();
        const extra = SERVER_SETTINGS.filter((key) => !known.has(key) && !key.startsWith('llm.'));
        assert.deepEqual(extra, []);
    });
});
