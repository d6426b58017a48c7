import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { viewOfClientState, viewOfStatus } from '../src/status';

describe('status bar', () => {
    it('shows the state today\'s server sends: ready, validator off and why, no backend', () => {
        const view = viewOfStatus({ server: 'ready', validator: { state: 'off', reason: 'this build has no neural validator yet' }, backend: {} });
        assert.equal(view.text, '$(check) pyassist: ready · validator off · no AI backend');
        assert.match(view.tooltip, /Validator: off \(this build has no neural validator yet\)/);
        assert.match(view.tooltip, /Summarize: no backend/);
        assert.match(view.tooltip, /Click to show the output/);
        assert.equal(view.severity, 'warning');
    });

    it('names the active backend when all tasks share it', () => {
        const backend = { summarize: 'openai:gpt-4o-mini', translate: 'openai:gpt-4o-mini', generate: 'openai:gpt-4o-mini', ask: 'openai:gpt-4o-mini' };
        const view = viewOfStatus({ server: 'ready', validator: { state: 'ready' }, backend });
        assert.equal(view.text, '$(check) pyassist: ready · validator ready · openai:gpt-4o-mini');
        assert.equal(view.severity, 'ok');
    });

    it('counts backends when tasks differ and lists each in the tooltip', () => {
        const view = viewOfStatus({ server: 'ready', validator: { state: 'ready' }, backend: { summarize: 'anthropic:claude-haiku-4-5', translate: 'openai:gpt-4o' } });
        assert.match(view.text, /2 backends$/);
        assert.match(view.tooltip, /Summarize: anthropic:claude-haiku-4-5\nTranslate: openai:gpt-4o\nGenerate: no backend/);
    });

    it('lists inline completion only when the server reports it', () => {
        const shared = { summarize: 'openai:gpt-4o-mini', translate: 'openai:gpt-4o-mini', generate: 'openai:gpt-4o-mini', ask: 'openai:gpt-4o-mini' };
        const without = viewOfStatus({ server: 'ready', validator: { state: 'ready' }, backend: shared });
        assert.doesNotMatch(without.tooltip, /Complete:/);
        const withLocal = viewOfStatus({ server: 'ready', validator: { state: 'ready' }, backend: { ...shared, complete: 'local:starcoder' } });
        assert.match(withLocal.text, /2 backends$/);
        assert.match(withLocal.tooltip, /Ask: openai:gpt-4o-mini\nComplete: local:starcoder/);
    });

    it('spins while starting or loading the validator', () => {
        assert.match(viewOfStatus({ server: 'starting', validator: { state: 'loading' }, backend: null }).text, /^\$\(sync~spin\) pyassist: starting · validator loading/);
        assert.equal(viewOfStatus({ server: 'ready', validator: { state: 'loading' } }).severity, 'busy');
    });

    it('has views for the client\'s own states', () => {
        assert.match(viewOfClientState('starting').text, /starting/);
        assert.equal(viewOfClientState('running').text, '$(check) pyassist: running');
        assert.equal(viewOfClientState('failed', 'No usable Java').severity, 'error');
        assert.match(viewOfClientState('failed', 'No usable Java').tooltip, /No usable Java/);
    });
});
