// The extension's own output (the pyassist LogOutputChannel), as the extension host writes it under user-data/logs.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The pyassist output channel's log, from the extension host's logs under the user-data folder. */
export function extensionLogs(userDataDir) {
    const found = [];
    const walk = (dir) => {
        for (const name of readdirSync(dir)) {
            const file = join(dir, name);
            if (statSync(file).isDirectory()) {
                walk(file);
            } else if (/pyassist/i.test(name) && name.endsWith('.log')) {
                found.push(`--- ${file}\n${readFileSync(file, 'utf8')}`);
            }
        }
    };
    if (existsSync(join(userDataDir, 'logs'))) {
        walk(join(userDataDir, 'logs'));
    }
    return found.join('\n');
}
