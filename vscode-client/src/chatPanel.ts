// "pyassist: Open Chat": the web UI's chat in a webview panel beside the editor. The panel frames the server's own
// page (through asExternalUri, so it works in remote windows and code-server too), and acts on the editor the
// user was last in: "Insert at cursor" and "Apply as a diff" send the code block to the server's
// `pyassist.insertCode`, which edits that editor's version of the file (refused when the file moved on).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { chatPanelHtml, embedUrl, INSERT_CODE_COMMAND, insertArgument, type PageMessage, pageMessageOf } from './chatPanelHtml';
import { OPEN_WEB_COMMAND } from './web';
import { webUrlOf } from './webUrl';

export class ChatPanel implements vscode.Disposable {
    private panel: vscode.WebviewPanel | undefined;
    private ready = false;
    /** What the extension sent before the page listened (an ask answered while the page loaded). */
    private pending: object[] = [];
    private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
    private readonly disposables: vscode.Disposable[] = [];

    constructor(private readonly client: () => LanguageClient | undefined, private readonly log: vscode.LogOutputChannel) {
        this.disposables.push(vscode.window.onDidChangeActiveTextEditor((e) => {
            if (e !== undefined) {
                this.lastEditor = e; // the panel taking focus leaves no active editor: keep the one before
            }
        }));
    }

    /** Whether the panel is open (an ask is then answered in it). */
    get isOpen(): boolean {
        return this.panel !== undefined;
    }

    /** Opens the panel (or shows it again), starting the server's web UI on first use. */
    async open(preserveFocus = false): Promise<void> {
        if (this.panel !== undefined) {
            this.panel.reveal(undefined, preserveFocus);
            return;
        }
        const client = this.client();
        if (client === undefined) {
            throw new Error('the server is not running');
        }
        const result: unknown = await client.sendRequest(ExecuteCommandRequest.type, { command: OPEN_WEB_COMMAND, arguments: [{}] });
        const { url, message } = webUrlOf(result);
        if (url === undefined) {
            throw new Error(message);
        }
        const external = await vscode.env.asExternalUri(vscode.Uri.parse(embedUrl(url), true));
        const panel = vscode.window.createWebviewPanel('pyassist.chat', 'pyassist Chat',
            { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
            { enableScripts: true, retainContextWhenHidden: true });
        this.panel = panel;
        this.ready = false;
        panel.webview.html = chatPanelHtml(external.toString(true), randomBytes(16).toString('base64'));
        panel.onDidDispose(() => {
            this.panel = undefined;
            this.pending = [];
        }, undefined, this.disposables);
        panel.webview.onDidReceiveMessage((data) => void this.received(pageMessageOf(data)), undefined, this.disposables);
    }

    /** Shows a conversation in the panel (an editor's ask, kept as a turn of "Asked in the editor"). */
    async showConversation(conversation: string): Promise<void> {
        await this.open(true);
        this.send({ type: 'open', conversation });
    }

    private send(message: object): void {
        if (this.panel !== undefined && this.ready) {
            void this.panel.webview.postMessage(message);
        } else {
            this.pending.push(message);
        }
    }

    private async received(message: PageMessage | undefined): Promise<void> {
        if (message === undefined) {
            return;
        }
        if (message.type === 'pyassist.ready') {
            this.ready = true;
            const held = this.pending;
            this.pending = [];
            held.forEach((m) => this.send(m));
            return;
        }
        const { ok, text } = await this.insert(message).catch((error: unknown) => ({
            ok: false,
            text: error instanceof Error ? error.message : String(error),
        }));
        this.send({ type: 'edited', ok, message: text });
    }

    private async insert(message: PageMessage & { code: string }): Promise<{ ok: boolean; text: string }> {
        const client = this.client();
        const editor = this.lastEditor;
        if (client === undefined) {
            return { ok: false, text: 'the server is not running.' };
        }
        if (editor === undefined || editor.document.isClosed || !vscode.window.visibleTextEditors.includes(editor)) {
            return { ok: false, text: 'open the file to insert into, put the cursor where the code goes, and click again.' };
        }
        const c2p = client.code2ProtocolConverter;
        const arg = insertArgument(c2p.asUri(editor.document.uri), editor.document.version, c2p.asRange(editor.selection), message);
        this.log.info(`${INSERT_CODE_COMMAND} (${arg.mode}) into ${arg.uri} at version ${arg.version}`);
        const result = await client.sendRequest(ExecuteCommandRequest.type, { command: INSERT_CODE_COMMAND, arguments: [arg] }) as
            { ok?: boolean; message?: string } | null;
        if (result?.ok === true) {
            await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
        }
        return { ok: result?.ok === true, text: result?.message ?? 'the server gave no answer.' };
    }

    dispose(): void {
        this.panel?.dispose();
        this.disposables.forEach((d) => d.dispose());
    }
}
