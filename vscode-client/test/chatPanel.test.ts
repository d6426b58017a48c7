import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { chatPanelHtml, embedUrl, insertArgument, pageMessageOf } from '../src/chatPanelHtml';

test('the panel frames the chat page with embed=1 and keeps the token', () => {
    assert.equal(embedUrl('http://127.0.0.1:4242/?token=abc'), 'http://127.0.0.1:4242/chat?token=abc&embed=1');
});

test('the webview allows only the framed origin and its own nonce script', () => {
    const html = chatPanelHtml('https://cs.example/proxy/4242/chat?token=a&embed=1', 'N0nce');
    assert.match(html, /frame-src https:\/\/cs\.example;/);
    assert.match(html, /script-src 'nonce-N0nce';/);
    assert.match(html, /src="https:\/\/cs\.example\/proxy\/4242\/chat\?token=a&amp;embed=1"/);
    assert.doesNotMatch(html, /unsafe-inline/);
    assert.match(html, /postMessage\(data, origin\)/, 'the extension\'s messages go to the frame\'s origin only');
});

test('only the page\'s known messages are taken', () => {
    assert.deepEqual(pageMessageOf({ type: 'pyassist.insert', code: 'x = 1' }), { type: 'pyassist.insert', code: 'x = 1' });
    assert.deepEqual(pageMessageOf({ type: 'pyassist.ready' }), { type: 'pyassist.ready' });
    assert.equal(pageMessageOf({ type: 'pyassist.insert', code: '' }), undefined);
    assert.equal(pageMessageOf({ type: 'run', command: 'rm' }), undefined);
    assert.equal(pageMessageOf(null), undefined);
});

test('an insert names the editor\'s version and selection; apply-as-diff is mode diff', () => {
    const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } };
    assert.deepEqual(insertArgument('file:///a.py', 7, range, { type: 'pyassist.applyDiff', code: 'y' }),
        { uri: 'file:///a.py', version: 7, range, code: 'y', mode: 'diff' });
    assert.equal(insertArgument('file:///a.py', 7, range, { type: 'pyassist.insert', code: 'y' }).mode, 'insert');
});
