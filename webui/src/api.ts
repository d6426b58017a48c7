// Requests to this page's own server: JSON in and out, and server-sent events read from a POST's body.
// The token travels in the HttpOnly cookie; the page never sees it.

export async function getJson<T>(path: string): Promise<T> {
    const r = await fetch(path, { credentials: 'same-origin' });
    return answer<T>(r);
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
    const r = await fetch(path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
    });
    return answer<T>(r);
}

export async function upload(file: File): Promise<{ id: string; name: string; size: number }> {
    const r = await fetch(`/api/uploads?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/octet-stream' },
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
    const r = await fetch(path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
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
