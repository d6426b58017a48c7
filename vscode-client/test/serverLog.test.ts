import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serverLogLevel } from '../src/serverLog';

describe('serverLogLevel', () => {
    it('maps java.util.logging levels', () => {
        assert.equal(serverLogLevel('15:43:41.170 INFO PyassistLanguageServer: initialized for code-server 1.139.1', undefined), 'info');
        assert.equal(serverLogLevel('15:43:41.170 WARNING ConfigurationHandler: invalid pyassist settings', 'info'), 'warn');
        assert.equal(serverLogLevel('15:43:41.170 SEVERE DiagnosticsScheduler: analysis failed', 'info'), 'error');
        assert.equal(serverLogLevel('15:43:41.170 FINE DocumentStore: didChange v3', 'info'), 'debug');
        assert.equal(serverLogLevel('15:43:41.170 FINEST x: y', 'info'), 'trace');
    });

    it('gives stack trace lines the level of their record', () => {
        assert.equal(serverLogLevel('java.lang.IllegalStateException: boom', 'error'), 'error');
        assert.equal(serverLogLevel('\tat dev.pyassist.lsp.Foo.bar(Foo.java:12)', 'warn'), 'warn');
    });

    it('treats anything else the JVM prints first as an error', () => {
        assert.equal(serverLogLevel('Error: Unable to access jarfile /x.jar', undefined), 'error');
    });
});
