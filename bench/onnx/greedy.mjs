// Greedy decoding over the graphs of bench/onnx/export_onnx.py, by the engine's rules (numerics §8):
// source = ids + eos, start from bos, argmax with ties to the lowest id, stop at eos or after
// lengthLimit() tokens. `ort` is onnxruntime-node or onnxruntime-web, whichever the caller loaded;
// `config` is export_onnx.py's config.json.

// The engine's max_target_length, in float32 like the engine.
export function lengthLimit({ ratio, offset }, sourceLength, maxPositions) {
  const limit = Math.fround(Math.fround(Math.fround(ratio) * Math.fround(sourceLength)) + Math.fround(offset));
  if (!(limit < maxPositions - 1)) return maxPositions - 1;
  return limit <= 0 ? 0 : Math.floor(limit);
}

function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

const int64 = (ort, values) => new ort.Tensor('int64', BigInt64Array.from(values, BigInt), [1, values.length]);

// Runs the encoder; returns the decoder's feeds (cross K/V and an empty self-attention cache).
async function start(ort, { encoder }, config, sourceWithEos) {
  const feeds = { ...(await encoder.run({ src_ids: int64(ort, sourceWithEos) })) };
  for (const name of config.past) feeds[name] = new ort.Tensor('float32', new Float32Array(0), [1, config.n_heads, 0, config.d_head]);
  return feeds;
}

// One decoder step: the logits after `token`; the cache in `feeds` grows by one position.
async function step(ort, { decoder }, config, feeds, token) {
  feeds.token = int64(ort, [token]);
  const result = await decoder.run(feeds);
  config.past.forEach((name, i) => (feeds[name] = result[config.present[i]]));
  return result.logits.data;
}

// Source ids (no eos) -> target ids (no eos).
export async function translateIds(ort, sessions, config, sourceIds, lengthPolicy) {
  const source = [...sourceIds, config.eos_id];
  const feeds = await start(ort, sessions, config, source);
  const limit = lengthLimit(lengthPolicy, source.length, config.max_positions);
  const out = [];
  while (out.length < limit) {
    const token = argmax(await step(ort, sessions, config, feeds, out.at(-1) ?? config.bos_id));
    if (token === config.eos_id) break;
    out.push(token);
  }
  return out;
}

// The logits of each step when `targets` (starting with bos) are fed in (bench/onnx/check.mjs).
export async function teacherForcedLogits(ort, sessions, config, sourceWithEos, targets) {
  const feeds = await start(ort, sessions, config, sourceWithEos);
  const rows = [];
  for (const token of targets) rows.push(await step(ort, sessions, config, feeds, token));
  return rows;
}
