// Checks the exported graphs on onnxruntime-node against the PyTorch model's fp32 logits that
// export_onnx.py stored in check.json. Usage: node bench/onnx/check.mjs DIR
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { teacherForcedLogits } from './greedy.mjs';
import { openSessions } from './node-sessions.mjs';

const DEFAULT_TOLERANCE = 1e-3; // fp32 export; the int8 graphs state their own in check.json

const dir = process.argv[2];
const check = JSON.parse(readFileSync(join(dir, 'check.json'), 'utf8'));
const tolerance = check.tolerance ?? DEFAULT_TOLERANCE;
const { ort, config, sessions } = await openSessions(dir);
const rows = await teacherForcedLogits(ort, sessions, config, check.src_ids, check.targets);
let worst = 0;
rows.forEach((row, t) => row.forEach((value, v) => (worst = Math.max(worst, Math.abs(value - check.logits[t][v])))));
if (!(worst <= tolerance)) {
  console.error(`check: onnxruntime-node differs from PyTorch by ${worst} (> ${tolerance}) in ${dir}`);
  process.exit(1);
}
console.log(`check: ${dir} on onnxruntime-node vs PyTorch fp32: max |logit diff| ${worst.toExponential(2)} over ${rows.length} steps (≤ ${tolerance})`);
