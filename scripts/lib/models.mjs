// The translation directions the browser builds bundle, and how their models get into a build: each
// direction whose models/<id>.mnmt exists; when none does, a deterministic random-weight test model
// (gibberish output) for the first, so that the product runs before training has finished. With
// `allDirections` (the build scripts' --test-models), every direction, test models for untrained ones.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, wasmDir } from './engine.mjs';

export const DIRECTIONS = [ // more directions: add a line (and a `--direction` to make_test_model.py)
  { id: 'en-de', source: 'en', target: 'de' },
  { id: 'de-en', source: 'de', target: 'en' },
];

export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

// The trained model when it exists, else the test model (made once, kept in the WASM build dir).
const trainedModel = ({ id }) => join(root, 'models', `${id}.mnmt`);

export function modelFor(direction, tool) {
  const trained = trainedModel(direction);
  if (existsSync(trained)) return { path: trained, test: false };
  const test = join(wasmDir, `test-model.${direction.id}.mnmt`);
  console.error(`${tool}: models/${direction.id}.mnmt is not there yet; bundling a random-weight test model (output is gibberish)`);
  if (!existsSync(test)) {
    const script = join(root, 'models/train/make_test_model.py');
    execFileSync('/usr/bin/python3', [script, '--direction', direction.id, '--out', test], { stdio: 'inherit' });
  }
  return { path: test, test: true };
}

export function directionsToBundle({ allDirections = false } = {}) {
  if (allDirections) return DIRECTIONS;
  const trained = DIRECTIONS.filter((d) => existsSync(trainedModel(d)));
  return trained.length > 0 ? trained : DIRECTIONS.slice(0, 1);
}

// Writes <id>.mnmt, <id>.mnmt.sha256 and manifest.json into `<out>/models/`; returns the manifest,
// whose `file` entries are relative to `out`.
export function bundleModels(out, tool, options) {
  mkdirSync(join(out, 'models'), { recursive: true });
  const manifest = directionsToBundle(options).map((direction) => {
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
