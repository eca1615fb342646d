// The contract between bench/run.mjs and each runner: the runner gets the path of a job (JSON:
// system, set, source, ids, model, sha256, onnx, warmup, lengthPolicy, result) and writes its result
// (JSON: loadMs, latencies, outputs and whatever memory figures it can measure) to job.result.
import { readFileSync, writeFileSync } from 'node:fs';

export const readJob = (path = process.argv[2]) => JSON.parse(readFileSync(path, 'utf8'));

export const writeResult = (job, result) => writeFileSync(job.result, JSON.stringify({ system: job.system, set: job.set, ...result }));

export const readLines = (path) => readFileSync(path, 'utf8').split('\n').slice(0, -1);

// One sentence per line, SentencePiece ids separated by spaces (bench/tokens.py).
export const readIds = (path) => readLines(path).map((line) => (line ? line.split(' ').map(Number) : []));
