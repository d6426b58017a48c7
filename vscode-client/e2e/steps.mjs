// What the end-to-end test checks, in order. Each step gets the context run.mjs built:
//   { page, workspace, outDir, mockLlm: { baseUrl, requests }, log, userDataDir }
// The workspace is a copy of fixture/; the user settings already point pyassist's OpenAI-compatible backend at
// the mock LLM (mockLlm.baseUrl). To add a step, write it below and append it to STEPS.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extensionLogs } from './logs.mjs';

/** What the mock LLM on loopback answers to every chat completion request (run.mjs starts it). */
export const MOCK_LLM_REPLY = (_request) => 'mock reply';

/** Runs a command by its title through the command palette. */
export async function runCommand(page, title) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor();
    await input.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Opens a workspace file with Quick Open and waits for its editor. */
export async function openFile(page, name) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await input.press('Enter');
    await page.locator(`.tabs-container .tab[data-resource-name="${name}"], .tabs-container .tab[aria-label*="${name}"]`).first().waitFor();
    await page.locator('.editor-group-container .monaco-editor .view-lines').first().waitFor();
}

/** The text of the active editor, as shown (one line per rendered view line). */
export async function editorText(page) {
    return page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText();
}

const problemsPanel = {
    name: 'the syntax error appears in the Problems panel with its message and line, and the status bar shows the server ready',
    async run({ page, outDir, log }) {
        await openFile(page, 'bad.py');
        const status = page.locator('.statusbar-item', { hasText: 'pyassist: ready' });
        await status.first().waitFor({ timeout: 90_000 });
        log(`status bar: ${(await status.first().innerText()).trim()}`);

        await runCommand(page, 'View: Focus Problems');
        const row = page.locator('.markers-panel .monaco-list-row', { hasText: "expected ':'" }).first();
        await row.waitFor({ timeout: 90_000 });
        const text = (await row.innerText()).replace(/\s+/g, ' ').trim();
        const label = (await row.getAttribute('aria-label')) ?? '';
        log(`problem: ${text}`);
        if (!text.includes("expected ':'")) {
            throw new Error(`problem row lacks the message: ${text}`);
        }
        if (!/pyassist/.test(text)) {
            throw new Error(`problem row lacks the source pyassist: ${text}`);
        }
        // VS Code renders "[Ln 1, Col 5]" in the row; its aria-label says "at line 1 and character 5".
        const line = /\[Ln (\d+), Col (\d+)\]/.exec(text) ?? /line (\d+) and character (\d+)/.exec(label);
        if (!line || line[1] !== '1') {
            throw new Error(`expected the problem on line 1, got: ${text} / ${label}`);
        }
        // The editor squiggle is there too.
        await page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first().waitFor();
        await page.screenshot({ path: join(outDir, 'problems.png') });
        log(`screenshot: ${join(outDir, 'problems.png')}`);
    },
};

const paletteCommands = {
    name: 'the palette offers the pyassist commands',
    async run({ page, log }) {
        await page.keyboard.press('F1');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        await input.fill('>pyassist: ');
        const expected = ['Summarize', 'Translate', 'Generate', 'Ask', 'Rate Last Result', 'Set API Key', 'Restart Server', 'Show Output'];
        for (const title of expected) {
            await page.locator('.quick-input-list .monaco-list-row', { hasText: `pyassist: ${title}` }).first().waitFor({ timeout: 10_000 });
        }
        await input.press('Escape');
        log(`found: ${expected.join(', ')}`);
    },
};

const restartServer = {
    name: 'Restart Server starts a new server, which reports ready and publishes the error again',
    async run({ page, userDataDir, log }) {
        const starts = () => (extensionLogs(userDataDir).match(/server started:/g) ?? []).length;
        const before = starts();
        await runCommand(page, 'pyassist: Restart Server');
        const deadline = Date.now() + 60_000;
        while (starts() <= before) {
            if (Date.now() > deadline) {
                throw new Error(`no new "server started" in the pyassist output after Restart Server (${before} before)`);
            }
            await page.waitForTimeout(250);
        }
        await page.locator('.statusbar-item', { hasText: 'pyassist: ready' }).first().waitFor();
        await page.locator('.markers-panel .monaco-list-row', { hasText: "expected ':'" }).first().waitFor();
        log(`server started ${starts()} times`);
    },
};

/** Sets a user setting the way a user does: in the Settings editor, searched by its key; `title` is how the
 *  editor names it (e.g. "Server: Path" for pyassist.server.path); `tab` is the Settings editor's scope tab
 *  (machine-scoped settings such as the launch ones live in "Remote" under code-server); `close` closes the editor
 *  afterwards with Escape (which also dismisses notification toasts). */
async function setSetting(page, key, title, value, { tab = 'User', close = true } = {}) {
    const editor = page.locator('.settings-editor').first();
    await runCommand(page, 'Preferences: Open User Settings');
    await editor.waitFor();
    await page.keyboard.type(key); // a newly opened Settings editor has its search box focused
    await editor.locator('.settings-tabs-widget .action-label', { hasText: tab }).first().click();
    const item = editor.locator('.setting-item-contents', { hasText: title }).first();
    await item.waitFor();
    const input = item.locator('input').first();
    await input.fill(String(value));
    await input.press('Tab');
    if (!close) {
        return;
    }
    await page.waitForTimeout(1500); // the Settings editor writes the value after a short delay
    // Close the Settings editor, so that the next one opens fresh (with its search box focused).
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'hidden', timeout: 10_000 });
}

