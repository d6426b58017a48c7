import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initializationOptions, TRUST_NOTIFICATION, TRUST_OPTION, trustGranted } from '../src/trust';

describe('workspace trust', () => {
    it('passes workspace.isTrusted in initializationOptions, beside the settings', () => {
        const settings = { diagnostics: { debounceMs: 5 } };
        assert.deepEqual(initializationOptions(settings, false), { diagnostics: { debounceMs: 5 }, workspaceTrusted: false });
        assert.deepEqual(initializationOptions(settings, true), { diagnostics: { debounceMs: 5 }, workspaceTrusted: true });
        assert.deepEqual(settings, { diagnostics: { debounceMs: 5 } }, 'the settings object is left as it was');
    });

    it('says a later grant with the notification the server listens to', () => {
        assert.equal(TRUST_OPTION, 'workspaceTrusted');
        assert.equal(TRUST_NOTIFICATION, 'pyassist/workspaceTrust');
        assert.deepEqual(trustGranted(), { trusted: true });
    });
});
