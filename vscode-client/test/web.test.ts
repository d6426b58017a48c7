import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { webUrlOf } from '../src/webUrl';

test('the web UI URL is taken only from an ok answer on the loopback address', () => {
    assert.deepEqual(webUrlOf({ ok: true, url: 'http://127.0.0.1:4242/?token=abc', message: 'm' }),
        { url: 'http://127.0.0.1:4242/?token=abc', message: 'm' });
    assert.equal(webUrlOf({ ok: true, url: 'http://evil.example/?token=abc', message: 'm' }).url, undefined);
    assert.equal(webUrlOf({ ok: false, message: 'no UI' }).url, undefined);
    assert.equal(webUrlOf(null).message, 'the server gave no web UI');
});
