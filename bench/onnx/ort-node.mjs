// Runner: the exported ONNX graphs on onnxruntime-node (CPU, one thread), greedy with a KV cache.
// Usage: node bench/onnx/ort-node.mjs JOB.json (see ../lib/job.mjs); job.onnx is export_onnx.py's folder.
import { readIds, readJob, writeResult } from '../lib/job.mjs';
import { timeEach } from '../lib/timed.mjs';
import { translateIds } from './greedy.mjs';
import { openSessions } from './node-sessions.mjs';

const job = readJob();
const started = performance.now();
const { ort, config, sessions } = await openSessions(job.onnx);
const loadMs = performance.now() - started;
const run = await timeEach(readIds(job.ids), job.warmup, (ids) => translateIds(ort, sessions, config, ids, job.lengthPolicy));
writeResult(job, { loadMs, peakRssBytes: process.resourceUsage().maxRSS * 1024, ...run });
