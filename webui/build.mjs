// Bundles the web UI (src/main.ts and its CodeMirror and Lezer imports) with esbuild into the server's resources
// (server/src/main/resources/web/): app.js, app.css, index.html. The bundle is committed, so `mvn package` on a
// clean clone needs no Node; `node build.mjs --check` (run by scripts/test.sh) fails when it is stale.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, '..', 'server', 'src', 'main', 'resources', 'web');
const check = process.argv.includes('--check');
const out = check ? mkdtempSync(join(tmpdir(), 'pyassist-webui-')) : target;
mkdirSync(out, { recursive: true });

const result = await build({
    entryPoints: [join(here, 'src', 'main.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome110', 'firefox115', 'safari16'],
    outfile: join(out, 'app.js'),
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
});
// The bundled packages' own license texts travel with the bundle (all MIT today).
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) {
        packages.add(m[1]);
    }
}
const notices = [...packages].sort().map((name) => {
    const dir = join(here, 'node_modules', name);
    const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    let text = '';
    for (const f of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license']) {
        try {
            text = readFileSync(join(dir, f), 'utf8');
            break;
        } catch {
            // try the next name
        }
    }
    return `${name} ${meta.version} (${meta.license})\n\n${text.trim()}\n`;
});
writeFileSync(join(out, 'THIRD-PARTY-LICENSES.txt'), `Packages bundled into app.js:\n\n${notices.join('\n----\n\n')}`);
copyFileSync(join(here, 'src', 'app.css'), join(out, 'app.css'));
copyFileSync(join(here, 'index.html'), join(out, 'index.html'));

if (check) {
    const stale = ['app.js', 'app.css', 'index.html', 'THIRD-PARTY-LICENSES.txt'].filter((f) => {
        try {
            return !readFileSync(join(out, f)).equals(readFileSync(join(target, f)));
        } catch {
            return true;
        }
    });
    rmSync(out, { recursive: true, force: true });
    if (stale.length) {
        console.error(`webui: the committed bundle is stale (${stale.join(', ')}); run \`npm run build\` in webui/ and commit`);
        process.exit(1);
    }
    console.log('webui: the committed bundle matches the sources');
}
