// End-to-end test of the pyassist .vsix in a real VS Code: code-server on 127.0.0.1 (auth none, telemetry and
// update checks off, fresh user-data and extensions folders), the .vsix installed with --install-extension, a
// copy of fixture/ opened as the workspace, and Debian's chromium driven headless by playwright-core.
// The harness is here; what is checked is in steps.mjs (one list of steps).
//
//   node run.mjs --vsix ../pyassist.vsix [--keep] [--only TEXT]   (--only: the steps whose name holds TEXT)
//
// Needs Node 24 (code-server's requirement), /usr/bin/chromium (or $CHROMIUM) and Java 17+ for the server.
// Writes screenshots and logs to e2e/out/ (gitignored).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startMockLlm } from './mock-llm.mjs';
import { extensionLogs } from './logs.mjs';
import { MOCK_LLM_COMPLETION, MOCK_LLM_REPLY, STEPS } from './steps.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: options } = parseArgs({
    options: {
        vsix: { type: 'string', default: join(here, '..', 'pyassist.vsix') },
        keep: { type: 'boolean', default: false },
        only: { type: 'string' },
    },
});
const outDir = join(here, 'out');
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const log = (message) => console.log(`[e2e ${elapsed()}] ${message}`);

function freePort() {
    return new Promise((resolvePort, reject) => {
        const server = createServer();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolvePort(port));
        });
    });
}