async function waitForLog(page, userDataDir, pattern, count, what) {
    const deadline = Date.now() + 60_000;
    const seen = () => (extensionLogs(userDataDir).match(pattern) ?? []).length;
    while (seen() < count) {
        if (Date.now() > deadline) {
            throw new Error(`${what}: expected ${count} x ${pattern} in the pyassist output, saw ${seen()}`);
        }
        await page.waitForTimeout(250);
    }
}

const starts = (userDataDir) => (extensionLogs(userDataDir).match(/server started:/g) ?? []).length;

/** The environment of the running pyassist server process (found by its jar path under the extensions folder). */
function serverEnvironments(extensionsMarker) {
    const found = [];
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
        try {
            const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
            if (cmdline.includes(extensionsMarker) && cmdline.includes('pyassist.jar') && cmdline.includes('serve')) {
                found.push(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0'));
            }
        } catch {
            // gone, or not ours
        }
    }
    return found;
}

const apiKey = {
    name: 'Set API Key stores the key in secret storage and restarts the server with OPENAI_API_KEY in its environment',
    async run({ page, userDataDir, log }) {
        const before = starts(userDataDir);
        const secret = 'sk-e2e-not-a-real-key';
        await page.keyboard.press('F1');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        await input.fill('>pyassist: Set API Key');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'pyassist: Set API Key' }).first().waitFor();
        await input.press('Enter');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'OPENAI_API_KEY' }).first().waitFor();
        await input.fill('OpenAI');
        await input.press('Enter');
        const password = page.locator('.quick-input-widget input[type="password"]');
        await password.waitFor({ state: 'visible' });
        await password.fill(secret);
        await password.press('Enter');
        await waitForLog(page, userDataDir, /server started:/g, before + 1, 'restart after Set API Key');
        await page.locator('.statusbar-item', { hasText: 'pyassist: ready' }).first().waitFor();
        const envs = serverEnvironments('pyassist-e2e-');
        if (envs.length !== 1) {
            throw new Error(`expected one running pyassist server, found ${envs.length}`);
        }
        if (!envs[0].includes(`OPENAI_API_KEY=${secret}`)) {
            throw new Error('the server process has no OPENAI_API_KEY from secret storage');
        }
        if (extensionLogs(userDataDir).includes(secret)) {
            throw new Error('the key appears in the pyassist output');
        }
        log('the server runs with OPENAI_API_KEY from secret storage; the key is not in the output');
    },
};

const liveSetting = {
    name: 'a setting the server reads live goes to the running server, without a restart',
    async run({ page, userDataDir, log }) {
        const before = starts(userDataDir);
        await setSetting(page, 'pyassist.diagnostics.debounceMs', 'Diagnostics: Debounce Ms', 25);
        await waitForLog(page, userDataDir, /settings changed; sending them to the server/g, 1, 'debounceMs change');
        await page.waitForTimeout(1000);
        if (starts(userDataDir) !== before) {
            throw new Error('the server restarted for a setting it reads live');
        }
        log('pushed pyassist.diagnostics.debounceMs, no restart');
    },
};

const restartSetting = {
    name: 'changing pyassist.server.path restarts the server; a path that does not exist warns and falls back to the bundled jar',
    async run({ page, userDataDir, outDir, log }) {
        const before = starts(userDataDir);
        await setSetting(page, 'pyassist.server.path', 'Server: Path', '/nonexistent/pyassist.jar', { tab: 'Remote', close: false });
        const toast = page.locator('.notification-toast', { hasText: 'pyassist.server.path is /nonexistent/pyassist.jar, which does not exist' });
        await toast.first().waitFor();
        await waitForLog(page, userDataDir, /server started:/g, before + 1, 'restart after pyassist.server.path changed');
        await page.locator('.statusbar-item', { hasText: 'pyassist: ready' }).first().waitFor();
        await page.screenshot({ path: join(outDir, 'server-path-warning.png') });
        await toast.first().locator('.monaco-button', { hasText: 'Open Setting' }).click();
        // It opens where code-server shows machine settings: the Remote tab, searched for the setting.
        await page.locator('.settings-editor .setting-item-contents', { hasText: 'Path to the server' }).first().waitFor();
        await page.locator('.settings-editor .settings-tabs-widget .action-label.checked', { hasText: 'Remote' }).first().waitFor();
        await page.screenshot({ path: join(outDir, 'server-path-setting.png') });
        log('warned, restarted on the bundled jar, and Open Setting shows pyassist.server.path');
    },
};

// When the server's code actions land (issue 5), this file is the one place to change (plus a fixture file):
//   1. make MOCK_LLM_REPLY (top of this file) return the docstring the step expects;
//   2. add fixture/greet.py with a function, and a step that opens it (openFile), puts the cursor in the function,
//      opens the quick-fix menu (Ctrl+.) or runs "pyassist: Summarize" (runCommand), picks the action, waits until
//      editorText(page) contains the docstring, checks mockLlm.requests.length > 0, and saves a screenshot;
//   3. append that step to STEPS.
export const STEPS = [problemsPanel, paletteCommands, restartServer, apiKey, liveSetting, restartSetting];
