// The server's answer to `pyassist.openWeb`, read without VS Code (so the unit tests can check it).

/** The `{ok, url, message}` the server answers `pyassist.openWeb` with, checked. */
export function webUrlOf(result: unknown): { url?: string; message: string } {
    const r = (result ?? {}) as { ok?: unknown; url?: unknown; message?: unknown };
    const message = typeof r.message === 'string' ? r.message : 'the server gave no web UI';
    if (r.ok === true && typeof r.url === 'string' && /^http:\/\/127\.0\.0\.1:\d+\//.test(r.url)) {
        return { url: r.url, message };
    }
    return { message };
}
