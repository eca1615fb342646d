// The WASM SIMD128 GEMM kernel gives the same bits as the scalar reference (docs/numerics.md §2),
// at awkward shapes (m = 1, odd k and n, k not a multiple of 16) and at the int8 extremes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadWasmModule } from './helpers.mjs';

const SCALAR = 0;
const SIMD = 1;

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
const int8s = (rand, count, extreme) =>
  Int8Array.from({ length: count }, () => (extreme ? (rand() < 0.5 ? -127 : 127) : Math.floor(rand() * 255) - 127));
const floats = (rand, count, lo, hi) => Float32Array.from({ length: count }, () => lo + rand() * (hi - lo));

// Copies typed arrays into the wasm heap, runs fn(pointers), returns a copy of `outBytes` at out.
function withHeap(mod, arrays, outBytes, fn) {
  const ptrs = arrays.map((a) => {
    const p = mod._malloc(Math.max(a.byteLength, 1));
    mod.HEAPU8.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), p);
    return p;
  });
  const out = mod._malloc(outBytes);
  mod.HEAPU8.fill(0, out, out + outBytes);
  fn(ptrs, out);
  const result = mod.HEAPU8.slice(out, out + outBytes);
  [...ptrs, out].forEach((p) => mod._free(p));
  return result;
}

const mod = await loadWasmModule('mnmt-kernel-test');
const name = (which) => {
  const p = mod._mnmt_test_kernel_name(which);
  return new TextDecoder().decode(mod.HEAPU8.subarray(p, mod.HEAPU8.indexOf(0, p)));
};

test('kernel names', () => {
  assert.equal(name(SCALAR), 'scalar');
  assert.equal(name(SIMD), 'wasm_simd');
});

const shapes = [];
for (const m of [1, 2, 3, 7, 25]) for (const n of [1, 3, 4, 5, 64, 65, 131]) for (const k of [1, 15, 16, 17, 33, 100, 257]) shapes.push([m, n, k]);

test('packed GEMM: every epilogue mode is bit-identical to scalar', () => {
  const rand = rng(1234);
  let cases = 0;
  for (const [m, n, k] of shapes) {
    const lda = k + (m % 2) * 3; // a row stride larger than k on some shapes
    const a = int8s(rand, m * lda, false);
    const b = int8s(rand, n * k, false);
    const mul = floats(rand, n, 1e-5, 2e-3);
    const bias = floats(rand, n, -1, 1);
    const init = floats(rand, m * n, -2, 2); // starting values for the accumulate mode
    for (const [mode, act, bytes] of [[0, 0, 4], [1, 0, 4], [1, 1, 4], [1, 2, 4], [2, 2, 4], [3, 1, 1], [3, 2, 1]]) {
      const run = (which) =>
        withHeap(mod, [a, b, mul, bias, init], m * n * bytes, ([pa, pb, pm, pbias, pinit], out) => {
          if (mode === 2) mod.HEAPU8.copyWithin(out, pinit, pinit + m * n * 4);
          mod._mnmt_test_gemm_packed(which, mode, pa, lda, m, pb, n, k, pm, act === 1 ? 0 : pbias, act, 127 / 3, out);
        });
      assert.deepEqual(run(SIMD), run(SCALAR), `m=${m} n=${n} k=${k} mode=${mode} act=${act}`);
      cases++;
    }
  }
  assert.ok(cases > 1000);
});

test('unpacked int32 GEMM (attention path) with row strides', () => {
  const rand = rng(99);
  for (const [m, n, k] of shapes) {
    const lda = k + 5;
    const ldb = k + (n % 3);
    const ldc = n + 2;
    const a = int8s(rand, m * lda, false);
    const b = int8s(rand, n * ldb, false);
    const run = (which) =>
      withHeap(mod, [a, b], m * ldc * 4, ([pa, pb], out) => mod._mnmt_test_gemm_i32(which, pa, lda, pb, ldb, m, n, k, out, ldc));
    assert.deepEqual(run(SIMD), run(SCALAR), `m=${m} n=${n} k=${k}`);
  }
});

test('extreme values: long k with every product at +-127*127', () => {
  const rand = rng(7);
  for (const [m, n, k] of [[1, 9, 4099], [3, 17, 8191]]) {
    const a = int8s(rand, m * k, true);
    const b = int8s(rand, n * k, true);
    const run = (which) =>
      withHeap(mod, [a, b, new Float32Array(n)], m * n * 4, ([pa, pb, pm], out) =>
        mod._mnmt_test_gemm_packed(which, 0, pa, k, m, pb, n, k, pm, 0, 0, 0, out));
    const simd = run(SIMD);
    assert.deepEqual(simd, run(SCALAR));
    // and the scalar result is right: compare one entry with a JS dot product
    let dot = 0;
    for (let p = 0; p < k; p++) dot += a[p] * b[p];
    assert.equal(new Int32Array(simd.buffer)[0], dot);
  }
});
