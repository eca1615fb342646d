// Writes RESULTS.md from a run's report.json (bench/run.mjs). Every figure comes from the run.
// Usage as a script, to rewrite the Markdown without measuring again: node bench/report.mjs [report.json] [RESULTS.md]
import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { repo } from './lib/paths.mjs';
import { systemById } from './lib/systems.mjs';

const TARGET_SPEEDUP_VS_ONNXRUNTIME = 5;
const TARGET_WASM_OVER_NATIVE = 1.8;

const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
const mb = (bytes) => (bytes / 1e6).toFixed(2);
const ms = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(x >= 10 ? 1 : 2));
const times = (x) => `${x.toFixed(2)}×`;
const percent = (x) => `${(x * 100).toFixed(0)} %`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const table = (header, rows) => [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

function memory(row) {
  const r = row.result;
  if (systemById(row.id).platform === 'chromium') {
    return `heap ${mib(r.heapAfterLoad)} → ${mib(r.heapAfterRun)}; renderer RSS ${mib(r.peakRssBytes)} (idle page ${mib(r.idleRendererRssBytes)})`;
  }
  if (r.heapAfterLoad) return `heap ${mib(r.heapAfterLoad)} → ${mib(r.heapAfterRun)}; process RSS ${mib(r.peakRssBytes)}`;
  return `RSS ${mib(r.peakRssBytes)}`;
}

function agreementCell(row) {
  if (row.sameAsNative !== null) return `${percent(row.sameAsNative)} = native`;
  return row.sameAsPeer ? `${percent(row.sameAsPeer.share)} = ${row.sameAsPeer.peer}` : '–';
}

function resultsTable(rows) {
  return table(['system', 'weights · kernel', 'mean ms', 'p50', 'p90', 'p99', 'src tok/s', 'tgt tok/s', 'load ms', 'peak memory (MiB)', 'BLEU', 'same output'],
    rows.map((row) => {
      const s = systemById(row.id);
      if (row.error) return [s.label, s.precision, `failed: ${row.error}`, ...Array(9).fill('')];
      const { mean, p50, p90, p99 } = row.summary;
      return [s.label, s.precision + (row.result.kernel ? ` · ${row.result.kernel}` : ''), ms(mean), ms(p50), ms(p90), ms(p99),
        row.sourceTokensPerSecond.toFixed(0), row.targetTokensPerSecond.toFixed(0), ms(row.result.loadMs), memory(row), row.bleu.toFixed(2), agreementCell(row)];
    }));
}

// Each row against its baseline: our other builds as row ÷ native, peers as ours ÷ peer.
function ratios(rows, downloads) {
  const byId = Object.fromEntries(rows.filter((r) => !r.error).map((r) => [r.id, r]));
  const gzipTotal = (id) => downloads[id] && downloads[id].model.gzip + downloads[id].runtime.gzip;
  const lines = [];
  for (const row of rows) {
    const s = systemById(row.id);
    const base = byId[s.baseline];
    if (!s.baseline || !base || row.error) continue;
    const [num, den] = s.ours ? [row, base] : [base, row];
    const memoryRatio = num.result.peakRssBytes / den.result.peakRssBytes;
    const download = gzipTotal(num.id) && gzipTotal(den.id) ? times(gzipTotal(num.id) / gzipTotal(den.id)) : '–';
    lines.push([`${num.id} ÷ ${den.id}`, times(num.summary.mean / den.summary.mean), times(num.summary.p90 / den.summary.p90),
      times(num.targetTokensPerSecond / den.targetTokensPerSecond), times(num.result.loadMs / den.result.loadMs), times(memoryRatio), download]);
  }
  return table(['ratio', 'mean latency', 'p90 latency', 'tgt tok/s', 'load time', 'peak RSS', 'download (gzip)'], lines);
}

function downloadTable(downloads) {
  return table(['system', 'model raw', 'model gzip', 'runtime raw', 'runtime gzip', 'total gzip', 'runtime counted'],
    Object.entries(downloads).map(([id, d]) => [systemById(id).label, mb(d.model.raw), mb(d.model.gzip), mb(d.runtime.raw), mb(d.runtime.gzip),
      mb(d.model.gzip + d.runtime.gzip), d.runtimeNote]));
}

// The issue 8 targets, judged from this run's own rows.
function targets(measured) {
  const lines = [];
  for (const { set, rows } of measured) {
    const byId = Object.fromEntries(rows.filter((r) => !r.error).map((r) => [r.id, r]));
    const speedup = (ours, peer) => byId[ours] && byId[peer] && byId[peer].summary.mean / byId[ours].summary.mean;
    for (const [ours, peer] of [['native', 'ort-node'], ['native', 'ort-node-int8'], ['wasm-chromium', 'ort-web'], ['wasm-chromium', 'ort-web-int8']]) {
      const x = speedup(ours, peer);
      if (x) lines.push(`- ${set.id}: ${ours} is ${x.toFixed(2)}× faster than ${peer} (mean latency); target ≥ ${TARGET_SPEEDUP_VS_ONNXRUNTIME}×: ${x >= TARGET_SPEEDUP_VS_ONNXRUNTIME ? 'met' : 'NOT met'}.`);
    }
    for (const wasm of ['wasm-chromium', 'wasm-node']) {
      const x = byId[wasm] && byId.native && byId[wasm].summary.mean / byId.native.summary.mean;
      if (x) lines.push(`- ${set.id}: ${wasm} takes ${x.toFixed(2)}× the native time per sentence; target ≤ ${TARGET_WASM_OVER_NATIVE}×: ${x <= TARGET_WASM_OVER_NATIVE ? 'met' : 'NOT met'}.`);
      // WASM SIMD128 has no int8 dot-accumulate; against native without VNNI the comparison is like for like.
      const y = byId[wasm] && byId['native-avx2'] && byId.native?.kernel !== 'avx2' && byId[wasm].summary.mean / byId['native-avx2'].summary.mean;
      if (y) lines.push(`- ${set.id}: ${wasm} takes ${y.toFixed(2)}× the time of native AVX2 (no VNNI), the same instruction class as SIMD128.`);
    }
  }
  return lines.join('\n');
}

function figuresSection(report) {
  const f = report.figures;
  if (!f) return '';
  if (f.error) return `## Issue 5 figures (browser)\n\nFailed: ${f.error}\n`;
  const lines = ['## Issue 5 figures (browser)', ''];
  for (const { set, rows } of report.measured) {
    const chromium = rows.find((r) => r.id === 'wasm-chromium' && !r.error);
    const native = rows.find((r) => r.id === 'native' && !r.error);
    if (chromium && native) {
      lines.push(`- Per-sentence latency, Chromium ÷ native, same ${set.count} ${set.id} sentences: mean ${ms(chromium.summary.mean)} ÷ ${ms(native.summary.mean)} ms = ` +
        `**${times(chromium.summary.mean / native.summary.mean)}**, p50 ${times(chromium.summary.p50 / native.summary.p50)}.`);
    }
  }
  const p = f.paragraph;
  lines.push(`- WASM heap (Chromium, JS API): **${mib(p.heapAfterLoad)} MiB** after loading the model, **${mib(p.heapAfterParagraph)} MiB** after translating a ` +
    `${p.sentences}-sentence paragraph (${ms(p.paragraphMs)} ms, ${ms(p.paragraphMs / p.sentences)} ms per sentence).`);
  lines.push(`- Engine: \`.wasm\` ${mb(f.wasm.raw)} MB raw, ${mb(f.wasm.gzip)} MB gzip -9.`);
  if (f.pageLoads) {
    const first = f.pageLoads.map((v) => v.first.ms);
    const cached = f.pageLoads.map((v) => v.cached.ms);
    lines.push(`- Translator page (dist/web with this model, served from localhost), navigation start → ready, median of ${first.length} fresh profiles: ` +
      `first visit **${ms(median(first))} ms** (model from the ${f.pageLoads[0].first.model}), cached visit **${ms(median(cached))} ms** ` +
      `(model from the ${f.pageLoads[0].cached.model}; service worker for the page). All visits: first ${first.map(ms).join(', ')} ms; cached ${cached.map(ms).join(', ')} ms.` +
      (f.pageEngineIsThisBuild ? '' : ' **The page\'s engine (dist/web) differs from build-wasm: run `npm run build`.**'));
  } else {
    lines.push('- Page load times: not measured, dist/web is missing (run `npm run build`).');
  }
  return `${lines.join('\n')}\n`;
}

export function writeReport(report, path) {
  const { machine: m, model, options } = report;
  const cfg = model.checkpoint.config;
  const browser = report.measured.flatMap((x) => x.rows).find((r) => r.result?.browser)?.result.browser;
  const torch = report.measured.flatMap((x) => x.rows).find((r) => r.result?.runtime)?.result.runtime;
  const busiest = Math.max(...[m.loadAverageAtStart, m.loadAverageAtEnd].map((l) => Number(l.split(' ')[0])));
  const warnings = [
    ...(options.n < 500 ? [`Smoke run: ${options.n} sentences per set, not the protocol's 500.`] : []),
    ...(busiest > m.cores / 2 ? [`The machine was busy (1-minute load average up to ${busiest} on ${m.cores} cores): other processes ` +
      'competed for the CPU, so times are noisy and ratios between rows measured minutes apart are rough.'] : []),
    ...model.warnings,
    ...(model.sameWeights ? [] : ['Our model and the peers do NOT run the same weights.']),
  ];
  const text = `# MobileNMT benchmarks

Generated by \`bash bench/run.sh\` (\`npm run bench\`) on ${m.date.slice(0, 16).replace('T', ' ')} UTC; every figure here comes from that run
(\`bench/out/report.json\` holds them all). Method: [bench/README.md](README.md).
${warnings.map((w) => `\n> **Warning:** ${w}`).join('\n')}

## Machine

| CPU | cores | SIMD | memory | kernel | load average at start → end (1, 5, 15 min) |
|---|---|---|---|---|---|
| ${m.cpu} | ${m.cores} (${m.threadsPerCore} thread per core) | ${m.isas.join(', ')} | ${m.memoryGiB.toFixed(0)} GiB | ${m.kernel} | ${m.loadAverageAtStart} → ${m.loadAverageAtEnd} |

Software: Node ${m.node}${browser ? `, ${browser} (headless)` : ''}, onnxruntime-node ${m.onnxruntimeNode}, onnxruntime-web ${m.onnxruntimeWeb}${torch ? `, ${torch}` : ''}.

## Model and protocol

- Checkpoint: \`${model.checkpoint.source}\` (step ${model.checkpoint.step}, ${model.checkpoint.qat ? 'QAT' : 'fp32, no QAT'}), ${(model.checkpoint.parameters / 1e6).toFixed(2)} M parameters:
  d${cfg.d_model}, ${cfg.n_heads} heads, FFN ${cfg.d_ffn}, ${cfg.n_enc_layers} encoder / ${cfg.n_dec_layers} decoder layers, vocabulary ${cfg.vocab_size}.
- Ours: \`${model.model.path}\`, ${mb(model.model.bytes)} MB, int8 (${model.model.quantization}); same weights as the checkpoint: **${model.sameWeights ? 'yes' : 'NO'}**.
- Peers run the checkpoint's fp32 weights: onnxruntime on its ONNX export (encoder + decoder step with KV cache, opset 17), PyTorch directly.
  "Dynamic int8" rows run that export with every weight GEMM quantized as onnxruntime's quantize_dynamic does (bench/onnx/quantize_int8.py).
- Greedy, batch 1, 1 thread, ${options.warmup} warm-up sentences, then each sentence timed alone; length cap ${model.model.lengthPolicy.ratio}·(|src|+1) + ${model.model.lengthPolicy.offset} tokens for every system.
  Our engine takes text (tokenization inside the timing); the peers take SentencePiece ids (tokenized before timing).
- Peak memory: RSS of the process (native, Node) or of the Chromium renderer; "heap a → b" is the WebAssembly memory after loading and after the run.
- Ratios: our other builds as row ÷ native; peers as ours ÷ peer (below 1: ours takes less).

${report.measured.map(({ set, rows }) => `## ${set.name}: ${set.count} sentences

${resultsTable(rows)}

${ratios(rows, report.downloads)}
`).join('\n')}
## Download size (MB, 10^6 bytes)

${downloadTable(report.downloads)}

## Targets of issue 8

${targets(report.measured)}

${figuresSection(report)}`;
  writeFileSync(path, text.replaceAll(repo(), '').replaceAll(homedir(), '~')); // paths as a reader of the repository sees them
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [json = repo('bench/out/report.json'), md = repo('bench/RESULTS.md')] = process.argv.slice(2);
  writeReport(JSON.parse(readFileSync(json, 'utf8')), md);
}
