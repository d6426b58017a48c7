import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findServer, locate } from '../src/serverLookup';

const exists = (...files: string[]) => async (file: string) => files.includes(file);
const BUNDLED = '/ext/server/pyassist.jar';

describe('findServer', () => {
    it('uses pyassist.server.path when it exists', async () => {
        const result = await findServer({ settingPath: '/dev/pyassist.jar', bundledJar: BUNDLED }, exists('/dev/pyassist.jar', BUNDLED));
        assert.ok(result.ok);
        assert.deepEqual(result.server, { kind: 'jar', path: '/dev/pyassist.jar' });
        assert.equal(result.warning, undefined);
    });

    it('uses the bundled jar when the setting is empty', async () => {
        const result = await findServer({ settingPath: '', bundledJar: BUNDLED }, exists(BUNDLED));
        assert.ok(result.ok);
        assert.deepEqual(result.server, { kind: 'jar', path: BUNDLED });
        assert.deepEqual(result.log, ['pyassist.server.path is not set', `using the bundled server ${BUNDLED}`]);
    });

    it('falls back to the bundled jar with a warning when the setting points nowhere', async () => {
        const result = await findServer({ settingPath: '/nope.jar', bundledJar: BUNDLED }, exists(BUNDLED));
        assert.ok(result.ok);
        assert.equal(result.server.path, BUNDLED);
        assert.match(result.warning ?? '', /\/nope\.jar, which does not exist; using the bundled server/);
    });

    it('fails with a message naming both places when nothing is there', async () => {
        const result = await findServer({ settingPath: '/nope.jar', bundledJar: BUNDLED }, exists());
        assert.equal(result.ok, false);
        if (!result.ok) {
            assert.match(result.message, /\/nope\.jar/);
            assert.match(result.message, /\/ext\/server\/pyassist\.jar is missing/);
            assert.match(result.message, /set pyassist\.server\.path/);
        }
    });

    it('runs a jar with Java and anything else directly', () => {
        assert.equal(locate('/x/pyassist.JAR').kind, 'jar');
        assert.equal(locate('/usr/local/bin/pyassist').kind, 'executable');
    });
});
