/**
 * Workspace trust as the server learns it. No `vscode` import: the extension passes `workspace.isTrusted`.
 *
 * The server reads `workspaceTrusted` from `initializationOptions` (beside the settings, never one of them) and
 * `pyassist/workspaceTrust` when the user grants trust later. In an untrusted workspace it asks before an AI action
 * first sends code to a remote backend. A client that says nothing is treated as trusted (README "Security").
 */
import type { JsonObject } from './settings';

export const TRUST_OPTION = 'workspaceTrusted';
export const TRUST_NOTIFICATION = 'pyassist/workspaceTrust';

/** The `initializationOptions`: the mapped settings plus whether the workspace is trusted. */
export function initializationOptions(settings: JsonObject, isTrusted: boolean): JsonObject {
    return { ...settings, [TRUST_OPTION]: isTrusted };
}

/** The parameters of `pyassist/workspaceTrust` once VS Code reports the trust granted. */
export function trustGranted(): { trusted: boolean } {
    return { trusted: true };
}
