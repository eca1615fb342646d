// MobileNMT in the browser: a promise API over a module Web Worker that runs the WebAssembly engine.
//
//   import { Translator } from './mobilenmt.js';
//   const t = await Translator.create({ model: 'models/en-de.mnmt', onProgress: (p) => bar.value = p.fraction });
//   const { text, sentences } = await t.translate('Hello world. How are you?', { signal });
//   t.dispose();
//
// Text is split into sentences here (Intl.Segmenter) and sent to the worker one at a time, so an
// AbortSignal stops the work at the next sentence; whitespace and line breaks between sentences are
// kept exactly. Errors are TranslatorError (an Error) with a `code`: see errors.js.
import { ErrorCode, TranslatorError, fromWire } from './errors.js';
import { splitSentences } from './segment.js';

export { ErrorCode, TranslatorError };

const DEFAULT_ENGINE = new URL('./mobilenmt-wasm.mjs', import.meta.url);
const baseUrl = () => globalThis.location?.href ?? DEFAULT_ENGINE.href;

const aborted = (signal) =>
  new TranslatorError(ErrorCode.ABORTED, signal?.reason?.message ? `aborted: ${signal.reason.message}` : 'aborted');

// A browser module Worker, or under Node (tests) a worker_threads Worker behind the same surface.
async function startWorker() {
  const url = new URL('./worker.js', import.meta.url);
  if (typeof globalThis.Worker === 'function') return new Worker(url, { type: 'module', name: 'mobilenmt' });
  const { startNodeWorker } = await import('./node-worker.js');
  return startNodeWorker(url);
}

export class Translator {
  #worker;
  #pending = new Map(); // id -> { resolve, reject, onProgress }
  #nextId = 1;
  #dead = null; // TranslatorError once disposed or crashed
  #locale;
  #beamSize;
  /** What the loaded model and engine are: languages, metadata, kernel, modelBytes, sha256, source. */
  info;

  constructor(worker, info) {
    this.#worker = worker;
    this.info = info;
  }

