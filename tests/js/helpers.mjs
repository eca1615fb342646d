// Shared by the node tests: where the builds are, the test model, and how to instantiate an
// Emscripten ES module under Node (the glue is built for web,worker, so Node passes the .wasm bytes;
// toolchain.md §1).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = new URL('../../', import.meta.url);
export const wasmDir = new URL(`${process.env.MNMT_WASM_DIR ?? 'build-wasm'}/`, root);

export function requireFile(url, hint) {
  if (!existsSync(url)) throw new Error(`${fileURLToPath(url)} is missing: ${hint}`);
  return url;
}

export async function loadWasmModule(name) {
  const glue = requireFile(new URL(`${name}.mjs`, wasmDir), 'run scripts/build-wasm.sh');
  const { default: factory } = await import(glue.href);
  return factory({ wasmBinary: readFileSync(new URL(`${name}.wasm`, wasmDir)) });
}

export const engineUrl = () => requireFile(new URL('mobilenmt-wasm.mjs', wasmDir), 'run scripts/build-wasm.sh');

// The random-weight en-de test model (the same file build-web bundles until the trained one exists).
export function testModelPath(direction = 'en-de') {
  const path = fileURLToPath(new URL(`test-model.${direction}.mnmt`, wasmDir));
  if (!existsSync(path)) {
    const script = fileURLToPath(new URL('models/train/make_test_model.py', root));
    execFileSync('/usr/bin/python3', [script, '--direction', direction, '--out', path], { stdio: 'ignore' });
  }
  return path;
}

export const fixturePath = (language = 'en') => new URL(`tests/fixtures/sentences.${language}`, root);
export const fixtureLines = (language = 'en') =>
  readFileSync(fixturePath(language), 'utf8').split('\n').filter((l) => l.length > 0);
