// The module Web Worker that owns the WebAssembly engine and the loaded model. It answers
// { id, op, args } with { id, result } or { id, error: { code, message } }, and posts
// { id, progress } while a model loads. One sentence per 'translate' request: the main thread
// sends them one by one, so cancelling stops at the next sentence and the worker stays usable.
import { ErrorCode, TranslatorError, toWire } from './errors.js';
import { checkBytes, loadModel } from './model-loader.js';
import { halve } from './segment.js';

// A 1-function module whose body is a v128.const: validates only where WebAssembly SIMD exists.
const SIMD_PROBE = new Uint8Array([
  0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7b, 3, 2, 1, 0, 10, 0x16, 1, 0x14, 0, 0xfd, 0x0c,
  ...new Array(16).fill(0), 0x0b,
]);

const encoder = new TextEncoder();
const decoder = new TextDecoder();
let engine = null; // { mod, t, maxSourceTokens, beamSize }
let crashed = null; // message of a trap that left the instance unusable
let sentencesDone = 0; // engine calls completed (tests check that cancelling stops the work)

async function readBytes(url) {
  if (url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises'); // Node tests only
    return readFile(url);
  }
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
  return new Uint8Array(await res.arrayBuffer());
}

async function instantiate(engineUrl) {
  if (!WebAssembly.validate(SIMD_PROBE)) {
    throw new TranslatorError(ErrorCode.ENGINE, 'this browser does not support WebAssembly SIMD (needed by the engine); please update it');
  }
  try {
    const glue = new URL(engineUrl);
    const wasmBinary = await readBytes(new URL(glue.href.replace(/\.m?js(?=$|[?#])/, '.wasm')));
    const { default: factory } = await import(glue.href);
    return await factory({ wasmBinary });
  } catch (err) {
    throw new TranslatorError(ErrorCode.ENGINE, `cannot start the WebAssembly engine from ${engineUrl}: ${err.message}`);
  }
}

const cString = (mod, ptr) => decoder.decode(mod.HEAPU8.subarray(ptr, mod.HEAPU8.indexOf(0, ptr)));

function check(mod, t, status) {
  if (status === 0) return;
  const code = cString(mod, mod._mnmt_status_name(status));
  throw new TranslatorError(code, cString(mod, mod._mnmt_translator_last_error(t)));
}

// Runs an engine call; a trap (RuntimeError, abort) poisons the instance for good.
function guard(fn) {
  if (crashed) throw new TranslatorError(ErrorCode.ENGINE, `the engine stopped after an earlier failure (${crashed}); create a new Translator`);
  try {
    return fn();
  } catch (err) {
    if (err instanceof TranslatorError) throw err;
    crashed = err?.message ?? String(err);
    throw new TranslatorError(ErrorCode.ENGINE, `the engine failed: ${crashed}`);
  }
}

async function load({ engineUrl, model, sha256, useCache, beamSize = 1 }, progress) {
  const [mod, got] = await Promise.all([ // the engine compiles while the model downloads
    instantiate(engineUrl),
    model.bytes
      ? checkBytes(new Uint8Array(model.bytes.buffer, model.bytes.byteOffset, model.bytes.byteLength), sha256)
      : loadModel({ url: model.url, sha256, useCache, onProgress: progress }),
  ]);
  return guard(() => {
    const t = mod._mnmt_translator_init();
    if (!t) throw new TranslatorError(ErrorCode.ENGINE, 'out of memory');
    const ptr = mod._mnmt_translator_model_buffer(t, got.bytes.length);
    if (!ptr) check(mod, t, 4);
    mod.HEAPU8.set(got.bytes, ptr); // the one copy; the engine reads it in place
    const status = mod._mnmt_translator_load(t, beamSize);
    if (status !== 0) {
      const err = (() => { try { check(mod, t, status); } catch (e) { return e; } })();
      mod._mnmt_translator_free(t);
      throw err;
    }
    engine = { mod, t, maxSourceTokens: mod._mnmt_translator_max_source_tokens(t), beamSize };
    progress({ phase: 'ready', loaded: got.bytes.length, total: got.bytes.length });
    return {
      languages: cString(mod, mod._mnmt_translator_languages(t)),
      metadata: cString(mod, mod._mnmt_translator_metadata(t)),
      kernel: cString(mod, mod._mnmt_kernel_name()),
      modelBytes: got.bytes.length,
      sha256: got.sha256,
      source: got.source,
    };
  });
}

// Copies UTF-8 text into the engine's input buffer; returns its byte length.
function putInput(text) {
  const { mod, t } = engine;
  const bytes = encoder.encode(text);
  const ptr = mod._mnmt_translator_input_buffer(t, bytes.length);
  if (!ptr) check(mod, t, 4);
  mod.HEAPU8.set(bytes, ptr);
  return bytes.length;
}

// Translates one sentence; one longer than the model's source limit is halved at whitespace.
function translateSentence(sentence) {
  const { mod, t, maxSourceTokens } = engine;
  const size = putInput(sentence);
  const tokens = mod._mnmt_translator_count_tokens(t, size);
  if (tokens > maxSourceTokens && sentence.length >= 2) {
    const [left, right] = halve(sentence);
    if (left && right) return `${translateSentence(left)} ${translateSentence(right)}`;
  }
  check(mod, t, mod._mnmt_translator_translate(t, size));
  return decoder.decode(mod.HEAPU8.subarray(mod._mnmt_translator_output(t), mod._mnmt_translator_output(t) + mod._mnmt_translator_output_size(t)));
}

// Switches the engine's beam width; the engine keeps a search workspace per width used.
function useBeamSize(beamSize) {
  if (beamSize === engine.beamSize) return;
  const { mod, t } = engine;
  check(mod, t, mod._mnmt_translator_set_beam_size(t, beamSize));
  engine.beamSize = beamSize;
}

const ops = {
  load,
  translate({ text, beamSize }) {
    if (!engine) throw new TranslatorError(ErrorCode.ENGINE, 'no model loaded');
    const result = guard(() => {
      if (beamSize !== undefined) useBeamSize(beamSize);
      return { text: translateSentence(text) };
    });
    sentencesDone++;
    return result;
  },
  info() {
    if (!engine) return null;
    const { mod, t } = engine;
    return { workspaceBytes: mod._mnmt_translator_workspace_bytes(t), heapBytes: mod.HEAPU8.length, sentences: sentencesDone };
  },
};

self.addEventListener('message', async ({ data }) => {
  const { id, op, args } = data;
  const progress = (p) => self.postMessage({ id, progress: p });
  try {
    if (!ops[op]) throw new TranslatorError(ErrorCode.ENGINE, `unknown worker operation ${op}`);
    self.postMessage({ id, result: await ops[op](args ?? {}, progress) });
  } catch (err) {
    self.postMessage({ id, error: toWire(err) });
  }
});
