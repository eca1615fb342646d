// The in-browser side of the benchmark: bench/chromium.mjs and bench/web-figures.mjs call
// window.bench(spec) to load one system, run it over the sentences and report times and heap sizes.
// Our engine runs behind its JS API (module worker); onnxruntime-web runs on this page, one thread.
import { timeEach } from '../lib/timed.mjs';

// onnxruntime-web's heap is the WebAssembly.Memory its glue creates; count every one made here.
const memories = [];
WebAssembly.Memory = class extends WebAssembly.Memory {
  constructor(descriptor) {
    super(descriptor);
    memories.push(this);
  }
};
const pageWasmHeapBytes = () => memories.reduce((sum, memory) => sum + memory.buffer.byteLength, 0);

async function loadOurs({ modelUrl, sha256 }) {
  const { Translator } = await import('/engine/mobilenmt.js');
  const started = performance.now();
  const translator = await Translator.create({ model: modelUrl, sha256, cache: false });
  return { translator, loadMs: performance.now() - started, heapAfterLoad: (await translator.stats()).heapBytes };
}

async function loadOrt({ onnxUrl }) {
  const ort = await import('/ort/ort.wasm.min.mjs');
  Object.assign(ort.env.wasm, { numThreads: 1, proxy: false, wasmPaths: '/ort/' });
  const { translateIds } = await import('/bench/onnx/greedy.mjs');
  const bytes = async (name) => new Uint8Array(await (await fetch(`${onnxUrl}/${name}`)).arrayBuffer());
  const started = performance.now();
  const [config, encoder, decoder, weights] = await Promise.all([
    fetch(`${onnxUrl}/config.json`).then((r) => r.json()), bytes('encoder.onnx'), bytes('decoder.onnx'), bytes('weights.bin'),
  ]);
  const options = { executionProviders: ['wasm'], graphOptimizationLevel: 'all', externalData: [{ path: 'weights.bin', data: weights }] };
  const sessions = { encoder: await ort.InferenceSession.create(encoder, options), decoder: await ort.InferenceSession.create(decoder, options) };
  return {
    translate: (ids, lengthPolicy) => translateIds(ort, sessions, config, ids, lengthPolicy),
    loadMs: performance.now() - started,
    heapAfterLoad: pageWasmHeapBytes(),
  };
}

const systems = {
  async ours(spec) {
    const { translator, loadMs, heapAfterLoad } = await loadOurs(spec);
    const run = await timeEach(spec.sentences, spec.warmup, async (sentence) => (await translator.translate(sentence)).text);
    const heapAfterRun = (await translator.stats()).heapBytes;
    translator.dispose();
    return { loadMs, heapAfterLoad, heapAfterRun, ...run };
  },
  async 'ort-web'(spec) {
    const { translate, loadMs, heapAfterLoad } = await loadOrt(spec);
    const run = await timeEach(spec.sourceIds, spec.warmup, (ids) => translate(ids, spec.lengthPolicy));
    return { loadMs, heapAfterLoad, heapAfterRun: pageWasmHeapBytes(), ...run };
  },
  // Issue 5: the heap after loading, then after one paragraph of many sentences.
  async paragraph(spec) {
    const { translator, loadMs, heapAfterLoad } = await loadOurs(spec);
    const started = performance.now();
    const { sentences } = await translator.translate(spec.text);
    const paragraphMs = performance.now() - started;
    const heapAfterParagraph = (await translator.stats()).heapBytes;
    translator.dispose();
    return { loadMs, heapAfterLoad, heapAfterParagraph, paragraphMs, sentences: sentences.length };
  },
};

window.bench = (spec) => systems[spec.system](spec);
document.documentElement.dataset.ready = 'true';
