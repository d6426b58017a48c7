// Copies the server jar into the extension (server/pyassist.jar), where the .vsix carries it.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(root, process.env.PYASSIST_JAR ?? '../server/target/pyassist.jar');
const target = resolve(root, 'server/pyassist.jar');
if (!existsSync(source)) {
    console.error(`copy-server: ${source} is missing; build it first: (cd .. && mvn -q -B -DskipTests package)`);
    process.exit(1);
}
mkdirSync(dirname(target), { recursive: true });
copyFileSync(source, target);
console.log(`copy-server: ${source} -> ${target} (${(statSync(target).size / 1048576).toFixed(1)} MiB)`);
