// What the end-to-end test checks, in order. Each step gets the context run.mjs built:
//   { page, workspace, outDir, mockLlm: { baseUrl, requests }, log, userDataDir }
// The workspace is a copy of fixture/; the user settings already point pyassist's OpenAI-compatible backend at
// the mock LLM (mockLlm.baseUrl). To add a step, write it below and append it to STEPS.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extensionLogs } from './logs.mjs';

/** What the mock LLM answers next (a text, or a function of the request); a step sets it before it asks. */
let mockReply = 'mock reply';

/** What the mock LLM on loopback answers to every chat completion request (run.mjs starts it). */
export const MOCK_LLM_REPLY = (request) => (typeof mockReply === 'function' ? mockReply(request) : mockReply);

/** The middle the mock LLM completes every fill-in-the-middle prompt with (the ghost-text step types `add(`). */
export const MOCK_LLM_COMPLETION = (request) => (String(request.prompt ?? '').includes('total = add(') ? '1, 2)' : '');

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
    // Enter opens the focused row: wait until the filter has put this file there, not a row of the list before it
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor();
    await input.press('Enter');
    // the file's tab must be the active one (a tab of the same name left open by an earlier step proves nothing)
    await page.locator(`.editor-group-container.active .tabs-container .tab.active[data-resource-name="${name}"], .editor-group-container.active .tabs-container .tab.active[aria-label*="${name}"]`).first().waitFor();
    await page.locator('.editor-group-container .monaco-editor .view-lines').first().waitFor();
}

/** The text of the active editor, as shown (one line per rendered view line). */
export async function editorText(page) {
    return page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText();
}

/** The active editor's text with VS Code's rendered non-breaking spaces made plain. */
async function plainEditorText(page) {
    return (await editorText(page)).replace(/\u00a0/g, ' ');
}

/** Waits until the active editor shows `text`. */
async function waitForEditorText(page, text, what, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const shown = await plainEditorText(page);
        if (shown.includes(text)) {
            return shown;
        }
        if (Date.now() > deadline) {
            throw new Error(`${what}: the editor does not show ${JSON.stringify(text)}; it shows:\n${shown}`);
        }
        await page.waitForTimeout(250);
    }
}

/**
 * Every AI edit comes with a ChangeAnnotation that needs confirmation (pyassist.assist.preview), so VS Code shows it
 * in the Refactor Preview first: this waits for the preview, checks that it lists the edited file, and applies it.
 */
async function acceptPreview(page, outDir, name, what, file) {
    const panel = page.locator('.bulk-edit-panel').first();
    try {
        await panel.waitFor({ timeout: 60_000 });
    } catch (error) {
        throw new Error(`${what}: VS Code showed no Refactor Preview for the AI edit`, { cause: error });
    }
    const row = panel.locator('.monaco-tl-row', { hasText: file }).first();
    await row.waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(outDir, `${name}-preview.png`) });
    // A change that needs confirmation starts unticked: tick the file (all its changes), then apply.
    const box = row.locator('.monaco-checkbox, .monaco-custom-toggle, input[type=checkbox]').first();
    await box.click();
    await row.locator('.monaco-checkbox.checked, .monaco-custom-toggle.checked, input[type=checkbox]:checked').first()
        .waitFor({ timeout: 10_000 });
    await panel.locator('.monaco-button', { hasText: /^Apply$/ }).first().click();
}

/** The text of a chat request's messages, all roles together. */
function promptText(request) {
    return (request.messages ?? []).map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))).join('\n');
}

/** Waits for the mock LLM to have seen `count` requests; returns the last of them. */
async function waitForRequests(page, mockLlm, count, what) {
    const deadline = Date.now() + 30_000;
    while (mockLlm.requests.length < count) {
        if (Date.now() > deadline) {
            throw new Error(`${what}: the mock LLM saw ${mockLlm.requests.length} request(s), expected ${count}`);
        }
        await page.waitForTimeout(250);
    }
    return mockLlm.requests[count - 1];
}

