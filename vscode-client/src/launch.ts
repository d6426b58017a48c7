/**
 * The server's command line and environment. No `vscode` import.
 */
import * as path from 'node:path';
import type { ServerLocation } from './serverLookup';

/** Secret storage keys and the environment variables they fill (the names the providers themselves use). */
export const API_KEYS = [
    { provider: 'openai', label: 'OpenAI-compatible', secretKey: 'pyassist.apiKey.openai', envVar: 'OPENAI_API_KEY' },
    { provider: 'anthropic', label: 'Anthropic', secretKey: 'pyassist.apiKey.anthropic', envVar: 'ANTHROPIC_API_KEY' },
] as const;

export type Provider = (typeof API_KEYS)[number]['provider'];

/**
 * JVM options the server is launched with, before the user's `pyassist.java.args` (HotSpot lets a later option win,
 * so the user can still override any of them). C1 only: on a small machine the C2 compiler's threads compete with the
 * first analyses, and C1 code is fast enough (first diagnostics about 2x sooner, typing latency about the same);
 * the serial collector and a small initial heap keep the server near 160 MB resident (about 300 MB with the JVM's
 * defaults). A 20 MB young generation (`-Xmn20m`; 11 MB by default within 32 MB) lets an edit's tokens and trees
 * die young instead of being promoted and collected in full collections: about 2 ms less CPU per keystroke on a
 * 5,000-line file, at the same peak RSS (bench/lsp_bench.py). The server's README, the IntelliJ launch and the
 * benchmarks use the same list.
 */
export const RECOMMENDED_JAVA_ARGS: readonly string[] = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xms32m', '-Xmn20m', '-Xmx512m'];

export interface LaunchCommand {
    readonly command: string;
    readonly args: string[];
}

/**
 * Where the JVM writes its crash log (`hs_err_pid<pid>.log`) when it has to: by default that is the working directory,
 * the user's workspace. `dir` must exist (HotSpot falls back to the working directory otherwise).
 */
export function errorFileOption(dir: string): string {
    return `-XX:ErrorFile=${path.join(dir, 'pyassist-hs_err_pid%p.log')}`;
}

/**
 * The start-up archive (AppCDS) in `dir`: the JVM maps the classes a session loads instead of loading them from the
 * jar, which takes about a third off the CPU to `initialize`. A missing or stale archive only means a start without
 * it (the server then makes one in the background for the next start); `-Xlog` keeps the JVM's own warnings off
 * stdout, which carries JSON-RPC.
 */
export function archiveOptions(dir: string): string[] {
    return [`-XX:SharedArchiveFile=${path.join(dir, 'pyassist.jsa')}`, '-Xlog:disable', '-Xlog:all=warning:stderr'];
}

export function launchCommand(
    server: ServerLocation,
    java: string | undefined,
    javaArgs: readonly string[],
    serverArgs: readonly string[],
    crashLogDir?: string,
    archiveDir?: string,
): LaunchCommand {
    if (server.kind === 'jar') {
        if (java === undefined) {
            throw new Error('a jar needs Java');
        }
        const errorFile = crashLogDir === undefined ? [] : [errorFileOption(crashLogDir)];
        const archive = archiveDir === undefined ? [] : archiveOptions(archiveDir);
        return {
            command: java,
            args: [...RECOMMENDED_JAVA_ARGS, ...errorFile, ...archive, ...javaArgs, '-jar', server.path, 'serve', ...serverArgs],
        };
    }
    return { command: server.path, args: ['serve', ...serverArgs] };
}

/**
 * The server's environment: the extension host's, plus the API keys from secret storage (a stored key wins over
 * an inherited variable of the same name; a key that is not stored leaves the inherited variable alone).
 */
export function serverEnvironment(
    base: NodeJS.ProcessEnv,
    storedKeys: Partial<Record<Provider, string | undefined>>,
): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...base };
    for (const key of API_KEYS) {
        const value = storedKeys[key.provider];
        if (value !== undefined && value !== '') {
            env[key.envVar] = value;
        }
    }
    return env;
}

/** The command line with the environment left out, safe to log (keys travel in the environment only). */
export function describeLaunch(launch: LaunchCommand): string {
    return [launch.command, ...launch.args].map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ');
}
