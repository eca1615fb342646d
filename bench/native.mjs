// Runner: our native engine through `build/mobilenmt bench` (one thread, batch 1, greedy), which times
// every sentence itself; `native-scalar` and `native-avx2` force those kernels (the latter: x86 native
// without VNNI, the fairer yardstick for WASM SIMD128). Usage: node bench/native.mjs JOB.json
import { execFileSync } from 'node:child_process';
import { readJob, writeResult } from './lib/job.mjs';
import { cli } from './lib/paths.mjs';

const number = (text, pattern) => {
  const m = pattern.exec(text);
  if (!m) throw new Error(`native: no ${pattern} in the output of mobilenmt bench:\n${text}`);
  return Number(m[1]);
};

const job = readJob();
const FORCED_KERNEL = { 'native-scalar': 'scalar', 'native-avx2': 'avx2' };
const env = { ...process.env, ...(FORCED_KERNEL[job.system] && { MNMT_FORCE_ISA: FORCED_KERNEL[job.system] }) };
const out = execFileSync(cli, ['bench', '-m', job.model, '-i', job.source, '--ref', job.reference, '--warmup', String(job.warmup)], { env, encoding: 'utf8' });
writeResult(job, {
  kernel: /kernel (\S+),/.exec(out)?.[1],
  loadMs: number(out, /model load: ([\d.]+) ms/),
  summary: {
    mean: number(out, /mean ([\d.]+)/),
    p50: number(out, /p50 ([\d.]+)/),
    p90: number(out, /p90 ([\d.]+)/),
    p99: number(out, /p99 ([\d.]+)/),
    sentences: number(out, /sentences: (\d+)/),
  },
  sourceTokensPerSecond: number(out, /([\d.]+) source tokens\/s/),
  targetTokensPerSecond: number(out, /([\d.]+) target tokens\/s/),
  peakRssBytes: number(out, /peak RSS: ([\d.]+) MiB/) * 2 ** 20,
  bleu: number(out, /^BLEU = ([\d.]+)/m),
});