/** Checks that the line after `def NAME(` is the docstring `"""TEXT"""`. */
function assertDocstringUnder(shown, name, text) {
    const lines = shown.split('\n');
    const def = lines.findIndex((line) => line.startsWith(`def ${name}(`));
    if (def < 0 || lines[def + 1]?.trim() !== `"""${text}"""`) {
        throw new Error(`the docstring is not the first statement of ${name}:\n${shown}`);
    }
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

const GREET_DOCSTRING = 'Return a friendly greeting for name.';
const FAREWELL_DOCSTRING = 'Return a polite farewell for name.';

const codeAction = {
    name: 'the code action "Write a docstring for function \'greet\' (AI)" (Ctrl+.) asks the mock LLM and puts its docstring into the editor',
    async run({ page, outDir, mockLlm, log }) {
        mockReply = GREET_DOCSTRING;
        const before = mockLlm.requests.length;
        await openFile(page, 'greet.py');
        await page.locator('.statusbar-item', { hasText: 'pyassist: ready' }).first().waitFor();
        // The cursor in greet's body.
        await page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: 'Hello, ' }).first().click();
        const title = "Write a docstring for function 'greet' (AI)";
        const row = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
        // The server may still be opening the document when the first Ctrl+. asks; ask again until the menu has it.
        const deadline = Date.now() + 60_000;
        for (;;) {
            await page.keyboard.press('Control+.');
            try {
                await row.waitFor({ timeout: 5000 });
                break;
            } catch (error) {
                if (Date.now() > deadline) {
                    throw new Error(`the code action menu has no "${title}"`, { cause: error });
                }
                await page.keyboard.press('Escape');
            }
        }
        await page.screenshot({ path: join(outDir, 'code-action-menu.png') });
        await row.click();
        const request = await waitForRequests(page, mockLlm, before + 1, 'the docstring code action');
        await acceptPreview(page, outDir, 'code-action-docstring', 'the docstring code action', 'greet.py');
        const shown = await waitForEditorText(page, `"""${GREET_DOCSTRING}"""`, 'the docstring code action');
        assertDocstringUnder(shown, 'greet', GREET_DOCSTRING);
        if (request.model !== 'mock-model' || !promptText(request).includes('def greet(')) {
            throw new Error(`unexpected request to the mock LLM: model ${request.model}, prompt:\n${promptText(request).slice(0, 2000)}`);
        }
        await page.screenshot({ path: join(outDir, 'code-action-docstring.png') });
        log(`the mock LLM got ${mockLlm.requests.length - before} request(s) (model ${request.model}); the editor shows the docstring under def greet`);
    },
};

const paletteSummarize = {
    name: '"pyassist: Summarize" from the palette runs the server\'s pyassist.summarize on the function at the cursor',
    async run({ page, outDir, mockLlm, log }) {
        mockReply = FAREWELL_DOCSTRING;
        const before = mockLlm.requests.length;
        await page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: 'Goodbye, ' }).first().click();
        await runCommand(page, 'pyassist: Summarize');
        const request = await waitForRequests(page, mockLlm, before + 1, 'pyassist: Summarize');
        await acceptPreview(page, outDir, 'palette-summarize', 'pyassist: Summarize', 'greet.py');
        const shown = await waitForEditorText(page, `"""${FAREWELL_DOCSTRING}"""`, 'pyassist: Summarize');
        assertDocstringUnder(shown, 'farewell', FAREWELL_DOCSTRING);
        if (!promptText(request).includes('def farewell(')) {
            throw new Error(`the request to the mock LLM is not about farewell:\n${promptText(request).slice(0, 2000)}`);
        }
        // The server shows the result (window/showMessage); the client does not show it a second time (VS Code would
        // merge an identical one anyway, so this mostly checks that the message is there).
        const toasts = page.locator('.notification-toast', { hasText: 'Wrote the docstring of function farewell' });
        await toasts.first().waitFor({ timeout: 10_000 });
        await page.waitForTimeout(1000);
        if (await toasts.count() !== 1) {
            throw new Error(`expected one notification about farewell's docstring, saw ${await toasts.count()}`);
        }
        await page.screenshot({ path: join(outDir, 'palette-summarize.png') });
        log('pyassist.summarize ran from the palette; the editor shows the docstring under def farewell');
    },
};

