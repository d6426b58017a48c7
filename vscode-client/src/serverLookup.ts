/**
 * Finding the server: `pyassist.server.path`, else the jar bundled in the extension. No `vscode` import.
 */

export interface ServerSearchInput {
    /** `pyassist.server.path` (empty or undefined when unset). */
    readonly settingPath?: string;
    /** `<extension>/server/pyassist.jar`. */
    readonly bundledJar: string;
}

export type ServerLocation =
    /** A jar, run as `java [java.args] -jar JAR serve [server.args]`. */
    | { readonly kind: 'jar'; readonly path: string }
    /** An executable (for example a launcher script or a native build), run as `PATH serve [server.args]`. */
    | { readonly kind: 'executable'; readonly path: string };

export type ServerSearchResult =
    | { readonly ok: true; readonly server: ServerLocation; readonly log: string[]; readonly warning?: string }
    | { readonly ok: false; readonly log: string[]; readonly message: string };

export async function findServer(input: ServerSearchInput, isFile: (file: string) => Promise<boolean>): Promise<ServerSearchResult> {
    const log: string[] = [];
    let warning: string | undefined;
    const setting = input.settingPath?.trim();
    if (setting) {
        if (await isFile(setting)) {
            log.push(`pyassist.server.path: using ${setting}`);
            return { ok: true, server: locate(setting), log };
        }
        warning = `pyassist.server.path is ${setting}, which does not exist; using the bundled server instead.`;
        log.push(`pyassist.server.path: ${setting} does not exist`);
    } else {
        log.push('pyassist.server.path is not set');
    }
    if (await isFile(input.bundledJar)) {
        log.push(`using the bundled server ${input.bundledJar}`);
        return warning === undefined
            ? { ok: true, server: locate(input.bundledJar), log }
            : { ok: true, server: locate(input.bundledJar), log, warning };
    }
    log.push(`the bundled server ${input.bundledJar} is missing`);
    return {
        ok: false,
        log,
        message: `The pyassist server jar was not found (${setting ? `pyassist.server.path is ${setting}, which does not exist; ` : ''}`
            + `the bundled ${input.bundledJar} is missing). Reinstall the extension, or set pyassist.server.path to a pyassist.jar.`,
    };
}

export function locate(file: string): ServerLocation {
    return /\.jar$/i.test(file) ? { kind: 'jar', path: file } : { kind: 'executable', path: file };
}
