// Runner: our WebAssembly engine in Node, behind the same JS API as in the browser (web/src/mobilenmt.js,
// its worker in worker_threads). Usage: node bench/wasm-node.mjs JOB.json (see lib/job.mjs).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Translator } from '../web/src/mobilenmt.js';
import { readJob, readLines, writeResult } from './lib/job.mjs';
import { wasmDir } from './lib/paths.mjs';
import { timeEach } from './lib/timed.mjs';

const job = readJob();
const engine = pathToFileURL(`${wasmDir}/mobilenmt-wasm.mjs`);
const model = readFileSync(job.model);
const started = performance.now();
const translator = await Translator.create({ model, engine });
const loadMs = performance.now() - started;
const heapAfterLoad = (await translator.stats()).heapBytes;
const run = await timeEach(readLines(job.source), job.warmup, async (sentence) => (await translator.translate(sentence)).text);
const heapAfterRun = (await translator.stats()).heapBytes;
translator.dispose();
writeResult(job, { loadMs, heapAfterLoad, heapAfterRun, peakRssBytes: process.resourceUsage().maxRSS * 1024, ...run });
