// The JS API and the WebAssembly engine as the browser builds ship them: web/src (without the
// Node-only worker shim) plus the Emscripten output of scripts/build-wasm.sh, side by side.
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const wasmDir = join(root, process.env.MNMT_WASM_DIR ?? 'build-wasm');
const ENGINE_FILES = ['mobilenmt-wasm.mjs', 'mobilenmt-wasm.wasm'];

export function requireEngine(tool) {
  for (const f of ENGINE_FILES) {
    if (!existsSync(join(wasmDir, f))) {
      console.error(`${tool}: ${join(wasmDir, f)} is missing: run scripts/build-wasm.sh first`);
      process.exit(1);
    }
  }
}

// Copies the API and the engine into libDir; the TypeScript declarations only when asked.
export function copyEngine(libDir, { types }) {
  mkdirSync(libDir, { recursive: true });
  for (const f of readdirSync(join(root, 'web/src'))) {
    if (f === 'node-worker.js' || (!types && f.endsWith('.d.ts'))) continue;
    cpSync(join(root, 'web/src', f), join(libDir, f));
  }
  for (const f of ENGINE_FILES) cpSync(join(wasmDir, f), join(libDir, f));
}