const ghostText = {
    name: 'inline completion: typing shows the server\'s suggestion as ghost text, and Tab accepts it',
    async run({ page, outDir, mockLlm, log }) {
        await openFile(page, 'complete.py');
        await page.locator('.statusbar-item', { hasText: 'pyassist: ready' }).first().waitFor();
        await page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: 'return a + b' }).first().click();
        await page.keyboard.press('Control+End');
        await page.keyboard.type('total = add(', { delay: 40 }); // the editor closes the bracket itself
        const ghost = page.locator('.editor-group-container.active .monaco-editor .ghost-text-decoration');
        await ghost.first().waitFor({ timeout: 60_000 });
        await page.screenshot({ path: join(outDir, 'ghost-text.png') });
        // the editor renders the ghost text in one span per syntax token
        const shownGhost = (await ghost.allInnerTexts()).join('').replace(/\u00a0/g, ' ');
        if (!shownGhost.includes('1, 2')) {
            throw new Error(`the ghost text shows ${JSON.stringify(shownGhost)}, not the suggestion "1, 2"`);
        }
        await page.keyboard.press('Tab');
        await waitForEditorText(page, 'total = add(1, 2)', 'accepting the ghost text');
        const shown = await plainEditorText(page);
        if (shown.includes('add(1, 2))')) {
            throw new Error(`the suggestion repeated the closing bracket the editor had already:\n${shown}`);
        }
        const fim = mockLlm.completions.find((r) => String(r.prompt).includes('total = add('));
        if (!fim || !String(fim.prompt).startsWith('<fim_prefix>') || !String(fim.prompt).endsWith('<fim_middle>')) {
            throw new Error(`no StarCoder fill-in-the-middle prompt reached the mock: ${JSON.stringify(mockLlm.completions.at(-1) ?? null).slice(0, 1000)}`);
        }
        await page.screenshot({ path: join(outDir, 'ghost-text-accepted.png') });
        log(`ghost text "${shownGhost}" shown and accepted; the mock saw ${mockLlm.completions.length} completion request(s)`);
    },
};


/** The chat's routing call gets its label; every other request the answer. */
const chatReply = (answer) => (request) =>
    (promptText(request).includes('Classify a developer') ? 'explain' : answer);

/** The chat page inside the panel: VS Code's webview frame, its content frame, then the frame on the server's UI. */
function chatFrame(page) {
    return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame').frameLocator('#pyassist-ui');
}

const SHOUT = 'def shout(name):\n    return name.upper() + "!"';

const chatPanelInsert = {
    name: '"pyassist: Open Chat (Panel)" shows the chat in a panel; an answer\'s code block goes into the editor with "Insert at cursor"',
    async run({ page, outDir, mockLlm, log }) {
        await openFile(page, 'greet.py');
        await page.locator('.statusbar-item', { hasText: 'pyassist: ready' }).first().waitFor();
        // the cursor at the end of the file, on a line of its own
        await page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: 'Goodbye, ' }).first().click();
        await page.keyboard.press('Control+End');
        await page.keyboard.press('Enter');
        await page.keyboard.press('Enter');
        await page.keyboard.press('Enter');
        await page.keyboard.press('Shift+Tab'); // back to column 0 after the editor's auto-indent
        mockReply = chatReply(`Like this:\n\n\`\`\`python\n${SHOUT}\n\`\`\`\n`);
        await runCommand(page, 'pyassist: Open Chat (Panel)');
        const chat = chatFrame(page);
        await chat.locator('#message').waitFor({ timeout: 60_000 });
        const before = mockLlm.requests.length;
        await chat.locator('#message').fill('How do I shout a name?');
        await chat.locator('#send').click();
        const insert = chat.locator('.turn.answer .code-block button.insert').last();
        await insert.waitFor({ timeout: 60_000 });
        await chat.locator('.turn.answer .route', { hasText: 'ask → explain' }).last().waitFor();
        if (mockLlm.requests.length < before + 2) {
            throw new Error(`the chat sent ${mockLlm.requests.length - before} request(s) to the mock LLM, expected routing and the answer`);
        }
        await page.screenshot({ path: join(outDir, 'chat-panel.png') });
        await insert.click();
        await chat.locator('.turn.notice', { hasText: 'Inserted the code' }).waitFor({ timeout: 30_000 });
        const shown = await waitForEditorText(page, 'def shout(name):', 'Insert at cursor');
        if (!shown.includes('return name.upper() + "!"') || !shown.includes('def farewell(name):')) {
            throw new Error(`the editor does not show the inserted block after farewell:\n${shown}`);
        }
        await page.screenshot({ path: join(outDir, 'chat-panel-inserted.png') });
        log('the chat panel answered through the mock LLM and "Insert at cursor" put def shout into greet.py');
    },
};

