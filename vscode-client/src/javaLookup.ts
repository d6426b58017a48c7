/**
 * Finding a usable Java: an ordered search, each step explained in words for the output channel.
 * No `vscode` import here, so the unit tests run under plain Node.
 */
import * as path from 'node:path';

export const MIN_JAVA_VERSION = 17;

/** Where a candidate came from, in the order they are tried. */
export type JavaSource = 'setting' | 'JAVA_HOME' | 'PATH';

export interface JavaSearchInput {
    /** `pyassist.java.home` (empty or undefined when unset). */
    readonly settingHome?: string;
    /** The `JAVA_HOME` environment variable of the extension host. */
    readonly envJavaHome?: string;
    /** The `PATH` environment variable of the extension host. */
    readonly envPath?: string;
    /** `process.platform`; decides `java` or `java.exe` and the PATH separator. */
    readonly platform: NodeJS.Platform;
}

/** What the search needs from the machine; faked in tests. */
export interface JavaProbe {
    /** True when `file` exists and is a regular file (or a link to one). */
    isFile(file: string): Promise<boolean>;
    /** The combined output of `java -version` (it prints to stderr); rejects when it cannot run. */
    versionOutput(javaExecutable: string): Promise<string>;
}

export interface JavaCandidateReport {
    readonly source: JavaSource;
    readonly executable: string;
    /** Why it was refused, or undefined for the one that was chosen. */
    readonly problem?: string;
    readonly version?: number;
}

export type JavaSearchResult =
    | { readonly ok: true; readonly executable: string; readonly version: number; readonly source: JavaSource; readonly log: string[] }
    | { readonly ok: false; readonly log: string[]; readonly message: string; readonly tried: JavaCandidateReport[] };

/**
 * The major version in `java -version` output: `openjdk version "17.0.15" 2025-04-15` gives 17,
 * `java version "1.8.0_392"` gives 8, `openjdk version "21" 2023-09-19` gives 21, `"17-ea"` gives 17.
 * Undefined when the output does not name a version.
 */
export function parseJavaVersion(output: string): number | undefined {
    const quoted = /\bversion\s+"([^"]+)"/i.exec(output);
    const raw = quoted?.[1] ?? /\b(?:openjdk|java)\s+(\d[\w.+-]*)/i.exec(output)?.[1];
    if (raw === undefined) {
        return undefined;
    }
    const parts = /^(\d+)(?:\.(\d+))?/.exec(raw);
    if (!parts) {
        return undefined;
    }
    const first = Number(parts[1]);
    // Java 8 and older call themselves 1.x.
    if (first === 1 && parts[2] !== undefined) {
        return Number(parts[2]);
    }
    return first;
}

function javaName(platform: NodeJS.Platform): string {
    return platform === 'win32' ? 'java.exe' : 'java';
}

function pathApi(platform: NodeJS.Platform): path.PlatformPath {
    return platform === 'win32' ? path.win32 : path.posix;
}

function nonEmpty(value: string | undefined): string | undefined {
    const trimmed = value?.trim();
    return trimmed ? trimmed : undefined;
}

/**
 * Tries, in order: `pyassist.java.home`, `JAVA_HOME`, the first `java` on the PATH. The first candidate that
 * exists and reports version 17 or newer wins; a refused candidate is logged and the search goes on.
 */
export async function findJava(input: JavaSearchInput, probe: JavaProbe): Promise<JavaSearchResult> {
    const p = pathApi(input.platform);
    const exe = javaName(input.platform);
    const log: string[] = [];
    const tried: JavaCandidateReport[] = [];

    const candidates: { source: JavaSource; executable: string }[] = [];
    const settingHome = nonEmpty(input.settingHome);
    if (settingHome) {
        candidates.push({ source: 'setting', executable: p.join(settingHome, 'bin', exe) });
    } else {
        log.push('pyassist.java.home is not set');
    }
    const envHome = nonEmpty(input.envJavaHome);
    if (envHome) {
        candidates.push({ source: 'JAVA_HOME', executable: p.join(envHome, 'bin', exe) });
    } else {
        log.push('JAVA_HOME is not set');
    }
    let onPath: string | undefined;
    for (const dir of (input.envPath ?? '').split(p.delimiter)) {
        if (!dir) {
            continue;
        }
        const file = p.join(dir, exe);
        if (await probe.isFile(file)) {
            onPath = file;
            break;
        }
    }
    if (onPath) {
        candidates.push({ source: 'PATH', executable: onPath });
    } else {
        log.push(`no ${exe} on the PATH`);
    }

    for (const candidate of candidates) {
        const where = describeSource(candidate.source);
        if (!(await probe.isFile(candidate.executable))) {
            const problem = `${candidate.executable} does not exist`;
            log.push(`${where}: ${problem}`);
            tried.push({ ...candidate, problem });
            continue;
        }
        let output: string;
        try {
            output = await probe.versionOutput(candidate.executable);
        } catch (error) {
            const problem = `${candidate.executable} -version failed: ${errorText(error)}`;
            log.push(`${where}: ${problem}`);
            tried.push({ ...candidate, problem });
            continue;
        }
        const version = parseJavaVersion(output);
        if (version === undefined) {
            const problem = `cannot read a version from "${firstLine(output)}"`;
            log.push(`${where}: ${candidate.executable}: ${problem}`);
            tried.push({ ...candidate, problem });
            continue;
        }
        if (version < MIN_JAVA_VERSION) {
            const problem = `Java ${version} is too old (${MIN_JAVA_VERSION} or newer is needed)`;
            log.push(`${where}: ${candidate.executable}: ${problem}`);
            tried.push({ ...candidate, problem, version });
            continue;
        }
        log.push(`${where}: using ${candidate.executable} (Java ${version})`);
        return { ok: true, executable: candidate.executable, version, source: candidate.source, log };
    }

    return { ok: false, log, tried, message: noJavaMessage(tried) };
}

/** The user-facing explanation when no Java is usable: what was tried and exactly what to install or set. */
export function noJavaMessage(tried: readonly JavaCandidateReport[]): string {
    const found = tried.length === 0
        ? 'No Java was found (pyassist.java.home and JAVA_HOME are not set and there is no java on the PATH).'
        : 'No usable Java: ' + tried.map((t) => `${describeSource(t.source)}: ${t.problem ?? 'refused'}`).join('; ') + '.';
    return `${found} pyassist needs Java ${MIN_JAVA_VERSION} or newer: install a JDK or JRE ${MIN_JAVA_VERSION}+ `
        + '(for example `sudo apt install openjdk-17-jre-headless`, or Temurin from adoptium.net) '
        + 'and set pyassist.java.home to its folder (the one holding bin/java).';
}

function describeSource(source: JavaSource): string {
    switch (source) {
        case 'setting':
            return 'pyassist.java.home';
        case 'JAVA_HOME':
            return 'JAVA_HOME';
        case 'PATH':
            return 'java on the PATH';
    }
}

function firstLine(text: string): string {
    return text.split(/\r?\n/, 1)[0]?.trim() ?? '';
}

export function errorText(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
