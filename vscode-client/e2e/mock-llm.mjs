// A mock OpenAI-compatible chat completions server on loopback, for the code-action step of the e2e test.
// Answers every POST .../chat/completions with a canned reply (streamed as server-sent events when asked),
// and records the requests so a step can assert what the server sent. POST .../completions (the text completions
// that inline completion sends fill-in-the-middle prompts to) gets `complete(request)`, recorded in `completions`.
import { createServer } from 'node:http';

/**
 * @param {(request: any) => string} reply the assistant's text for a request body
 * @param {(request: any) => string} complete the middle for a text completions (fill-in-the-middle) request
 * @returns {Promise<{ baseUrl: string, requests: any[], completions: any[], close: () => Promise<void> }>}
 */
export async function startMockLlm(reply, complete = () => '') {
    const requests = [];
    const completions = [];
    const server = createServer((req, res) => {
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (chunk) => { body += chunk; });
        req.on('end', () => {
            if (req.method === 'POST' && req.url?.endsWith('/v1/completions')) {
                let parsed;
                try {
                    parsed = JSON.parse(body);
                } catch {
                    res.writeHead(400).end();
                    return;
                }
                completions.push(parsed);
                const text = complete(parsed);
                const chunk = { id: `cmpl-mock-${completions.length}`, object: 'text_completion', model: parsed.model ?? 'mock', choices: [{ index: 0, text, finish_reason: 'stop' }] };
                if (parsed.stream) {
                    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
                    res.write(`data: ${JSON.stringify(chunk)}\n\n`);
                    res.end('data: [DONE]\n\n');
                } else {
                    res.writeHead(200, { 'content-type': 'application/json' });
                    res.end(JSON.stringify(chunk));
                }
                return;
            }
            if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
                res.writeHead(404, { 'content-type': 'application/json' });
                res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
                return;
            }
            let parsed;
            try {
                parsed = JSON.parse(body);
            } catch {
                res.writeHead(400).end();
                return;
            }
            requests.push(parsed);
            const text = reply(parsed);
            const id = `chatcmpl-mock-${requests.length}`;
            const model = parsed.model ?? 'mock';
            const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
            if (parsed.stream) {
                res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
                const chunk = (delta, finish) => `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
                res.write(chunk({ role: 'assistant', content: '' }, null));
                res.write(chunk({ content: text }, null));
                res.write(chunk({}, 'stop'));
                res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', model, choices: [], usage })}\n\n`);
                res.end('data: [DONE]\n\n');
            } else {
                res.writeHead(200, { 'content-type': 'application/json' });
                res.end(JSON.stringify({ id, object: 'chat.completion', model, choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage }));
            }
        });
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
    return {
        baseUrl: `http://127.0.0.1:${port}/v1`,
        requests,
        completions,
        close: () => new Promise((resolve) => server.close(() => resolve())),
    };
}
