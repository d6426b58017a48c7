/**
 * The pyassist VS Code extension: finds Java and the server, runs it through vscode-languageclient, shows its
 * state in the status bar, maps settings, and offers the assist commands. All decisions are pure functions in
 * the other modules (unit-tested); this file wires them to VS Code.
 */
import { execFile } from 'node:child_process';
import * as readline from 'node:readline';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
    DidChangeConfigurationNotification,
    ExecuteCommandRequest,
    LanguageClient,
    type LanguageClientOptions,
    type ServerOptions,
    State,
} from 'vscode-languageclient/node';
import { errorText, findJava, type JavaProbe } from './javaLookup';
import { API_KEYS, describeLaunch, launchCommand, serverEnvironment, type Provider } from './launch';
import {
    askArgument,
    type EditorTarget,
    rateArgument,
    messageToShow,
    ServerCommand,
    type ServerCommandId,
    type ServerStatus,
    serverOffers,
    STATUS_NOTIFICATION,
    targetArgument,
    TRANSLATE_LANGUAGES,
} from './protocol';
import { SerialRunner } from './serial';
import { openWebUi } from './web';
import { ChatPanel } from './chatPanel';
import { type LogLevel, serverLogLevel } from './serverLog';
import { findServer } from './serverLookup';
import { answerConfiguration, classifyChange, openSettingCommand, SECTION, toServerSettings } from './settings';
import { type StatusView, viewOfClientState, viewOfStatus } from './status';
import { initializationOptions, TRUST_NOTIFICATION, trustGranted } from './trust';

const PYTHON_SELECTOR = [
    { scheme: 'file', language: 'python' },
    { scheme: 'untitled', language: 'python' },
];

/** Palette command ids. The server's own ids (`pyassist.summarize`, ...) are registered by the language client
 *  itself once the server lists them in `executeCommandProvider` (code actions use them), so ours differ. */
export const ClientCommand = {
    summarize: 'pyassist.client.summarize',
    translate: 'pyassist.client.translate',
    generate: 'pyassist.client.generate',
    ask: 'pyassist.client.ask',
    rate: 'pyassist.client.rate',
    openWeb: 'pyassist.client.openWeb',
    openChat: 'pyassist.client.openChat',
    setApiKey: 'pyassist.client.setApiKey',
    restartServer: 'pyassist.client.restartServer',
    showOutput: 'pyassist.client.showOutput',
} as const;

class PyassistExtension implements vscode.Disposable {
    private readonly output: vscode.LogOutputChannel;
    private readonly statusItem: vscode.StatusBarItem;
    private readonly restarter: SerialRunner;
    private readonly disposables: vscode.Disposable[] = [];
    private client: LanguageClient | undefined;
    private readonly chat: ChatPanel;

    constructor(private readonly context: vscode.ExtensionContext) {
        this.output = vscode.window.createOutputChannel('pyassist', { log: true });
        this.statusItem = vscode.window.createStatusBarItem('pyassist.status', vscode.StatusBarAlignment.Left, 0);
        this.statusItem.name = 'pyassist';
        this.statusItem.command = ClientCommand.showOutput;
        this.restarter = new SerialRunner(() => this.restartNow());
        this.chat = new ChatPanel(() => (this.client?.state === State.Running ? this.client : undefined), this.output);
        this.disposables.push(this.output, this.statusItem, this.chat);
    }

