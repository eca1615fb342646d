// Where things are, relative to the repository root (bench/ is one level down).
import { fileURLToPath } from 'node:url';

export const repo = (relative = '') => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
export const cli = repo(`${process.env.BUILD_DIR ?? 'build'}/mobilenmt`);
export const wasmDir = repo(process.env.MNMT_WASM_DIR ?? 'build-wasm');
export const python = '/usr/bin/python3'; // Debian's, which sees python3-torch (toolchain.md §5)
