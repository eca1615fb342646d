#!/usr/bin/env node
// Assembles dist/extension/, the unpacked Manifest V3 extension: web/extension (without its README),
// the JS API and WebAssembly engine in lib/, and the bundled models (scripts/lib/models.mjs). Packs it
// into dist/mobilenmt-extension.zip (the file a store upload takes) and prints both sizes.
// Needs the WASM build (scripts/build-wasm.sh) and `zip`. Usage: node scripts/build-extension.mjs [--out DIR] [--test-models]
// (--test-models: every direction of scripts/lib/models.mjs, random-weight models where untrained)
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { copyEngine, requireEngine, root } from './lib/engine.mjs';
import { bundleModels } from './lib/models.mjs';

const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : join(root, 'dist/extension');
const zipFile = join(dirname(out), 'mobilenmt-extension.zip');

requireEngine('build-extension');
rmSync(out, { recursive: true, force: true });
cpSync(join(root, 'web/extension'), out, { recursive: true, filter: (src) => !src.endsWith('README.md') });
copyEngine(join(out, 'lib'), { types: false });
const models = bundleModels(out, 'build-extension', { allDirections: process.argv.includes('--test-models') });

const files = [];
const walk = (d) => readdirSync(d).forEach((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : files.push(join(d, f))));
walk(out);
const unpacked = files.reduce((sum, f) => sum + statSync(f).size, 0);

rmSync(zipFile, { force: true });
try {
  execFileSync('zip', ['-q', '-r', '-X', '-9', zipFile, '.'], { cwd: out, stdio: 'inherit' });
} catch (err) {
  console.error(`build-extension: cannot pack ${zipFile} (${err.message}); scripts/setup.sh web installs zip`);
  process.exit(1);
}

const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
const packed = statSync(zipFile).size;
console.log(`build-extension: ${relative(root, out)}: ${files.length} files, ${kb(unpacked)} unpacked, ` +
  models.map((m) => `${m.id} model ${kb(m.bytes)}${m.test ? ' (random-weight test model)' : ''}`).join(', ') +
  `; packed ${relative(root, zipFile)}: ${packed} bytes (${kb(packed)})`);
