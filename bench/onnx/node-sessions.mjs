// Opens the exported encoder and decoder-step graphs in onnxruntime-node: CPU, one thread, all
// graph optimizations. Their external weights.bin is found next to the .onnx files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';

export const SESSION_OPTIONS = {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
};

export async function openSessions(dir) {
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  const encoder = await ort.InferenceSession.create(join(dir, 'encoder.onnx'), SESSION_OPTIONS);
  const decoder = await ort.InferenceSession.create(join(dir, 'decoder.onnx'), SESSION_OPTIONS);
  return { ort, config, sessions: { encoder, decoder } };
}
