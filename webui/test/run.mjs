// The web UI in Debian's chromium (playwright-core), on `pyassist web` from the built jar, with a mock LLM on
// loopback (the VS Code e2e's mock-llm.mjs). Checks the proof list: the playground squiggles a syntax
// error and a validator finding (and applies the names layer's quick fix); a follow-up sends the previous turn to the LLM; three uploaded files are the
// answer's context; a thumbs-down with a comment lands in SQLite; a reload keeps the history; no token gets 403
// and a cross-origin request is refused. Then the page as an editor frames it: under a path-prefix proxy that
// rewrites Host (as code-server's /proxy/PORT/ does), with no cookie and the token in a header, and its code
// blocks' "Insert at cursor" posted to the parent. Takes the README's screenshots
// (--screenshots DIR).
//
//   node test/run.mjs [--jar ../server/target/pyassist.jar] [--screenshots ../docs/images]
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startMockLlm } from '../../vscode-client/e2e/mock-llm.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const { values: options } = parseArgs({
    options: {
        jar: { type: 'string', default: join(repo, 'server', 'target', 'pyassist.jar') },
        screenshots: { type: 'string' },
    },
});
const started = Date.now();
const log = (m) => console.log(`[webui ${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`);
let passed = 0;
let failed = 0;
const cleanups = [];

async function step(name, fn) {
    try {
        await fn();
        passed++;
        log(`ok: ${name}`);
    } catch (e) {
        failed++;
        log(`FAILED: ${name}: ${e.stack ?? e}`);
    }
}

function assert(condition, message) {
    if (!condition) {
        throw new Error(message);
    }
}

// The mock: the routing call is answered "explain"; every other call names its number and echoes a code block.
let answers = 0;
const mock = await startMockLlm((request) => {
    const system = request.messages?.find((m) => m.role === 'system')?.content ?? '';
    if (system.startsWith('Classify')) {
        return 'explain';
    }
    answers++;
    return `Answer ${answers}: here is an example.\n\n\`\`\`python\ndef example():\n    return ${answers}\n\`\`\`\n`;
});
cleanups.push(() => mock.close());

const root = mkdtempSync(join(tmpdir(), 'pyassist-webui-'));
cleanups.push(() => rmSync(root, { recursive: true, force: true }));
const workspace = join(root, 'workspace');
mkdirSync(workspace, { recursive: true });
writeFileSync(join(workspace, 'pyproject.toml'), '[project]\nname = "demo"\n');
const config = join(root, 'config', 'pyassist');
mkdirSync(config, { recursive: true });
const KEY = 'sk-webui-test-SECRET-000000000000';
writeFileSync(join(config, 'settings.json'), JSON.stringify({
    llm: { defaultBackend: 'openai', openai: { baseUrl: mock.baseUrl, apiKey: KEY, model: 'mock-model', maxRetries: 0 } },
    // the shipped validator reports examples/clamp.py's inverted comparison from this sensitivity on
    validator: { sensitivity: 0.25 },
}));
const dataDir = join(root, 'data');

const server = spawn('java', ['-XX:TieredStopAtLevel=1', '-jar', options.jar, 'web', '--no-browser', '--root', workspace], {
    env: { ...process.env, HOME: join(root, 'home'), XDG_CONFIG_HOME: join(root, 'config'), XDG_DATA_HOME: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
});
cleanups.unshift(() => server.kill('SIGTERM'));
let stderr = '';
server.stderr.on('data', (c) => { stderr += c; });
const launchUrl = await new Promise((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`pyassist web printed no URL in 60 s; stderr: ${stderr}`)), 60_000);
    server.stdout.on('data', (c) => {
        out += c;
        const m = /pyassist web: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
        if (m) {
            clearTimeout(timer);
            resolveUrl(m[1]);
        }
    });
    server.on('exit', (code) => reject(new Error(`pyassist web exited (${code}): ${stderr}`)));
});
const base = new URL(launchUrl).origin;
log(`pyassist web on ${base}`);