function codeServerBin() {
    return join(here, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Runs code-server with the given arguments, its config, home and XDG folders kept inside `root`. */
function codeServer(root, args, logFile) {
    const env = {
        ...process.env,
        HOME: join(root, 'home'),
        XDG_CONFIG_HOME: join(root, 'xdg-config'),
        XDG_DATA_HOME: join(root, 'xdg-data'),
        XDG_CACHE_HOME: join(root, 'xdg-cache'),
    };
    delete env.PASSWORD;
    delete env.HASHED_PASSWORD;
    const child = spawn(process.execPath, [codeServerBin(), '--config', join(root, 'config.yaml'), ...args], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks = [];
    const keep = (chunk) => {
        chunks.push(chunk);
        if (logFile) {
            writeFileSync(logFile, Buffer.concat(chunks));
        }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.output = () => Buffer.concat(chunks).toString('utf8');
    return child;
}

function exited(child) {
    return new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit({ code, signal })));
}

async function waitForHttp(url, child, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (child.exitCode !== null) {
            throw new Error(`code-server exited with ${child.exitCode}:\n${child.output()}`);
        }
        try {
            const response = await fetch(url);
            if (response.ok) {
                return;
            }
        } catch {
            // not listening yet
        }
        await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms:\n${child.output()}`);
}

async function main() {
    const vsix = resolve(options.vsix);
    if (!existsSync(vsix)) {
        throw new Error(`${vsix} is missing: build it first (npm run package in vscode-client/)`);
    }
    const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
    if (!existsSync(chromiumPath)) {
        throw new Error(`${chromiumPath} is missing: apt-get install chromium (or set CHROMIUM)`);
    }
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });

    const root = mkdtempSync(join(tmpdir(), 'pyassist-e2e-'));
    const userDataDir = join(root, 'user-data');
    const extensionsDir = join(root, 'extensions');
    const workspace = join(root, 'workspace');
    const browserProfile = join(root, 'chromium-profile');
    for (const dir of [userDataDir, extensionsDir, join(root, 'home'), browserProfile]) {
        mkdirSync(dir, { recursive: true });
    }
    cpSync(join(here, 'fixture'), workspace, { recursive: true });
    writeFileSync(join(root, 'config.yaml'), 'auth: none\ncert: false\n');

    const mockLlm = await startMockLlm(MOCK_LLM_REPLY, MOCK_LLM_COMPLETION);
    const cleanups = [() => mockLlm.close()];
    try {
        mkdirSync(join(userDataDir, 'User'), { recursive: true });
        writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({
            'workbench.startupEditor': 'none',
            'workbench.tips.enabled': false,
            'workbench.enableExperiments': false,
            'workbench.secondarySideBar.defaultVisibility': 'hidden',
            'telemetry.telemetryLevel': 'off',
            'update.mode': 'none',
            'extensions.autoCheckUpdates': false,
            'extensions.autoUpdate': false,
            'extensions.ignoreRecommendations': true,
            'security.workspace.trust.enabled': false,
            'chat.disableAIFeatures': true,
            'git.enabled': false,
            'pyassist.llm.openai.model': 'mock-model',
            // a StarCoder-family name: inline completion sends fill-in-the-middle prompts to .../v1/completions
            'pyassist.llm.tasks.complete.model': 'starcoder2-mock',
        }, null, 2));
        // The server's AI actions go to the mock LLM on loopback (used by a code-action step). Endpoints and
        // routing are `machine`-scoped settings (a repository may not set them), and code-server is a remote
        // window, so they belong in its Machine settings, where VS Code reads machine settings from.
        mkdirSync(join(userDataDir, 'Machine'), { recursive: true });
        writeFileSync(join(userDataDir, 'Machine', 'settings.json'), JSON.stringify({
            'pyassist.llm.defaultBackend': 'openai',
            'pyassist.llm.openai.baseUrl': mockLlm.baseUrl,
        }, null, 2));

        log(`installing ${vsix}`);
        const install = codeServer(root, ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix]);
        const installed = await exited(install);
        if (installed.code !== 0) {
            throw new Error(`--install-extension failed (${installed.code}):\n${install.output()}`);
        }
        log(install.output().trim().split('\n').at(-1));

        const port = await freePort();
        const server = codeServer(root, [
            '--bind-addr', `127.0.0.1:${port}`,
            '--auth', 'none',
            '--disable-telemetry',
            '--disable-update-check',
            '--disable-workspace-trust',
            '--disable-getting-started-override',
            '--ignore-last-opened',
            '--user-data-dir', userDataDir,
            '--extensions-dir', extensionsDir,
            workspace,
        ], join(outDir, 'code-server.log'));
        cleanups.unshift(async () => {
            server.kill('SIGTERM');
            await Promise.race([exited(server), new Promise((r) => setTimeout(r, 5000))]);
            if (server.exitCode === null) {
                server.kill('SIGKILL');
            }
        });
        await waitForHttp(`http://127.0.0.1:${port}/healthz`, server, 60_000);
        log(`code-server listening on 127.0.0.1:${port}`);

        const context = await chromium.launchPersistentContext(browserProfile, {
            executablePath: chromiumPath,
            headless: true,
            viewport: { width: 1400, height: 900 },
            args: [
                '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                '--disable-background-networking', '--disable-component-update', '--disable-sync',
            ],
        });
        cleanups.unshift(() => context.close());
        const page = context.pages()[0] ?? await context.newPage();
        page.setDefaultTimeout(60_000);
        await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
        await page.locator('.monaco-workbench').waitFor();
        log('workbench loaded');

        const ctx = { page, workspace, outDir, mockLlm, log, userDataDir };
        const steps = options.only ? STEPS.filter((s) => s.name.includes(options.only)) : STEPS;
        for (const step of steps) {
            log(`step: ${step.name}`);
            try {
                await step.run(ctx);
            } catch (error) {
                await page.screenshot({ path: join(outDir, 'failure.png') }).catch(() => undefined);
                throw new Error(`step "${step.name}" failed: ${error.message}`, { cause: error });
            }
            log(`ok: ${step.name}`);
        }
    } catch (error) {
        const logs = extensionLogs(userDataDir);
        if (logs) {
            writeFileSync(join(outDir, 'extension-output.log'), logs);
            console.error(`pyassist output:\n${logs.slice(-4000)}`);
        }
        throw error;
    } finally {
        for (const cleanup of cleanups) {
            await cleanup().catch(() => undefined);
        }
        if (!options.keep) {
            rmSync(root, { recursive: true, force: true });
        } else {
            log(`kept ${root}`);
        }
    }
    log(`passed: ${options.only ? 'the chosen' : STEPS.length} step(s); screenshots in ${outDir}`);
}

main().catch((error) => {
    console.error(`[e2e ${elapsed()}] FAILED: ${error.stack ?? error}`);
    process.exit(1);
});
