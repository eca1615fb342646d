#!/usr/bin/env node
// Assembles dist/web/: the static page, the JS API, the WebAssembly engine and the bundled model
// (models/<dir>.mnmt, or a random-weight test model until the trained one exists), plus
// models/manifest.json and <model>.sha256 for the model loader and a versioned service worker.
// Needs the WASM build (scripts/build-wasm.sh). Usage: node scripts/build-web.mjs [--out DIR]
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : join(root, 'dist/web');
const wasmDir = join(root, process.env.MNMT_WASM_DIR ?? 'build-wasm');
const DIRECTIONS = [{ id: 'en-de', source: 'en', target: 'de' }]; // more directions: add a line

const fail = (message) => {
  console.error(`build-web: ${message}`);
  process.exit(1);
};
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

// The trained model when it exists, else a deterministic random-weight test model.
function modelFor({ id }) {
  const trained = join(root, 'models', `${id}.mnmt`);
  if (existsSync(trained)) return { path: trained, test: false };
  const test = join(wasmDir, `test-model.${id}.mnmt`);
  if (!existsSync(test)) {
    console.error(`build-web: models/${id}.mnmt is not there yet; bundling a random-weight test model (output is gibberish)`);
    execFileSync('/usr/bin/python3', [join(root, 'models/train/make_test_model.py'), '--out', test], { stdio: 'inherit' });
  }
  return { path: test, test: true };
}

for (const f of ['mobilenmt-wasm.mjs', 'mobilenmt-wasm.wasm']) {
  if (!existsSync(join(wasmDir, f))) fail(`${join(wasmDir, f)} is missing: run scripts/build-wasm.sh first`);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'lib'), { recursive: true });
mkdirSync(join(out, 'models'), { recursive: true });

// The JS API (without its Node-only worker shim) and the engine.
for (const f of readdirSync(join(root, 'web/src'))) {
  if (f !== 'node-worker.js') cpSync(join(root, 'web/src', f), join(out, 'lib', f));
}
for (const f of ['mobilenmt-wasm.mjs', 'mobilenmt-wasm.wasm']) cpSync(join(wasmDir, f), join(out, 'lib', f));

// The page, except the service worker which is written below with its asset list.
for (const f of readdirSync(join(root, 'web/page'))) {
  if (f !== 'sw.js') cpSync(join(root, 'web/page', f), join(out, f));
}

const manifest = [];
for (const dir of DIRECTIONS) {
  const { path, test } = modelFor(dir);
  const bytes = readFileSync(path);
  const digest = sha256(bytes);
  const file = `${dir.id}.mnmt`;
  writeFileSync(join(out, 'models', file), bytes);
  writeFileSync(join(out, 'models', `${file}.sha256`), `${digest}  ${file}\n`);
  manifest.push({ ...dir, file: `models/${file}`, bytes: bytes.length, sha256: digest, test });
}
writeFileSync(join(out, 'models/manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

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
