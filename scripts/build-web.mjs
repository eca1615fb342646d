#!/usr/bin/env node
// Assembles dist/web/: the static page, the JS API, the WebAssembly engine and the bundled model
// (models/<dir>.mnmt, or a random-weight test model until the trained one exists), plus
// models/manifest.json and <model>.sha256 for the model loader and a versioned service worker.
// Needs the WASM build (scripts/build-wasm.sh). Usage: node scripts/build-web.mjs [--out DIR] [--test-models]
// (--test-models: every direction of scripts/lib/models.mjs, random-weight models where untrained)
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { copyEngine, requireEngine, root } from './lib/engine.mjs';
import { bundleModels, sha256 } from './lib/models.mjs';

const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : join(root, 'dist/web');

requireEngine('build-web');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
copyEngine(join(out, 'lib'), { types: true });

// The page, except the service worker which is written below with its asset list.
for (const f of readdirSync(join(root, 'web/page'))) {
  if (f !== 'sw.js') cpSync(join(root, 'web/page', f), join(out, f));
}

const manifest = bundleModels(out, 'build-web', { allDirections: process.argv.includes('--test-models') });

// Service worker: the app shell (everything but the models) under a version derived from its bytes.
const files = [];
const walk = (d) => readdirSync(d).forEach((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : files.push(join(d, f))));
walk(out);
const shell = files.map((f) => relative(out, f).split('\\').join('/')).filter((f) => !/\.(mnmt|sha256)$|\.d\.ts$/.test(f)).sort();
const version = sha256(Buffer.concat(shell.map((f) => readFileSync(join(out, f))))).slice(0, 16);
const assets = ['./', ...shell.filter((f) => f !== 'index.html').map((f) => `./${f}`), './index.html'];
const sw = readFileSync(join(root, 'web/page/sw.js'), 'utf8');
writeFileSync(join(out, 'sw.js'), `const VERSION = '${version}';\nconst ASSETS = ${JSON.stringify(assets)};\n${sw}`);

const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(`build-web: ${relative(root, out) || out} (version ${version}): ${shell.length + 1} app files, ` +
  manifest.map((m) => `${m.id} model ${kb(m.bytes)}${m.test ? ' (test model)' : ''}`).join(', ') +
  `, engine ${kb(statSync(join(out, 'lib/mobilenmt-wasm.wasm')).size)}`);
