/**
 * What the status bar item says. No `vscode` import.
 */
import type { ServerStatus } from './protocol';

export interface StatusView {
    /** Status bar text; may use `$(icon)` syntax. */
    readonly text: string;
    /** Markdown-free tooltip, one fact a line. */
    readonly tooltip: string;
    readonly severity: 'ok' | 'busy' | 'warning' | 'error';
}

const TASKS = ['summarize', 'translate', 'generate', 'ask'] as const;
/** Tasks the server lists only while they are on (inline completion). */
const OPTIONAL_TASKS = ['complete'] as const;

/** From a `pyassist/status` notification. */
export function viewOfStatus(status: ServerStatus): StatusView {
    const starting = status.server !== 'ready';
    const validator = status.validator;
    const validatorText = validator === undefined
        ? 'validator unknown'
        : validator.state === 'off'
            ? 'validator off'
            : `validator ${validator.state}`;
    const backends = [...TASKS, ...OPTIONAL_TASKS].map((task) => status.backend?.[task]).filter((b): b is string => typeof b === 'string' && b !== '');
    // The bar says "(no key)"; the tooltip keeps the server's whole hint (which variable or setting to set).
    const distinct = [...new Set(backends.map((b) => b.replace(/ \(no key:[^)]*\)/, ' (no key)')))];
    const backendText = distinct.length === 0 ? 'no AI backend' : distinct.length === 1 ? distinct[0]! : `${distinct.length} backends`;

    const icon = starting || validator?.state === 'loading' ? '$(sync~spin)' : '$(check)';
    const text = `${icon} pyassist: ${starting ? 'starting' : 'ready'} · ${validatorText} · ${backendText}`;

    const lines = [`Server: ${status.server}`];
    if (validator !== undefined) {
        lines.push(`Validator: ${validator.state}${validator.reason ? ` (${validator.reason})` : ''}`);
    }
    for (const task of TASKS) {
        const backend = status.backend?.[task];
        lines.push(`${task[0]!.toUpperCase()}${task.slice(1)}: ${backend ? backend : 'no backend'}`);
    }
    for (const task of OPTIONAL_TASKS) {
        const backend = status.backend?.[task];
        if (backend) {
            lines.push(`${task[0]!.toUpperCase()}${task.slice(1)}: ${backend}`);
        }
    }
    lines.push('Click to show the output.');
    return {
        text,
        tooltip: lines.join('\n'),
        severity: starting || validator?.state === 'loading' ? 'busy' : validator?.state === 'off' ? 'warning' : 'ok',
    };
}

/** Before the server has said anything, or when it is not running. */
export function viewOfClientState(state: 'starting' | 'running' | 'stopped' | 'failed', detail?: string): StatusView {
    switch (state) {
        case 'running':
            return { text: '$(check) pyassist: running', tooltip: 'The pyassist server is running (it has not reported its state).\nClick to show the output.', severity: 'ok' };
        case 'starting':
            return { text: '$(sync~spin) pyassist: starting', tooltip: 'Starting the pyassist server…\nClick to show the output.', severity: 'busy' };
        case 'stopped':
            return { text: '$(circle-slash) pyassist: stopped', tooltip: `The pyassist server is not running.${detail ? `\n${detail}` : ''}\nClick to show the output.`, severity: 'warning' };
        case 'failed':
            return { text: '$(error) pyassist: not started', tooltip: `${detail ?? 'The pyassist server could not start.'}\nClick to show the output.`, severity: 'error' };
    }
}
