// The C ABI of mobilenmt-wasm (wasm/mnmt_abi.h) under Node: the same ids as the native engine (test
// model, and the shipped model once it exists), and named statuses (never a trap) for bad models
// and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadWasmModule, testModelPath, fixtureLines, fixturePath, root } from './helpers.mjs';

const mod = await loadWasmModule('mobilenmt-wasm');
const model = readFileSync(testModelPath());
const str = (ptr) => new TextDecoder().decode(mod.HEAPU8.subarray(ptr, mod.HEAPU8.indexOf(0, ptr)));
const statusName = (s) => str(mod._mnmt_status_name(s));

function load(bytes) {
  const t = mod._mnmt_translator_init();
  const buffer = mod._mnmt_translator_model_buffer(t, bytes.length); // may grow memory: HEAPU8 after it
  mod.HEAPU8.set(bytes, buffer);
  return { t, status: statusName(mod._mnmt_translator_load(t, 1)), error: str(mod._mnmt_translator_last_error(t)) };
}

// Translates raw UTF-8 bytes; returns { status, text, ids, error }.
function translate(t, bytes) {
  const buffer = mod._mnmt_translator_input_buffer(t, bytes.length);
  mod.HEAPU8.set(bytes, buffer);
  const status = statusName(mod._mnmt_translator_translate(t, bytes.length));
  const ids = new Int32Array(mod.HEAP8.buffer, mod._mnmt_translator_output_ids(t), mod._mnmt_translator_output_id_count(t));
  return { status, text: str(mod._mnmt_translator_output(t)), ids: [...ids], error: str(mod._mnmt_translator_last_error(t)) };
}
const utf8 = (s) => new TextEncoder().encode(s);

const good = load(model);

test('loads the test model', () => {
  assert.equal(good.status, 'OK', good.error);
  assert.equal(str(mod._mnmt_translator_languages(good.t)), 'en-de');
  assert.ok(['scalar', 'wasm_simd'].includes(str(mod._mnmt_kernel_name())));
});

// Every fixture sentence of the model's source language through `translator` here and through the
// native CLI on `modelPath` (with `cliArgs`, e.g. a beam width).
function expectNativeIds(t, translator, modelPath, cliArgs = []) {
  const cli = process.env.MNMT_NATIVE_CLI ?? fileURLToPath(new URL('build/mobilenmt', root));
  if (!existsSync(cli)) return t.skip(`${cli} is not built (scripts/build.sh)`);
  const language = str(mod._mnmt_translator_languages(translator)).split('-')[0];
  const native = execFileSync(cli, ['ids', '-m', modelPath, ...cliArgs], { input: readFileSync(fixturePath(language)) })
    .toString().split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');
  const lines = fixtureLines(language);
  assert.equal(native.length, lines.length);
  lines.forEach((line, i) => {
    const r = translate(translator, utf8(line));
    assert.equal(r.status, 'OK', r.error);
    assert.equal(r.ids.join(' '), native[i].trim(), `sentence ${i + 1}: ${line}`);
  });
}

test('the same target ids as the native engine', (t) => expectNativeIds(t, good.t, testModelPath()));

test('the same target ids as the native engine with a German→English model', (t) => {
  const path = testModelPath('de-en');
  const deEn = load(readFileSync(path));
  assert.equal(deEn.status, 'OK', deEn.error);
  try {
    assert.equal(str(mod._mnmt_translator_languages(deEn.t)), 'de-en');
    expectNativeIds(t, deEn.t, path);
  } finally {
    mod._mnmt_translator_free(deEn.t);
  }
});

for (const direction of ['en-de', 'de-en']) {
  const shippedModel = fileURLToPath(new URL(`models/${direction}.mnmt`, root));
  test(`the same target ids as the native engine with the shipped ${direction} model`,
    { skip: !existsSync(shippedModel) && `models/${direction}.mnmt is not trained yet` }, (t) => {
      const shipped = load(readFileSync(shippedModel));
      assert.equal(shipped.status, 'OK', shipped.error);
      try {
        expectNativeIds(t, shipped.t, shippedModel);
      } finally {
        mod._mnmt_translator_free(shipped.t);
      }
    });
}

test('the beam width can change between calls: beam 4 and greedy both match the native engine', (t) => {
  const beam = (width) => statusName(mod._mnmt_translator_set_beam_size(good.t, width));
  try {
    assert.equal(beam(4), 'OK');
    expectNativeIds(t, good.t, testModelPath(), ['--beam', '4']);
    assert.equal(beam(1), 'OK');
    expectNativeIds(t, good.t, testModelPath());
    assert.equal(beam(4), 'OK'); // the beam-4 workspace is kept, not rebuilt
    expectNativeIds(t, good.t, testModelPath(), ['--beam', '4']);
  } finally {
    beam(1);
  }
});

test('a bad beam width is BAD_INPUT and keeps the width in use', () => {
  const greedy = translate(good.t, utf8('The weather is nice today.'));
  for (const width of [0, -1, 65]) {
    assert.equal(statusName(mod._mnmt_translator_set_beam_size(good.t, width)), 'BAD_INPUT', `width ${width}`);
    assert.match(str(mod._mnmt_translator_last_error(good.t)), /beam size/);
  }
  assert.deepEqual(translate(good.t, utf8('The weather is nice today.')), greedy);
  const empty = mod._mnmt_translator_init();
  assert.equal(statusName(mod._mnmt_translator_set_beam_size(empty, 4)), 'BAD_INPUT'); // no model yet
  mod._mnmt_translator_free(empty);
});

test('translation is deterministic and non-trivial', () => {
  const a = translate(good.t, utf8('The weather is nice today.'));
  const b = translate(good.t, utf8('The weather is nice today.'));
  assert.equal(a.status, 'OK', a.error);
  assert.ok(a.ids.length > 0);
  assert.deepEqual(a, b);
});

test('bad models are MODEL_INVALID with a message, never a trap', () => {
  const flipped = Uint8Array.from(model);
  flipped[Math.floor(model.length / 2)] ^= 0x55;
  for (const [name, bytes] of [['garbage', utf8('this is not a model at all').subarray(0, 20)], ['empty', new Uint8Array(0)],
    ['truncated', model.subarray(0, model.length - 100)], ['flipped byte', flipped]]) {
    const r = load(bytes);
    assert.equal(r.status, 'MODEL_INVALID', name);
    assert.ok(r.error.length > 5, `${name}: ${r.error}`);
    const after = translate(r.t, utf8('Hello.'));
    assert.equal(after.status, 'BAD_INPUT'); // no model loaded
    mod._mnmt_translator_free(r.t);
  }
});

test('empty, invalid UTF-8 and 1 MB inputs', () => {
  assert.deepEqual(translate(good.t, new Uint8Array(0)), { status: 'OK', text: '', ids: [], error: '' });
  for (const bad of [[0xff], [0x48, 0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
    const r = translate(good.t, Uint8Array.from(bad));
    assert.equal(r.status, 'BAD_INPUT', JSON.stringify(bad));
    assert.match(r.error, /UTF-8/i);
  }
  const huge = translate(good.t, utf8('word '.repeat(200_000)));
  assert.equal(huge.status, 'BAD_INPUT');
  assert.ok(huge.error.length > 5);
  assert.equal(translate(good.t, utf8('Hello.')).status, 'OK'); // still usable
});
