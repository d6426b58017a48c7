// The chat panel's pieces that need no VS Code (so the unit tests can check them): the URL the panel frames,
// the webview's HTML, and the argument of `pyassist.insertCode`.
import type { LspRange } from './protocol';

export const INSERT_CODE_COMMAND = 'pyassist.insertCode';

/**
 * The framed page's URL from the server's launch URL: the chat page, with `embed=1` so the server answers with the
 * page itself instead of trading the token for a cookie (a framed page gets no SameSite=Strict cookie); the page
 * keeps the token in memory and sends it in a header.
 */
export function embedUrl(launchUrl: string): string {
    const u = new URL(launchUrl);
    u.pathname = '/chat';
    u.searchParams.set('embed', '1');
    return u.toString();
}

/** The messages the page may send the panel (everything else is dropped). */
export type PageMessage =
    | { type: 'pyassist.ready' }
    | { type: 'pyassist.insert'; code: string }
    | { type: 'pyassist.applyDiff'; code: string };

export function pageMessageOf(data: unknown): PageMessage | undefined {
    const d = (data ?? {}) as { type?: unknown; code?: unknown };
    if (d.type === 'pyassist.ready') {
        return { type: 'pyassist.ready' };
    }
    if ((d.type === 'pyassist.insert' || d.type === 'pyassist.applyDiff') && typeof d.code === 'string' && d.code !== '') {
        return { type: d.type, code: d.code };
    }
    return undefined;
}

export interface InsertArgument {
    readonly uri: string;
    readonly version: number;
    readonly range: LspRange;
    readonly code: string;
    readonly mode: 'insert' | 'diff';
}

export function insertArgument(uri: string, version: number, range: LspRange, message: PageMessage & { code: string }): InsertArgument {
    return { uri, version, range, code: message.code, mode: message.type === 'pyassist.applyDiff' ? 'diff' : 'insert' };
}

/**
 * The webview's page: one frame on the server's UI (at `src`, the external URI of the embed URL) and a relay
 * script. The webview's own CSP allows that frame's origin and the nonce's script only. The relay passes the
 * framed page's messages to the extension, and the extension's (ask, open, edited) to the frame, addressed to
 * its origin only.
 */
export function chatPanelHtml(src: string, nonce: string): string {
    const origin = new URL(src).origin;
    const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    const csp = `default-src 'none'; frame-src ${origin}; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}';`;
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<style nonce="${nonce}">html, body, iframe { margin: 0; padding: 0; border: 0; width: 100%; height: 100%; overflow: hidden; display: block; }</style>
</head>
<body>
<iframe id="pyassist-ui" src="${attr(src)}" title="pyassist chat" allow="clipboard-read; clipboard-write"></iframe>
<script nonce="${nonce}">
(function () {
    const vscode = acquireVsCodeApi();
    const frame = document.getElementById('pyassist-ui');
    const origin = ${JSON.stringify(origin)};
    const toPage = ['ask', 'open', 'edited'];
    window.addEventListener('message', function (e) {
        const data = e.data || {};
        if (e.source === frame.contentWindow) {
            if (e.origin === origin) {
                vscode.postMessage(data);
            }
        } else if (toPage.indexOf(data.type) >= 0) {
            frame.contentWindow.postMessage(data, origin);
        }
    });
})();
</script>
</body>
</html>`;
}
