/**
 * The pyassist-specific protocol, as DESIGN.md ("Commands and notifications between server and clients") defines it.
 */

export const STATUS_NOTIFICATION = 'pyassist/status';

/** `pyassist/status`: sent after `initialized` and whenever it changes. */
export interface ServerStatus {
    readonly server: 'starting' | 'ready' | string;
    readonly validator?: { readonly state: 'loading' | 'ready' | 'off' | string; readonly reason?: string | null };
    /** Backend per task, e.g. `{summarize: "openai:gpt-4o-mini"}`. */
    readonly backend?: { readonly [task: string]: string | undefined } | null;
}

/** The server's `workspace/executeCommand` commands. */
export const ServerCommand = {
    summarize: 'pyassist.summarize',
    translate: 'pyassist.translate',
    generate: 'pyassist.generate',
    ask: 'pyassist.ask',
    rate: 'pyassist.rate',
} as const;
export type ServerCommandId = (typeof ServerCommand)[keyof typeof ServerCommand];

export interface LspPosition {
    readonly line: number;
    readonly character: number;
}

export interface LspRange {
    readonly start: LspPosition;
    readonly end: LspPosition;
}

/** `{uri, range?, position?}`: the function/class at `position`, or the selection `range`. */
export interface TargetArgument {
    readonly uri: string;
    readonly range?: LspRange;
    readonly position?: LspPosition;
}

export const TRANSLATE_LANGUAGES = [
    { id: 'java', label: 'Java' },
    { id: 'cpp', label: 'C++' },
    { id: 'javascript', label: 'JavaScript' },
    { id: 'go', label: 'Go' },
] as const;
export type TranslateLanguage = (typeof TRANSLATE_LANGUAGES)[number]['id'];

export type SummarizeArgument = TargetArgument;
export type GenerateArgument = TargetArgument;
export interface TranslateArgument extends TargetArgument {
    readonly language: TranslateLanguage;
}
export interface AskArgument extends Partial<TargetArgument> {
    readonly question: string;
}
export interface RateArgument {
    readonly rating: 'up' | 'down';
    readonly comment?: string;
}

/** The editor state a command is about, already in protocol terms. */
export interface EditorTarget {
    readonly uri: string;
    readonly selection: LspRange;
    /** Where the cursor is (the selection's active end). */
    readonly cursor: LspPosition;
}

/** `position` is always the cursor; `range` is sent only for a non-empty selection. */
export function targetArgument(target: EditorTarget): TargetArgument {
    const { start, end } = target.selection;
    const empty = start.line === end.line && start.character === end.character;
    return empty
        ? { uri: target.uri, position: target.cursor }
        : { uri: target.uri, range: target.selection, position: target.cursor };
}

export function askArgument(question: string, target: EditorTarget | undefined): AskArgument {
    return target === undefined ? { question } : { ...targetArgument(target), question };
}

export function rateArgument(rating: 'up' | 'down', comment: string | undefined): RateArgument {
    const trimmed = comment?.trim();
    return trimmed ? { rating, comment: trimmed } : { rating };
}

/** True when the server listed `command` in `executeCommandProvider` (static registration). */
export function serverOffers(capabilities: { executeCommandProvider?: { commands?: string[] } } | undefined, command: string): boolean {
    return capabilities?.executeCommandProvider?.commands?.includes(command) ?? false;
}

/** A text worth showing from a command's result: a string, or an object's `message`. */
export function resultMessage(result: unknown): string | undefined {
    if (typeof result === 'string' && result.trim() !== '') {
        return result;
    }
    if (typeof result === 'object' && result !== null) {
        const message = (result as { message?: unknown }).message;
        if (typeof message === 'string' && message.trim() !== '') {
            return message;
        }
    }
    return undefined;
}

/**
 * What the client itself shows after a palette command. The server shows the outcome of every action itself
 * (`window/showMessage`: delivered results, refusals, LLM errors; its `lsp/ErrorMapping` decides), so the client
 * shows nothing for the server's summary object (one with `ok`). Other results (a plain string, an object without
 * `ok`) are shown as they are; a failed request arrives as a JSON-RPC error instead.
 */
export function messageToShow(result: unknown): string | undefined {
    if (typeof result === 'object' && result !== null && 'ok' in result) {
        return undefined;
    }
    return resultMessage(result);
}
