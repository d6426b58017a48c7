// "pyassist: Open Web UI": asks the running server for its web UI (started on this first request) and opens it in
// the browser. The URL carries the server's token; it goes only to the user's own browser.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { webUrlOf } from './webUrl';

export const OPEN_WEB_COMMAND = 'pyassist.openWeb';

export async function openWebUi(client: LanguageClient): Promise<void> {
    const result: unknown = await client.sendRequest(ExecuteCommandRequest.type, { command: OPEN_WEB_COMMAND, arguments: [{}] });
    const { url, message } = webUrlOf(result);
    if (url === undefined) {
        void vscode.window.showWarningMessage(`pyassist: ${message}`);
        return;
    }
    await vscode.env.openExternal(await vscode.env.asExternalUri(vscode.Uri.parse(url, true)));
}