let browser;
try {
    browser = await chromium.launch({
        executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const cspViolations = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) { cspViolations.push(m.text()); } });

    await step('no token: 403', async () => {
        const r = await fetch(`${base}/`);
        assert(r.status === 403, `status ${r.status}`);
        const api = await fetch(`${base}/api/conversations`);
        assert(api.status === 403, `api status ${api.status}`);
    });

    await step('the launch URL opens the chat and drops the token from the address', async () => {
        await page.goto(launchUrl);
        assert(new URL(page.url()).search === '', page.url());
        await page.waitForSelector('#page-chat:not([hidden])');
        const cookies = await context.cookies(base);
        assert(cookies.length === 1 && cookies[0].httpOnly && cookies[0].sameSite === 'Strict', JSON.stringify(cookies));
        assert(await page.evaluate(() => document.cookie) === '', 'the page cannot read the token');
    });

    const answerCount = () => page.locator('.turn.answer:not(.pending)').count();
    async function ask(text) {
        const before = await answerCount();
        await page.fill('#message', text);
        await page.click('#send');
        await page.waitForFunction((n) => document.querySelectorAll('.turn.answer:not(.pending)').length > n, before);
        return page.locator('.turn.answer:not(.pending)').last();
    }

    await step('an answer streams in as Markdown with a highlighted code block, its routing and model', async () => {
        const answer = await ask('What is a list?');
        assert((await answer.locator('.route').textContent()).includes('ask → explain, by model'), await answer.textContent());
        assert((await answer.locator('.route').textContent()).includes('openai:mock-model'), await answer.textContent());
        assert(await answer.locator('.code-block .tok-keyword').count() > 0, 'highlighted code');
        assert(await answer.locator('button.copy').count() === 1, 'a copy button');
    });

    await step('a follow-up sends the previous turn to the LLM', async () => {
        await ask('And a tuple?');
        const last = mock.requests[mock.requests.length - 1];
        const contents = last.messages.map((m) => m.content);
        assert(contents.includes('What is a list?'), JSON.stringify(contents));
        assert(contents.some((c) => c.startsWith('Answer 1:')), JSON.stringify(contents));
    });

    await step('three uploaded files appear in the answer\'s context', async () => {
        await page.setInputFiles('#files', [
            { name: 'alpha.py', mimeType: 'text/x-python', buffer: Buffer.from('def alpha():\n    return 1\n') },
            { name: 'beta.py', mimeType: 'text/x-python', buffer: Buffer.from('def beta():\n    return 2\n') },
            { name: 'gamma.py', mimeType: 'text/x-python', buffer: Buffer.from('def gamma():\n    return 3\n') },
        ]);
        await page.waitForFunction(() => document.querySelectorAll('#attached .chip').length === 3);
        const answer = await ask('What do these files do?');
        const files = await answer.locator('.context-file').allTextContents();
        assert(JSON.stringify(files) === JSON.stringify(['alpha.py', 'beta.py', 'gamma.py']), JSON.stringify(files));
        assert(mock.requests[mock.requests.length - 1].messages.some((m) => m.content.includes('def gamma()')),
            'the attachments went into the prompt');
    });

    await step('a thumbs-down with a comment lands in SQLite', async () => {
        const answer = page.locator('.turn.answer:not(.pending)').last();
        const id = await answer.getAttribute('data-answer-id');
        await answer.locator('.comment').fill('missed the point');
        await answer.locator('.rate-down').click();
        await answer.locator('.rated', { hasText: 'Thanks' }).waitFor();
        const row = execFileSync('python3', ['-c', 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); '
            + 'print("|".join(map(str, c.execute("select rating, comment from answers where id = ?", (sys.argv[2],)).fetchone())))',
        join(dataDir, 'pyassist', 'history.db'), id], { encoding: 'utf8' }).trim();
        assert(row === 'down|missed the point', row);
    });

    if (options.screenshots) {
        mkdirSync(options.screenshots, { recursive: true });
        await page.screenshot({ path: join(options.screenshots, 'chat.png') });
    }

    await step('a reload keeps the history', async () => {
        await page.reload();
        await page.waitForFunction(() => document.querySelectorAll('.turn.question').length === 3);
        const questions = await page.locator('.turn.question').allTextContents();
        assert(questions[0] === 'What is a list?', JSON.stringify(questions));
        assert(await page.locator('.conversation-link').count() === 1, 'one conversation in the list');
        assert(await page.locator('.rate-down.chosen').count() === 1, 'the rating is shown again');
    });

    await step('a cross-origin request is refused', async () => {
        const r = await fetch(`${base}/api/conversations`, { method: 'POST', headers: { Origin: 'http://evil.example',
            'Content-Type': 'application/json' }, body: '{}' });
        assert(r.status === 403, `status ${r.status}`);
        // a real page of another origin (another port of 127.0.0.1) posts with the user's browser
        const evil = createServer((req, res) => {
            res.writeHead(200, { 'content-type': 'text/html' });
            res.end(`<script>fetch(${JSON.stringify(base + '/api/conversations')}, {method: 'POST', mode: 'no-cors',
                credentials: 'include', body: '{"title": "planted"}'}).finally(() => { document.title = 'sent'; });</script>`);
        });
        await new Promise((r2) => evil.listen(0, '127.0.0.1', r2));
        cleanups.unshift(() => new Promise((r2) => evil.close(r2)));
        const other = await context.newPage();
        await other.goto(`http://127.0.0.1:${evil.address().port}/`);
        await other.waitForFunction(() => document.title === 'sent');
        await other.close();
        const list = await page.evaluate(async () => (await (await fetch('/api/conversations')).json()).conversations);
        assert(!list.some((c) => c.title === 'planted'), JSON.stringify(list));
    });

    await step('framed by an editor behind a Host-rewriting proxy, the page works on a header token and posts inserts to its parent', async () => {
        // code-server's layout: its own page at / frames the UI under /proxy/PORT/ (prefix stripped, the browser's
        // Host and Origin passed through unchanged), so the server sees a Host and Origin that are not its own
        const token = new URL(launchUrl).searchParams.get('token');
        const framed = `/proxy/${new URL(base).port}/chat?token=${token}&embed=1`;
        const proxy = createServer((req, res) => {
            if (req.url === '/') {
                res.writeHead(200, { 'content-type': 'text/html' });
                res.end(`<iframe id="ui" src="${framed}" style="width:1200px;height:800px"></iframe>
                    <script>window.got = []; addEventListener('message', (e) => window.got.push(e.data));</script>`);
                return;
            }
            const m = /^\/proxy\/(\d+)(\/.*)?$/.exec(req.url);
            if (!m) { res.writeHead(404); res.end(); return; }
            const up = httpRequest({ host: '127.0.0.1', port: Number(m[1]), path: m[2] ?? '/', method: req.method,
                headers: req.headers }, (r) => { res.writeHead(r.statusCode, r.headers); r.pipe(res); });
            req.pipe(up);
        });
        await new Promise((r2) => proxy.listen(0, '127.0.0.1', r2));
        cleanups.unshift(() => new Promise((r2) => { proxy.closeAllConnections(); proxy.close(r2); }));
        const fresh = await browser.newContext({ viewport: { width: 1280, height: 860 } });
        cleanups.unshift(() => fresh.close());
        const editor = await fresh.newPage();
        editor.setDefaultTimeout(30_000);
        editor.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) { cspViolations.push(m.text()); } });
        await editor.goto(`http://localhost:${proxy.address().port}/`);
        const frame = editor.frameLocator('#ui');
        await frame.locator('#message').fill('What is a set?');
        await frame.locator('#send').click();
        const answer = frame.locator('.turn.answer:not(.pending)').last();
        const insert = answer.locator('.code-block button.insert');
        await insert.waitFor();
        assert(await answer.locator('.code-block button.apply-diff').count() === 1, 'an "Apply as a diff" button');
        const inFrame = editor.frames().find((f) => f.url().includes('/proxy/'));
        assert(inFrame && !inFrame.url().includes('token='), `the frame dropped the token from its address: ${inFrame?.url()}`);
        assert((await fresh.cookies()).length === 0, `no cookie: ${JSON.stringify(await fresh.cookies())}`);
        await insert.click();
        await editor.waitForFunction(() => window.got.some((m) => m.type === 'pyassist.insert'));
        const got = await editor.evaluate(() => window.got.find((m) => m.type === 'pyassist.insert'));
        assert(/^def example\(\):\n    return \d+$/.test(got.code), JSON.stringify(got));
    });

    await step('the playground squiggles a syntax error', async () => {
        await page.click('nav a[data-page="playground"]');
        await page.waitForSelector('#page-playground:not([hidden]) .cm-editor');
        await page.evaluate(() => {
            const v = window.pyassistPlayground;
            v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: 'def broken(x:\n    return x\n' } });
        });
        await page.waitForSelector('.cm-lintRange-error');
    });

    await step('the playground offers the names layer\'s quick fix, and applying it edits the code', async () => {
        await page.evaluate(() => {
            const v = window.pyassistPlayground;
            v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: 'import os\n\n\ndef f():\n    return 1\n' } });
        });
        await page.waitForSelector('.cm-lintRange-warning');
        await page.hover('.cm-lintRange-warning');
        const fix = page.locator('.cm-tooltip-lint .cm-diagnosticAction', { hasText: 'Remove unused import' }).first();
        await fix.click();
        await page.waitForFunction(() => !window.pyassistPlayground.state.doc.toString().includes('import os'));
    });

    await step('the playground squiggles a validator finding and gives its function a verdict', async () => {
        const deadline = Date.now() + 120_000;
        for (;;) {
            const state = await page.evaluate(async () => (await (await fetch('/api/status')).json()).validator);
            if (state === 'ready') { break; }
            assert(!state.startsWith('off') && Date.now() < deadline, `validator: ${state}`);
            await new Promise((r2) => setTimeout(r2, 500));
        }
        const code = readFileSync(join(repo, 'examples', 'clamp.py'), 'utf8');
        await page.evaluate((text) => {
            const v = window.pyassistPlayground;
            v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
        }, code);
        await page.waitForSelector('.cm-lintRange-warning, .cm-lintRange-info');
        await page.locator('.verdict.wrong', { hasText: 'looks wrong' }).first().waitFor();
        const text = await page.locator('.verdict.wrong').first().textContent();
        assert(/validator confidence 0\.\d\d/.test(text), text);
        if (options.screenshots) {
            await page.hover('.cm-lintRange-warning, .cm-lintRange-info');
            await page.waitForSelector('.cm-tooltip-lint');
            await page.screenshot({ path: join(options.screenshots, 'playground.png') });
        }
    });

    await step('no CSP violation and no key reached the page', async () => {
        assert(cspViolations.length === 0, cspViolations.join('\n'));
        const status = await page.evaluate(async () => JSON.stringify(await (await fetch('/api/status')).json()));
        assert(!status.includes(KEY), status);
        assert(!(await page.content()).includes(KEY), 'page');
    });
} catch (e) {
    failed++;
    log(`FAILED: ${e.stack ?? e}`);
} finally {
    await browser?.close();
    for (const c of cleanups) {
        try { await c(); } catch { /* best effort */ }
    }
}
console.log(`${passed} passed, ${failed} failed`);
if (failed && stderr) {
    console.log(`pyassist web's stderr:\n${stderr}`);
}
process.exit(failed ? 1 : 0);