  /**
   * Starts a worker, gets the model (Cache API or network, SHA-256 checked) and loads it.
   * options: model (URL | string | ArrayBuffer | Uint8Array), sha256 (hex; default: `<model>.sha256`
   * if the server has it), onProgress({ phase, loaded, total, fraction }), cache (default true),
   * engine (URL of mobilenmt-wasm.mjs; default next to this file), beamSize (default 1), signal.
   */
  static async create(options = {}) {
    const { model, sha256, onProgress, cache = true, engine = DEFAULT_ENGINE, beamSize = 1, signal } = options;
    if (model == null) throw new TranslatorError(ErrorCode.BAD_INPUT, 'Translator.create: the `model` option is required');
    checkBeamSize(beamSize, 'Translator.create');
    if (signal?.aborted) throw aborted(signal);
    const isBytes = model instanceof ArrayBuffer || ArrayBuffer.isView(model);
    let modelArg;
    try {
      modelArg = !isBytes
        ? { url: new URL(String(model), baseUrl()).href }
        : { bytes: ArrayBuffer.isView(model) ? new Uint8Array(model.buffer, model.byteOffset, model.byteLength) : new Uint8Array(model) };
    } catch {
      throw new TranslatorError(ErrorCode.BAD_INPUT, `Translator.create: not a URL: ${model}`);
    }
    const worker = await startWorker();
    const t = new Translator(worker, null);
    t.#listen();
    const stop = () => t.#fail(aborted(signal));
    signal?.addEventListener('abort', stop, { once: true });
    try {
      t.info = await t.#call('load', {
        engineUrl: new URL(String(engine), baseUrl()).href,
        model: modelArg,
        sha256: sha256 ?? null,
        useCache: cache,
        beamSize,
      }, (p) => onProgress?.({ ...p, fraction: p.phase === 'ready' ? 1 : p.total ? Math.min(p.loaded / p.total, 1) : 0 }));
    } catch (err) {
      t.dispose();
      throw err;
    } finally {
      signal?.removeEventListener('abort', stop);
    }
    t.#locale = t.info.languages.split('-')[0] || 'en';
    t.#beamSize = beamSize;
    return t;
  }

  /**
   * Translates `text` sentence by sentence. Resolves to { text, sentences: [{ source, text, ms }] }.
   * options.beamSize (default: the one given to create) sets the search for this call only.
   * options.signal (AbortSignal) rejects with code ABORTED and stops at the next sentence.
   * options.maxLength (default 100000 UTF-16 units) bounds the input (BAD_INPUT beyond it).
   * options.onSentence(sentence, done, total, textSoFar) reports each sentence as it is translated;
   * textSoFar is the translation of the text up to this sentence, its whitespace kept, for showing
   * a long text's translation while it grows.
   */
  async translate(text, { signal, maxLength = 100_000, onSentence, beamSize = this.#beamSize } = {}) {
    if (typeof text !== 'string') throw new TranslatorError(ErrorCode.BAD_INPUT, `translate: expected a string, got ${typeof text}`);
    checkBeamSize(beamSize, 'translate');
    if (text.length > maxLength) {
      throw new TranslatorError(ErrorCode.BAD_INPUT, `translate: the text has ${text.length} characters; the limit is ${maxLength}`);
    }
    if (!isWellFormed(text)) throw new TranslatorError(ErrorCode.BAD_INPUT, 'translate: the text contains unpaired surrogates (not valid Unicode)');
    if (this.#dead) throw this.#dead;
    if (signal?.aborted) throw aborted(signal);
    let out = '';
    const sentences = [];
    const pieces = splitSentences(text, this.#locale);
    const total = pieces.filter((p) => p.core).length;
    for (const { lead, core, trail } of pieces) {
      if (!core) {
        out += lead + trail;
        continue;
      }
      const started = now();
      const translated = (await this.#call('translate', { text: core, beamSize }, null, signal)).text;
      const sentence = { source: core, text: translated, ms: now() - started };
      sentences.push(sentence);
      out += lead + translated + trail;
      onSentence?.(sentence, sentences.length, total, out);
    }
    return { text: out, sentences };
  }

  /** Engine figures: { workspaceBytes, heapBytes, sentences (translated so far) }. */
  async stats() {
    return this.#call('info');
  }

  /** Stops the worker and frees the model; pending calls reject with ABORTED. Idempotent. */
  dispose() {
    this.#fail(new TranslatorError(ErrorCode.ABORTED, 'the translator was disposed'));
  }

  #listen() {
    const onMessage = ({ data }) => {
      const entry = this.#pending.get(data.id);
      if (!entry) return;
      if (data.progress) return entry.onProgress?.(data.progress);
      this.#pending.delete(data.id);
      if (data.error) entry.reject(fromWire(data.error));
      else entry.resolve(data.result);
    };
    const onError = (event) => {
      event?.preventDefault?.();
      const message = event?.message ?? event?.error?.message ?? 'unknown error';
      this.#fail(new TranslatorError(ErrorCode.ENGINE, `the translation worker crashed: ${message}`));
    };
    this.#worker.addEventListener('message', onMessage);
    this.#worker.addEventListener('error', onError);
  }

  #call(op, args, onProgress, signal) {
    if (this.#dead) return Promise.reject(this.#dead);
    if (signal?.aborted) return Promise.reject(aborted(signal));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.#pending.delete(id); // the worker finishes this sentence; its answer is dropped
        reject(aborted(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (fn) => (value) => {
        signal?.removeEventListener('abort', onAbort);
        fn(value);
      };
      this.#pending.set(id, { resolve: done(resolve), reject: done(reject), onProgress });
      this.#worker.postMessage({ id, op, args });
    });
  }

  #fail(error) {
    if (this.#dead) return;
    this.#dead = error;
    this.#worker.terminate();
    for (const { reject } of this.#pending.values()) reject(error);
    this.#pending.clear();
  }
}

const MAX_BEAM_SIZE = 64; // the engine's bound

function checkBeamSize(beamSize, where) {
  if (!Number.isInteger(beamSize) || beamSize < 1 || beamSize > MAX_BEAM_SIZE) {
    throw new TranslatorError(ErrorCode.BAD_INPUT, `${where}: beamSize must be an integer from 1 to ${MAX_BEAM_SIZE}, got ${beamSize}`);
  }
}

function isWellFormed(text) {
  if (typeof text.isWellFormed === 'function') return text.isWellFormed();
  return !/\p{Surrogate}/u.test(text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));
}

const now = () => globalThis.performance?.now() ?? Date.now();
