// What the benchmark page's server maps: the page itself, our engine as the page build ships it
// (web/src + the Emscripten output), onnxruntime-web's dist folder, and the model files of this run.
import { repo, wasmDir } from './paths.mjs';

export const benchRoutes = ({ model, onnx }) => ({
  '/bench/': repo('bench'),
  '/engine/': [repo('web/src'), wasmDir],
  '/ort/': repo('node_modules/onnxruntime-web/dist'),
  ...(model && { '/model/': model }),
  ...(onnx && { '/onnx/': onnx }),
});
