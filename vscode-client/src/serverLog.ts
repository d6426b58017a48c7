/**
 * The server logs to stderr one line per record, `HH:mm:ss.SSS LEVEL Logger: message` (java.util.logging levels),
 * followed by a stack trace when there is one. The language client would log every stderr line as an error; this
 * maps each record to its own level instead (continuation lines keep the level of their record). No `vscode` import.
 */

export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';

const RECORD = /^\d{2}:\d{2}:\d{2}\.\d{3} (SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST) /;

const LEVELS: Record<string, LogLevel> = {
    SEVERE: 'error',
    WARNING: 'warn',
    INFO: 'info',
    CONFIG: 'debug',
    FINE: 'debug',
    FINER: 'trace',
    FINEST: 'trace',
};

/** The level of one stderr line; `previous` is the level of the line before (for stack trace lines). */
export function serverLogLevel(line: string, previous: LogLevel | undefined): LogLevel {
    const match = RECORD.exec(line);
    if (match) {
        return LEVELS[match[1]!] ?? 'info';
    }
    // Not a record: a continuation (stack trace) line, or something the JVM itself printed.
    return previous ?? 'error';
}
