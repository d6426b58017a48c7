import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { API_KEYS, describeLaunch, launchCommand, RECOMMENDED_JAVA_ARGS, serverEnvironment } from '../src/launch';

describe('launchCommand', () => {
    it('runs a jar as java [recommended options] [java.args] -jar JAR serve [server.args]', () => {
        const launch = launchCommand({ kind: 'jar', path: '/ext/server/pyassist.jar' }, '/usr/bin/java', ['-Xmx1g'], ['--log-level', 'FINE']);
        assert.deepEqual(launch, {
            command: '/usr/bin/java',
            args: [...RECOMMENDED_JAVA_ARGS, '-Xmx1g', '-jar', '/ext/server/pyassist.jar', 'serve', '--log-level', 'FINE'],
        });
    });

    it('puts the user\'s java.args after the recommended ones, so the user\'s win', () => {
        const args = launchCommand({ kind: 'jar', path: '/a.jar' }, '/usr/bin/java', ['-Xmx2g'], []).args;
        assert.ok(args.indexOf('-Xmx2g') > args.indexOf('-Xmx512m'));
    });

    it('runs an executable as EXE serve [server.args], without Java', () => {
        const launch = launchCommand({ kind: 'executable', path: '/usr/local/bin/pyassist' }, undefined, ['-Xmx1g'], []);
        assert.deepEqual(launch, { command: '/usr/local/bin/pyassist', args: ['serve'] });
    });

    it('sends a JVM crash log to the given folder, never the working directory (the workspace)', () => {
        const args = launchCommand({ kind: 'jar', path: '/a.jar' }, '/usr/bin/java', ['-Xmx2g'], [], '/tmp').args;
        assert.deepEqual(args.slice(0, RECOMMENDED_JAVA_ARGS.length + 2),
            [...RECOMMENDED_JAVA_ARGS, '-XX:ErrorFile=/tmp/pyassist-hs_err_pid%p.log', '-Xmx2g']);
    });

    it('names the start-up archive in the given folder, with JVM logging kept off stdout', () => {
        const args = launchCommand({ kind: 'jar', path: '/a.jar' }, '/usr/bin/java', ['-Xmx2g'], [], '/tmp', '/store').args;
        assert.deepEqual(args.slice(RECOMMENDED_JAVA_ARGS.length + 1, RECOMMENDED_JAVA_ARGS.length + 5),
            ['-XX:SharedArchiveFile=/store/pyassist.jsa', '-Xlog:disable', '-Xlog:all=warning:stderr', '-Xmx2g']);
    });

    it('refuses a jar without Java', () => {
        assert.throws(() => launchCommand({ kind: 'jar', path: '/a.jar' }, undefined, [], []));
    });

    it('quotes arguments with spaces when logging', () => {
        assert.equal(describeLaunch({ command: '/usr/bin/java', args: ['-jar', '/my ext/a.jar', 'serve'] }), '/usr/bin/java -jar "/my ext/a.jar" serve');
    });
});

describe('serverEnvironment', () => {
    it('adds stored keys under the providers\' variable names', () => {
        const env = serverEnvironment({ PATH: '/usr/bin' }, { openai: 'sk-1', anthropic: 'sk-ant-2' });
        assert.deepEqual(env, { PATH: '/usr/bin', OPENAI_API_KEY: 'sk-1', ANTHROPIC_API_KEY: 'sk-ant-2' });
    });

    it('lets a stored key win over an inherited one and keeps inherited ones that are not stored', () => {
        const env = serverEnvironment({ OPENAI_API_KEY: 'from-shell', ANTHROPIC_API_KEY: 'shell-ant' }, { openai: 'stored', anthropic: '' });
        assert.equal(env['OPENAI_API_KEY'], 'stored');
        assert.equal(env['ANTHROPIC_API_KEY'], 'shell-ant');
    });

    it('does not modify the base environment', () => {
        const base = { PATH: '/bin' };
        serverEnvironment(base, { openai: 'k' });
        assert.deepEqual(base, { PATH: '/bin' });
    });

    it('names the two variables DESIGN.md uses', () => {
        assert.deepEqual(API_KEYS.map((k) => k.envVar), ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY']);
    });
});
