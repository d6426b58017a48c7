// Requests to this page's own server: JSON in and out, and server-sent events read from a POST's body.
// In a browser tab the token travels in the HttpOnly cookie and the page never sees it. A page framed by an editor
// gets no cookie (the frame is another site's), so it was opened with `?token=…&embed=1`: it keeps the token in
// memory only, takes it out of its address at once, and sends it in a header on every request (the server's
// WebSecurity says why that is safe). Paths are relative: the page may sit under an editor's proxy prefix.

const TOKEN_HEADER = 'X-Pyassist-Token';

const launch = new URLSearchParams(location.search);
const token: string | null = launch.get('embed') === '1' ? launch.get('token') : null;
if (launch.has('token')) {
    history.replaceState(null, '', location.pathname + location.hash);
}

/** Whether the page was opened by an editor (with its token in the URL, not a cookie). */
export const embedded = token !== null;

function url(path: string): string {
    return path.replace(/^\//, '');
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
    return token === null ? extra : { ...extra, [TOKEN_HEADER]: token };
}

export async function getJson<T>(path: string): Promise<T> {
    const r = await fetch(url(path), { credentials: 'same-origin', headers: headers() });
    return answer<T>(r);
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
    const r = await fetch(url(path), {
        method: 'POST',
        credentials: 'same-origin',
        headers: headers({ 'Content-Type': 'application/json' }),
        body: JSON.stringify(body),
    });
    return answer<T>(r);
}

export async function upload(file: File): Promise<{ id: string; name: string; size: number }> {
    const r = await fetch(`api/uploads?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: headers({ 'Content-Type': 'application/octet-stream' }),
        body: file,
    });
    return answer(r);
}

async function answer<T>(r: Response): Promise<T> {
    const body = await r.json().catch(() => ({}));
    if (!r.ok) {
        throw new Error(body.error ?? `${r.status} ${r.statusText}`);
    }
    return body as T;
}

/** POSTs `body` and calls `onEvent` for each server-sent event of the answer, in order. */
export async function postEvents(path: string, body: unknown, onEvent: (event: string, data: any) => void): Promise<void> {
    const r = await fetch(url(path), {
        method: 'POST',
        credentials: 'same-origin',
        headers: headers({ 'Content-Type': 'application/json', Accept: 'text/event-stream' }),
        body: JSON.stringify(body),
    });
    if (!r.ok || !r.body) {
        const e = await r.json().catch(() => ({}));
        throw new Error(e.error ?? `${r.status} ${r.statusText}`);
    }
    const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
        const { value, done } = await reader.read();
        if (done) {
            break;
        }
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = 'message';
            const data: string[] = [];
            for (const line of block.split('\n')) {
                if (line.startsWith('event: ')) {
                    event = line.slice(7);
                } else if (line.startsWith('data: ')) {
                    data.push(line.slice(6));
                }
            }
            onEvent(event, JSON.parse(data.join('\n') || 'null'));
        }
    }
}
