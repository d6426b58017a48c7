import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findJava, type JavaProbe, MIN_JAVA_VERSION, noJavaMessage, parseJavaVersion } from '../src/javaLookup';

const JAVA_17 = 'openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)\n';
const JAVA_11 = 'openjdk version "11.0.22" 2024-01-16\n';
const JAVA_8 = 'java version "1.8.0_392"\nJava(TM) SE Runtime Environment (build 1.8.0_392-b08)\n';

/** A fake machine: which files exist, and what each `java -version` prints (an Error: it fails to run). */
function machine(files: Record<string, string | Error>): JavaProbe & { ran: string[] } {
    const ran: string[] = [];
    return {
        ran,
        isFile: async (file) => file in files,
        versionOutput: async (java) => {
            ran.push(java);
            const out = files[java];
            if (out === undefined) {
                throw new Error(`spawn ${java} ENOENT`);
            }
            if (out instanceof Error) {
                throw out;
            }
            return out;
        },
    };
}

describe('parseJavaVersion', () => {
    const cases: [string, number | undefined][] = [
        [JAVA_17, 17],
        [JAVA_11, 11],
        [JAVA_8, 8],
        ['openjdk version "21" 2023-09-19\n', 21],
        ['openjdk version "17-ea" 2021-09-14\n', 17],
        ['openjdk version "24.0.1" 2025-04-15\n', 24],
        ['java version "9"\n', 9],
        ['Picked up JAVA_TOOL_OPTIONS: -Xmx1g\nopenjdk version "17.0.2" 2022-01-18\n', 17],
        ['openjdk 21.0.1 2023-10-17\n', 21],
        ['bash: java: command not found\n', undefined],
        ['', undefined],
    ];
    for (const [output, expected] of cases) {
        it(`reads ${JSON.stringify(output.split('\n').find((l) => l.includes('version') || l.includes('openjdk')) ?? output)} as ${expected}`, () => {
            assert.equal(parseJavaVersion(output), expected);
        });
    }
});

describe('findJava', () => {
    const linux = { platform: 'linux' as const };

    it('uses pyassist.java.home first', async () => {
        const probe = machine({ '/opt/jdk21/bin/java': 'openjdk version "21" 2023-09-19', '/usr/lib/jvm/17/bin/java': JAVA_17, '/usr/bin/java': JAVA_17 });
        const result = await findJava({ ...linux, settingHome: '/opt/jdk21', envJavaHome: '/usr/lib/jvm/17', envPath: '/usr/bin' }, probe);
        assert.ok(result.ok);
        assert.equal(result.executable, '/opt/jdk21/bin/java');
        assert.equal(result.version, 21);
        assert.equal(result.source, 'setting');
        assert.deepEqual(probe.ran, ['/opt/jdk21/bin/java']);
        assert.match(result.log.at(-1)!, /pyassist\.java\.home: using \/opt\/jdk21\/bin\/java \(Java 21\)/);
    });

    it('falls back to JAVA_HOME when the setting is empty, and logs that it is not set', async () => {
        const probe = machine({ '/usr/lib/jvm/17/bin/java': JAVA_17, '/usr/bin/java': JAVA_17 });
        const result = await findJava({ ...linux, settingHome: '  ', envJavaHome: '/usr/lib/jvm/17', envPath: '/usr/bin' }, probe);
        assert.ok(result.ok);
        assert.equal(result.source, 'JAVA_HOME');
        assert.equal(result.executable, '/usr/lib/jvm/17/bin/java');
        assert.ok(result.log.includes('pyassist.java.home is not set'));
    });

    it('skips a setting that points nowhere and a JAVA_HOME that is too old, then takes java on the PATH', async () => {
        const probe = machine({ '/old/jdk11/bin/java': JAVA_11, '/usr/local/bin/java': JAVA_17 });
        const result = await findJava({ ...linux, settingHome: '/missing', envJavaHome: '/old/jdk11', envPath: '/bin:/usr/local/bin:/usr/bin' }, probe);
        assert.ok(result.ok);
        assert.equal(result.source, 'PATH');
        assert.equal(result.executable, '/usr/local/bin/java');
        assert.ok(result.log.some((l) => l === 'pyassist.java.home: /missing/bin/java does not exist'));
        assert.ok(result.log.some((l) => /JAVA_HOME: \/old\/jdk11\/bin\/java: Java 11 is too old \(17 or newer is needed\)/.test(l)));
    });

    it('takes the first java on the PATH only', async () => {
        const probe = machine({ '/a/java': JAVA_8, '/b/java': JAVA_17 });
        const result = await findJava({ ...linux, envPath: '/a:/b' }, probe);
        assert.equal(result.ok, false);
        assert.deepEqual(probe.ran, ['/a/java']);
    });

    it('refuses a java whose -version fails or prints no version', async () => {
        const probe = machine({ '/j1/bin/java': new Error('EACCES'), '/j2/bin/java': 'Error: could not create the Java Virtual Machine.' });
        const result = await findJava({ ...linux, settingHome: '/j1', envJavaHome: '/j2' }, probe);
        assert.equal(result.ok, false);
        if (!result.ok) {
            assert.equal(result.tried.length, 2);
            assert.match(result.tried[0]!.problem!, /-version failed: EACCES/);
            assert.match(result.tried[1]!.problem!, /cannot read a version/);
        }
    });

    it('says exactly what to install or set when nothing is usable', async () => {
        const result = await findJava({ ...linux, envJavaHome: '/old/jdk11', envPath: '' }, machine({ '/old/jdk11/bin/java': JAVA_11 }));
        assert.equal(result.ok, false);
        if (!result.ok) {
            assert.match(result.message, /JAVA_HOME: Java 11 is too old/);
            assert.match(result.message, new RegExp(`Java ${MIN_JAVA_VERSION} or newer`));
            assert.match(result.message, /openjdk-17-jre-headless/);
            assert.match(result.message, /set pyassist\.java\.home/);
            assert.ok(result.log.includes('pyassist.java.home is not set'));
            assert.ok(result.log.includes('no java on the PATH'));
        }
    });

    it('explains an empty search', () => {
        assert.match(noJavaMessage([]), /No Java was found \(pyassist\.java\.home and JAVA_HOME are not set and there is no java on the PATH\)/);
    });

    it('uses java.exe and ; on Windows', async () => {
        const probe = machine({ 'C:\\Java\\bin\\java.exe': JAVA_17 });
        const result = await findJava({ platform: 'win32', envPath: 'C:\\Windows;C:\\Java\\bin' }, probe);
        assert.ok(result.ok);
        assert.equal(result.executable, 'C:\\Java\\bin\\java.exe');
    });
});
