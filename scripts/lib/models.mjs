// The translation directions the browser builds bundle, and how their models get into a build:
// models/<id>.mnmt when it exists, else a deterministic random-weight test model (gibberish output).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, wasmDir } from './engine.mjs';

export const DIRECTIONS = [{ id: 'en-de', source: 'en', target: 'de' }]; // more directions: add a line

export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

// The trained model when it exists, else the test model (made once, kept in the WASM build dir).
export function modelFor({ id }, tool) {
  const trained = join(root, 'models', `${id}.mnmt`);
  if (existsSync(trained)) return { path: trained, test: false };
  const test = join(wasmDir, `test-model.${id}.mnmt`);
  if (!existsSync(test)) {
    console.error(`${tool}: models/${id}.mnmt is not there yet; bundling a random-weight test model (output is gibberish)`);
    execFileSync('/usr/bin/python3', [join(root, 'models/train/make_test_model.py'), '--out', test], { stdio: 'inherit' });
  }
  return { path: test, test: true };
}

// Writes <id>.mnmt, <id>.mnmt.sha256 and manifest.json into `<out>/models/`; returns the manifest,
// whose `file` entries are relative to `out`.
export function bundleModels(out, tool) {
  mkdirSync(join(out, 'models'), { recursive: true });
  const manifest = DIRECTIONS.map((direction) => {
    const { path, test } = modelFor(direction, tool);
    const bytes = readFileSync(path);
    const digest = sha256(bytes);
    const file = `${direction.id}.mnmt`;
    writeFileSync(join(out, 'models', file), bytes);
    writeFileSync(join(out, 'models', `${file}.sha256`), `${digest}  ${file}\n`);
    return { ...direction, file: `models/${file}`, bytes: bytes.length, sha256: digest, test };
  });
  writeFileSync(join(out, 'models/manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
