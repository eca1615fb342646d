// Runner: one system inside headless Chromium, on the benchmark page (bench/web/): `wasm-chromium`
// (our engine behind its JS API, in a module worker) or `ort-web`, `ort-web-int8` (onnxruntime-web,
// wasm EP, SIMD, one thread, on job.onnx). Usage: node bench/chromium.mjs JOB.json (see lib/job.mjs).
import { basename, dirname } from 'node:path';
import { runOnBenchPage } from './lib/chromium.mjs';
import { readIds, readJob, readLines, writeResult } from './lib/job.mjs';
import { benchRoutes } from './lib/routes.mjs';

const job = readJob();
const spec = job.system.startsWith('ort-web')
  ? { system: 'ort-web', onnxUrl: '/onnx', sourceIds: readIds(job.ids), lengthPolicy: job.lengthPolicy, warmup: job.warmup }
  : { system: 'ours', modelUrl: `/model/${basename(job.model)}`, sha256: job.sha256, sentences: readLines(job.source), warmup: job.warmup };
const { served, ...result } = await runOnBenchPage(benchRoutes({ model: dirname(job.model), onnx: job.onnx }), spec);
// What the system downloaded: every file but the benchmark page's own.
const downloads = [...new Map(served.filter((s) => !s.url.startsWith('/bench/')).map((s) => [s.file, s])).values()];
writeResult(job, { ...result, downloads });