const chatApplyDiff = {
    name: '"Apply as a diff" in the chat panel replaces the function at the cursor after the Refactor Preview',
    async run({ page, outDir, log }) {
        const louder = 'def shout(name):\n    return name.upper() + "!!!"';
        mockReply = chatReply(`Louder:\n\n\`\`\`python\n${louder}\n\`\`\`\n`);
        // the cursor in shout's body, then over to the panel
        await page.locator('.editor-group-container .monaco-editor .view-line', { hasText: 'name.upper()' }).first().click();
        const chat = chatFrame(page);
        await chat.locator('#message').fill('Make it louder');
        await chat.locator('#send').click();
        const apply = chat.locator('.turn.answer', { hasText: 'Louder' }).locator('.code-block button.apply-diff');
        await apply.waitFor({ timeout: 60_000 });
        await apply.click();
        await acceptPreview(page, outDir, 'chat-apply-diff', 'Apply as a diff', 'greet.py');
        const shown = await waitForEditorText(page, 'name.upper() + "!!!"', 'Apply as a diff');
        if ((shown.match(/def shout\(name\):/g) ?? []).length !== 1) {
            throw new Error(`the diff did not replace shout in place:\n${shown}`);
        }
        log('"Apply as a diff" went through the Refactor Preview and replaced def shout');
    },
};

const askInChat = {
    name: 'with the chat panel open, "pyassist: Ask" answers in the chat, not in a notification',
    async run({ page, outDir, log }) {
        const answer = 'A dict maps keys to values.';
        mockReply = chatReply(answer);
        await page.locator('.editor-group-container .monaco-editor .view-line', { hasText: 'Hello, ' }).first().click();
        // the palette's row, then the command's own input box in the same quick-input widget
        await page.keyboard.press('F1');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        await input.fill('>pyassist: Ask');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'pyassist: Ask' }).first().waitFor();
        await input.press('Enter');
        await page.locator('.quick-input-widget .quick-input-title', { hasText: 'pyassist: Ask' }).waitFor();
        await input.fill('What is a dict?');
        await input.press('Enter');
        const chat = chatFrame(page);
        await chat.locator('.turn.answer', { hasText: answer }).first().waitFor({ timeout: 60_000 });
        await chat.locator('.turn.question', { hasText: 'What is a dict?' }).first().waitFor();
        await chat.locator('.conversation-link.active', { hasText: 'Asked in the editor' }).waitFor();
        const toasts = page.locator('.notification-toast', { hasText: answer });
        if (await toasts.count() !== 0) {
            throw new Error('the answer was shown in a notification too');
        }
        await page.screenshot({ path: join(outDir, 'chat-panel-ask.png') });
        log('pyassist.ask with the panel open: the answer is a turn of "Asked in the editor" in the panel, no toast');
    },
};

// the chat steps come before the settings steps, whose last one leaves the Settings editor open over the workbench
export const STEPS = [problemsPanel, paletteCommands, restartServer, apiKey, codeAction, paletteSummarize, ghostText,
    chatPanelInsert, chatApplyDiff, askInChat, liveSetting, restartSetting];
