// The systems a run can measure, in report order. `ours` marks our engine; `baseline` names the system
// a row's ratio is taken against (ours ÷ peer for peers, row ÷ native for our other builds);
// `input` is what the runner reads: text lines, or SentencePiece ids (tokenized outside the timing).
// The onnxruntime systems run the fp32 export or its dynamic int8 quantization, by `precision`.
import { python, repo } from './paths.mjs';

const node = (script) => (job) => [process.execPath, [repo(script), job]];

export const SYSTEMS = [
  { id: 'native', label: 'MobileNMT native, best ISA', ours: true, platform: 'native', precision: 'int8', input: 'text', command: node('bench/native.mjs') },
  { id: 'native-avx2', label: 'MobileNMT native, AVX2 (x86 without VNNI)', ours: true, platform: 'native', precision: 'int8', input: 'text', baseline: 'native', command: node('bench/native.mjs') },
  { id: 'native-scalar', label: 'MobileNMT native, scalar', ours: true, platform: 'native', precision: 'int8', input: 'text', baseline: 'native', command: node('bench/native.mjs') },
  { id: 'wasm-node', label: 'MobileNMT WASM in Node', ours: true, platform: 'node', precision: 'int8', input: 'text', baseline: 'native', command: node('bench/wasm-node.mjs') },
  { id: 'wasm-chromium', label: 'MobileNMT WASM in Chromium', ours: true, platform: 'chromium', precision: 'int8', input: 'text', baseline: 'native', command: node('bench/chromium.mjs') },
  { id: 'ort-node', label: 'onnxruntime-node', platform: 'native', precision: 'fp32', input: 'ids', baseline: 'native', command: node('bench/onnx/ort-node.mjs') },
  { id: 'ort-node-int8', label: 'onnxruntime-node, dynamic int8', platform: 'native', precision: 'int8', input: 'ids', baseline: 'native', command: node('bench/onnx/ort-node.mjs') },
  { id: 'ort-web', label: 'onnxruntime-web (wasm, SIMD) in Chromium', platform: 'chromium', precision: 'fp32', input: 'ids', baseline: 'wasm-chromium', command: node('bench/chromium.mjs') },
  { id: 'ort-web-int8', label: 'onnxruntime-web (wasm, SIMD) in Chromium, dynamic int8', platform: 'chromium', precision: 'int8', input: 'ids', baseline: 'wasm-chromium', command: node('bench/chromium.mjs') },
  { id: 'torch-cached', label: 'PyTorch, KV cache', platform: 'native', precision: 'fp32', input: 'ids', baseline: 'native', command: (job) => [python, [repo('bench/torch/greedy.py'), job]] },
  { id: 'torch', label: 'PyTorch, model.greedy (no cache)', platform: 'native', precision: 'fp32', input: 'ids', baseline: 'native', command: (job) => [python, [repo('bench/torch/greedy.py'), job]] },
];

export const systemById = (id) => SYSTEMS.find((s) => s.id === id);
