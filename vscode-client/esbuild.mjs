// Bundles the extension and vscode-languageclient into one file, so the .vsix needs no node_modules.
import { build } from 'esbuild';

await build({
    entryPoints: ['src/extension.ts'],
    bundle: true,
    outfile: 'dist/extension.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    minify: true,
    sourcemap: false,
    logLevel: 'info',
});
