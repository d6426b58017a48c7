// What the end-to-end test checks, in order. Each step gets the context run.mjs built:
//   { page, workspace, outDir, mockLlm: { baseUrl, requests }, log, userDataDir }
// The workspace is a copy of fixture/; the user settings already point pyassist's OpenAI-compatible backend at
// the mock LLM (mockLlm.baseUrl). To add a step, write it below and append it to STEPS.
import { join } from 'node:path';

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

// When the server's code actions land (issue 5), add the code-action step here and append it to STEPS:
//   open a fixture file with a function (add it to fixture/), put the cursor in it, open the quick-fix menu
//   (Ctrl+.) or run "pyassist: Summarize", pick the action, then assert that editorText(page) contains the
//   docstring the mock LLM returned (make startMockLlm's reply in run.mjs return that docstring) and that
//   mockLlm.requests.length > 0.
export const STEPS = [problemsPanel];