    async activate(): Promise<void> {
        const register = (id: string, run: (...args: unknown[]) => unknown) =>
            this.disposables.push(vscode.commands.registerCommand(id, run));
        register(ClientCommand.showOutput, () => this.output.show(true));
        register(ClientCommand.restartServer, () => this.restart('the Restart Server command'));
        register(ClientCommand.setApiKey, () => this.setApiKey());
        register(ClientCommand.summarize, () => this.runTargetCommand(ServerCommand.summarize));
        register(ClientCommand.generate, () => this.runTargetCommand(ServerCommand.generate));
        register(ClientCommand.translate, () => this.translate());
        register(ClientCommand.ask, () => this.ask());
        register(ClientCommand.rate, () => this.rate());
        register(ClientCommand.openWeb, () => this.openWeb());
        register(ClientCommand.openChat, () => this.openChat());
        this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => this.onConfigurationChanged(e)));
        // Restricted Mode: the server asks before an AI action first sends code; once trusted, it need not.
        this.disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(() => {
            const client = this.client;
            if (client?.state === State.Running) {
                this.output.info('workspace trust granted; telling the server');
                void client.sendNotification(TRUST_NOTIFICATION, trustGranted())
                    .catch((error) => this.output.warn(`sending workspace trust: ${errorText(error)}`));
            }
        }));
        // Keys travel in the server's environment: a changed key (here or in another window) needs a new process.
        this.disposables.push(this.context.secrets.onDidChange((e) => {
            const key = API_KEYS.find((k) => k.secretKey === e.key);
            if (key !== undefined) {
                void this.restart(`a change of the stored ${key.envVar}`);
            }
        }));
        this.showStatus(viewOfClientState('starting'));
        this.statusItem.show();
        await this.restart('activation');
    }

    async dispose(): Promise<void> {
        const client = this.client;
        this.client = undefined;
        if (client !== undefined) {
            await client.dispose().catch(() => undefined);
        }
        for (const d of this.disposables) {
            d.dispose();
        }
    }

    // ---- server lifecycle -------------------------------------------------------------------------------

    private restart(reason: string): Promise<void> {
        this.output.info(`(re)start requested by ${reason}`);
        return this.restarter.request().catch((error) => {
            this.output.error(`starting the server failed: ${errorText(error)}`);
        });
    }

    /** Stops the running client (if any) and starts a new one. Runs one at a time (see SerialRunner). */
    private async restartNow(): Promise<void> {
        const previous = this.client;
        this.client = undefined;
        if (previous !== undefined) {
            this.output.info('stopping the server');
            await previous.dispose(5000).catch((error) => this.output.warn(`stopping the server: ${errorText(error)}`));
        }
        this.showStatus(viewOfClientState('starting'));
        const serverOptions = await this.serverOptions();
        if (serverOptions === undefined) {
            return;
        }
        const client = new LanguageClient(SECTION, 'pyassist', serverOptions, this.clientOptions());
        let statusSeen = false;
        client.onDidChangeState((e) => {
            if (this.client !== client) {
                return;
            }
            if (e.newState === State.Stopped) {
                statusSeen = false;
                this.showStatus(viewOfClientState('stopped', 'Use "pyassist: Restart Server" to start it again.'));
            } else if (e.newState === State.Starting) {
                statusSeen = false;
                this.showStatus(viewOfClientState('starting'));
            } else if (e.newState === State.Running && !statusSeen) {
                // A server that never sends pyassist/status still shows as running.
                this.showStatus(viewOfClientState('running'));
            }
        });
        client.onNotification(STATUS_NOTIFICATION, (status: ServerStatus) => {
            if (this.client === client) {
                statusSeen = true;
                this.output.info(`status: ${JSON.stringify(status)}`);
                this.showStatus(viewOfStatus(status));
            }
        });
        this.client = client;
        try {
            await client.start();
            const info = client.initializeResult?.serverInfo;
            this.output.info(`server started: ${info ? `${info.name} ${info.version ?? ''}`.trim() : 'unnamed server'}`);
        } catch (error) {
            this.showStatus(viewOfClientState('failed', `The server did not start: ${errorText(error)}`));
            throw error;
        }
    }

    /** The ordered search for the server and Java; undefined (after telling the user) when none is usable. */
    private async serverOptions(): Promise<ServerOptions | undefined> {
        const config = vscode.workspace.getConfiguration(SECTION);
        const isFile = async (file: string) => {
            try {
                return (await fs.stat(file)).isFile();
            } catch {
                return false;
            }
        };
        const serverSearch = await findServer({
            settingPath: config.get<string>('server.path'),
            bundledJar: this.context.asAbsolutePath(path.join('server', 'pyassist.jar')),
        }, isFile);
        serverSearch.log.forEach((line) => this.output.info(`server lookup: ${line}`));
        if (!serverSearch.ok) {
            this.fail(serverSearch.message, 'pyassist.server.path');
            return undefined;
        }
        if (serverSearch.warning !== undefined) {
            void this.offerSetting(vscode.window.showWarningMessage, serverSearch.warning, 'pyassist.server.path');
        }

        let java: string | undefined;
        if (serverSearch.server.kind === 'jar') {
            const probe: JavaProbe = { isFile, versionOutput: javaVersionOutput };
            const javaSearch = await findJava({
                settingHome: config.get<string>('java.home'),
                envJavaHome: process.env['JAVA_HOME'],
                envPath: process.env['PATH'],
                platform: process.platform,
            }, probe);
            javaSearch.log.forEach((line) => this.output.info(`java lookup: ${line}`));
            if (!javaSearch.ok) {
                this.fail(javaSearch.message, 'pyassist.java.home');
                return undefined;
            }
            java = javaSearch.executable;
        }

        // A JVM crash log goes to the temp folder, never into the workspace (the server's working directory); the
        // start-up archive lives in the extension's own storage (the server makes it there when it is missing).
        const launch = launchCommand(serverSearch.server, java,
            config.get<string[]>('java.args') ?? [], config.get<string[]>('server.args') ?? [], os.tmpdir(),
            this.context.globalStorageUri.fsPath);
        const keys = await this.storedKeys();
        const env = serverEnvironment(process.env, keys);
        const withKeys = API_KEYS.filter((k) => keys[k.provider]).map((k) => k.envVar);
        this.output.info(`launching: ${describeLaunch(launch)}`
            + (withKeys.length > 0 ? ` (with ${withKeys.join(', ')} from secret storage in its environment)` : ''));
        return { command: launch.command, args: launch.args, options: { env } };
    }

    private clientOptions(): LanguageClientOptions {
        const currentSettings = (scopeUri?: string) => {
            const scope = scopeUri ? vscode.Uri.parse(scopeUri) : undefined;
            const config = vscode.workspace.getConfiguration(SECTION, scope);
            return toServerSettings((key) => config.inspect(key));
        };
        return {
            documentSelector: PYTHON_SELECTOR,
            outputChannel: this.output,
            traceOutputChannel: this.output,
            stdioOptions: {
                stdout: (input, output) => {
                    readline.createInterface({ input, crlfDelay: Infinity, terminal: false, historySize: 0 }).on('line', (line) => output.info(line));
                },
                stderr: (input, output) => {
                    let level: LogLevel | undefined;
                    readline.createInterface({ input, crlfDelay: Infinity, terminal: false, historySize: 0 }).on('line', (line) => {
                        level = serverLogLevel(line, level);
                        output[level](line);
                    });
                },
            },
            initializationOptions: initializationOptions(currentSettings(), vscode.workspace.isTrusted),
            middleware: {
                workspace: {
                    // The server pulls section `pyassist`; answer with the mapped, explicitly set settings.
                    configuration: async (params, token, next) => {
                        const defaults = await next(params, token);
                        if (!Array.isArray(defaults)) {
                            return defaults;
                        }
                        return answerConfiguration(params.items, defaults, currentSettings);
                    },
                },
            },
        };
    }

    private onConfigurationChanged(event: vscode.ConfigurationChangeEvent): void {
        const change = classifyChange((key) => event.affectsConfiguration(key));
        if (change === 'restart') {
            void this.restart('a settings change that needs a restart');
        } else if (change === 'push') {
            const client = this.client;
            if (client?.state === State.Running) {
                const settings = toServerSettings((key) => vscode.workspace.getConfiguration(SECTION).inspect(key));
                this.output.info('settings changed; sending them to the server');
                void client.sendNotification(DidChangeConfigurationNotification.type, { settings: { [SECTION]: settings } })
                    .catch((error) => this.output.warn(`sending settings: ${errorText(error)}`));
            }
        }
    }

    private fail(message: string, setting: string): void {
        this.output.error(message);
        this.showStatus(viewOfClientState('failed', message));
        void this.offerSetting(vscode.window.showErrorMessage, message, setting);
    }

    private async offerSetting(
        show: (message: string, ...items: string[]) => Thenable<string | undefined>,
        message: string,
        setting: string,
    ): Promise<void> {
        const open = 'Open Setting';
        const output = 'Show Output';
        const picked = await show(`pyassist: ${message}`, open, output);
        if (picked === open) {
            const open = openSettingCommand(setting, vscode.env.remoteName);
            await vscode.commands.executeCommand(open.command, open.argument);
        } else if (picked === output) {
            this.output.show(true);
        }
    }

    private showStatus(view: StatusView): void {
        this.statusItem.text = view.text;
        this.statusItem.tooltip = view.tooltip;
        this.statusItem.backgroundColor = view.severity === 'error'
            ? new vscode.ThemeColor('statusBarItem.errorBackground')
            : view.severity === 'warning'
                ? new vscode.ThemeColor('statusBarItem.warningBackground')
                : undefined;
    }

    // ---- API keys -----------------------------------------------------------------------------------------

    private async storedKeys(): Promise<Partial<Record<Provider, string>>> {
        const keys: Partial<Record<Provider, string>> = {};
        for (const key of API_KEYS) {
            const value = await this.context.secrets.get(key.secretKey);
            if (value) {
                keys[key.provider] = value;
            }
        }
        return keys;
    }

    private async setApiKey(): Promise<void> {
        const picked = await vscode.window.showQuickPick(
            API_KEYS.map((k) => ({ label: k.label, description: k.envVar, key: k })),
            { title: 'pyassist: Set API Key', placeHolder: 'Which provider?' });
        if (picked === undefined) {
            return;
        }
        const value = await vscode.window.showInputBox({
            title: `pyassist: ${picked.key.label} API key`,
            prompt: `Stored in VS Code's secret storage and given to the server as ${picked.key.envVar}. Leave empty to remove the stored key.`,
            password: true,
            ignoreFocusOut: true,
        });
        if (value === undefined) {
            return;
        }
        if (value.trim() === '') {
            await this.context.secrets.delete(picked.key.secretKey);
            this.output.info(`removed the stored ${picked.key.envVar}`);
        } else {
            await this.context.secrets.store(picked.key.secretKey, value.trim());
            this.output.info(`stored ${picked.key.envVar} in secret storage`);
        }
        // secrets.onDidChange restarts the server with the new environment.
    }

    // ---- assist commands ----------------------------------------------------------------------------------

    private editorTarget(requirePython: boolean): EditorTarget | undefined {
        const editor = vscode.window.activeTextEditor;
        const client = this.client;
        if (editor === undefined || client === undefined || (requirePython && editor.document.languageId !== 'python')) {
            return undefined;
        }
        const c2p = client.code2ProtocolConverter;
        return {
            uri: c2p.asUri(editor.document.uri),
            selection: c2p.asRange(editor.selection),
            cursor: c2p.asPosition(editor.selection.active),
        };
    }

    private async runTargetCommand(command: ServerCommandId, extra: Record<string, unknown> = {}): Promise<void> {
        const target = this.editorTarget(true);
        if (target === undefined) {
            void vscode.window.showInformationMessage('pyassist: open a Python file and put the cursor in a function or class, or select code.');
            return;
        }
        await this.execute(command, { ...targetArgument(target), ...extra });
    }

    private async translate(): Promise<void> {
        const picked = await vscode.window.showQuickPick(
            TRANSLATE_LANGUAGES.map((l) => ({ label: l.label, id: l.id })),
            { title: 'pyassist: Translate', placeHolder: 'Translate to…' });
        if (picked !== undefined) {
            await this.runTargetCommand(ServerCommand.translate, { language: picked.id });
        }
    }

    private async ask(): Promise<void> {
        const question = await vscode.window.showInputBox({
            title: 'pyassist: Ask',
            prompt: 'Summarize, translate, generate or explain: say what you want, about the code at the cursor or the selection.',
            ignoreFocusOut: true,
        });
        if (question !== undefined && question.trim() !== '') {
            // with the chat panel open, the answer goes there (the server then shows no popup)
            const inChat = this.chat.isOpen;
            const argument = askArgument(question.trim(), this.editorTarget(true));
            const result = await this.execute(ServerCommand.ask, inChat ? { ...argument, display: 'chat' } : argument);
            const conversation = (result as { ok?: unknown; conversation?: unknown } | undefined);
            if (inChat && conversation?.ok === true && typeof conversation.conversation === 'string') {
                await this.chat.showConversation(conversation.conversation);
            }
        }
    }

    private async rate(): Promise<void> {
        const picked = await vscode.window.showQuickPick(
            [
                { label: '$(thumbsup) Good', rating: 'up' as const },
                { label: '$(thumbsdown) Bad', rating: 'down' as const },
            ],
            { title: 'pyassist: Rate the last result' });
        if (picked === undefined) {
            return;
        }
        const comment = await vscode.window.showInputBox({
            title: 'pyassist: Rate the last result',
            prompt: 'A comment (optional; Enter to skip). Ratings stay on this machine.',
        });
        if (comment !== undefined) {
            await this.execute(ServerCommand.rate, rateArgument(picked.rating, comment));
        }
    }

    private async openWeb(): Promise<void> {
        const client = this.client;
        if (client === undefined || client.state !== State.Running) {
            void vscode.window.showWarningMessage('pyassist: the server is not running (see "pyassist: Show Output").');
            return;
        }
        await openWebUi(client).catch((error) => {
            this.output.error(`pyassist.openWeb failed: ${errorText(error)}`);
            void vscode.window.showErrorMessage(`pyassist: ${errorText(error)}`);
        });
    }

    private async openChat(): Promise<void> {
        await this.chat.open().catch((error) => {
            this.output.error(`opening the chat panel failed: ${errorText(error)}`);
            void vscode.window.showWarningMessage(`pyassist: ${errorText(error)}`);
        });
    }

    /** `workspace/executeCommand` with the one argument object DESIGN.md specifies; the server's summary. */
    private async execute(command: ServerCommandId, argument: object): Promise<unknown> {
        const client = this.client;
        if (client === undefined || client.state !== State.Running) {
            void vscode.window.showWarningMessage('pyassist: the server is not running (see "pyassist: Show Output").');
            return;
        }
        if (!serverOffers(client.initializeResult?.capabilities, command)) {
            void vscode.window.showWarningMessage(`pyassist: this server does not offer ${command} yet.`);
            return;
        }
        try {
            const result: unknown = await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [argument] });
            const message = messageToShow(result);
            if (message !== undefined) {
                void vscode.window.showInformationMessage(message);
            }
            return result;
        } catch (error) {
            this.output.error(`${command} failed: ${errorText(error)}`);
            void vscode.window.showErrorMessage(`pyassist: ${errorText(error)}`);
            return undefined;
        }
    }
}

function javaVersionOutput(java: string): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile(java, ['-version'], { timeout: 15000, windowsHide: true }, (error, stdout, stderr) => {
            if (error) {
                reject(error);
            } else {
                resolve(`${stderr}${stdout}`);
            }
        });
    });
}

let extension: PyassistExtension | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    extension = new PyassistExtension(context);
    await extension.activate();
}

export async function deactivate(): Promise<void> {
    const current = extension;
    extension = undefined;
    await current?.dispose();
}
