// The side-by-side benchmark (issue 8) and the browser figures of issue 5, in one run; writes
// bench/RESULTS.md. Usage and options: bench/README.md (bench/run.sh is the entry point).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { bleu } from './lib/bleu.mjs';
import { measureDownloads } from './lib/downloads.mjs';
import { describeMachine, loadAverage } from './lib/machine.mjs';
import { cli, python, repo, wasmDir } from './lib/paths.mjs';
import { summarize } from './lib/stats.mjs';
import { SYSTEMS, systemById } from './lib/systems.mjs';
import { writeInputs, SETS } from './inputs.mjs';
import { writeReport } from './report.mjs';

const WORK = process.env.WORK ?? join(homedir(), '.cache/mobilenmt');
const FIGURES = 'web-figures';
const { values: opt } = parseArgs({
  options: {
    n: { type: 'string', default: '500' },
    systems: { type: 'string', default: [...SYSTEMS.map((s) => s.id), FIGURES].join(',') },
    sets: { type: 'string', default: SETS.map((s) => s.id).join(',') },
    warmup: { type: 'string', default: '5' },
    checkpoint: { type: 'string' },
    model: { type: 'string', default: repo('models/en-de.mnmt') },
    out: { type: 'string', default: repo('bench/out') },
    results: { type: 'string', default: repo('bench/RESULTS.md') },
    'page-repeats': { type: 'string', default: '3' },
  },
});
const n = Number(opt.n);
const warmup = Number(opt.warmup);
const wanted = opt.systems.split(',');
const systems = SYSTEMS.filter((s) => wanted.includes(s.id));
const sets = opt.sets.split(',');
const unknown = [...wanted.filter((id) => id !== FIGURES && !systemById(id)), ...sets.filter((id) => !SETS.some((s) => s.id === id))];
if (unknown.length || !(n > 0) || !(warmup >= 0)) {
  console.error(`bench: bad option(s) ${unknown.join(' ')}; systems: ${SYSTEMS.map((s) => s.id).join(' ')} ${FIGURES}; sets: ${SETS.map((s) => s.id).join(' ')}`);
  process.exit(2);
}
const data = process.env.DATA ?? repo('../shared/data');
const out = opt.out;
const dirs = Object.fromEntries(['inputs', 'jobs', 'results', 'onnx', 'onnx-int8'].map((d) => [d, join(out, d)]));
const onnxDir = (system) => (system.precision === 'int8' ? dirs['onnx-int8'] : dirs.onnx);
Object.values(dirs).forEach((d) => mkdirSync(d, { recursive: true }));

const step = (message) => console.log(`\n== bench: ${message}`);
function run(command, args) {
  const r = spawnSync(command, args, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${[command, ...args].join(' ')} failed (${r.status ?? r.signal})`);
}

function requirePrerequisites() {
  const need = [[cli, 'run: bash scripts/build.sh'], [data, 'set DATA to the shared data folder']];
  if (wanted.some((id) => id.startsWith('wasm') || id === FIGURES)) need.push([join(wasmDir, 'mobilenmt-wasm.wasm'), 'run: bash scripts/build-wasm.sh']);
  if (wanted.some((id) => id.startsWith('ort'))) need.push([repo('node_modules/onnxruntime-web'), 'run: npm ci']);
  if (wanted.some((id) => id.endsWith('chromium') || id.startsWith('ort-web') || id === FIGURES)) need.push(['/usr/bin/chromium', 'run: bash scripts/setup.sh bench']);
  const missing = need.filter(([path]) => !existsSync(path));
  for (const [path, hint] of missing) console.error(`bench: ${path} is missing; ${hint}`);
  if (missing.length) process.exit(2);
}

function prepareModel() {
  step('model and checkpoint');
  const defaults = !opt.checkpoint;
  run(python, [repo('bench/prepare_model.py'), '--checkpoint', opt.checkpoint ?? join(WORK, 'en-de/qat/best.pt'),
    ...(defaults ? ['--fallback-checkpoint', join(WORK, 'en-de/fp32/best.pt')] : []),
    '--model', opt.model, '--out', out, '--data', join(WORK, 'data')]);
  return JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
}

// ONNX graphs of the snapshot (fp32, and its int8 quantization when asked for), made again only when
// the checkpoint changed; always checked against PyTorch's logits.
function exportOnnx(int8) {
  step('ONNX export');
  const stamp = readFileSync(join(out, 'checkpoint.stamp.json'), 'utf8');
  const fresh = (dir) => existsSync(join(dir, 'stamp.json')) && readFileSync(join(dir, 'stamp.json'), 'utf8') === stamp;
  if (!fresh(dirs.onnx)) {
    run(python, [repo('bench/onnx/export_onnx.py'), '--checkpoint', join(out, 'checkpoint.pt'), '--out', dirs.onnx]);
    writeFileSync(join(dirs.onnx, 'stamp.json'), stamp);
  }
  run(process.execPath, [repo('bench/onnx/check.mjs'), dirs.onnx]);
  if (!int8) return;
  if (!fresh(dirs['onnx-int8'])) {
    run(python, [repo('bench/onnx/quantize_int8.py'), '--fp32', dirs.onnx, '--out', dirs['onnx-int8']]);
    writeFileSync(join(dirs['onnx-int8'], 'stamp.json'), stamp);
  }
  run(process.execPath, [repo('bench/onnx/check.mjs'), dirs['onnx-int8']]);
}

const readLines = (file) => readFileSync(file, 'utf8').split('\n').slice(0, -1);
const tokens = (line) => (line ? line.split(' ').length : 0);

// Our engine's own outputs (text and ids) for a set: the reference for agreement and token counts.
function nativeOutputs(set, model) {
  const input = readFileSync(set.source);
  const text = join(dirs.results, `${set.id}.native-outputs.txt`);
  writeFileSync(text, execFileSync(cli, ['translate', '-m', model.model.path], { input }));
  const ids = execFileSync(cli, ['ids', '-m', model.model.path], { input, encoding: 'utf8' }).split('\n').slice(0, -1);
  return { textFile: text, text: readLines(text), targetTokens: ids.map(tokens) };
}

function measure(system, set, model, reference) {
  const job = {
    system: system.id, set: set.id, source: set.source, reference: set.reference, ids: set.ids, warmup,
    model: model.model.path, sha256: model.model.sha256, checkpoint: model.checkpoint.path, onnx: onnxDir(system),
    lengthPolicy: model.model.lengthPolicy, result: join(dirs.results, `${set.id}.${system.id}.json`),
  };
  const jobFile = join(dirs.jobs, `${set.id}.${system.id}.json`);
  writeFileSync(jobFile, JSON.stringify(job, null, 1));
  const [command, args] = system.command(jobFile);
  const loadBefore = loadAverage();
  try {
    run(command, args);
  } catch (err) {
    console.error(`bench: ${system.id} on ${set.id} failed: ${err.message}`);
    return { id: system.id, error: err.message };
  }
  const result = JSON.parse(readFileSync(job.result, 'utf8'));
  const sourceTokens = readLines(set.ids).map(tokens).reduce((a, b) => a + b, 0);
  let hypothesisFile = reference.textFile;
  let targetTokens = reference.targetTokens.reduce((a, b) => a + b, 0);
  if (system.input === 'ids') {
    const idsFile = join(dirs.results, `${set.id}.${system.id}.ids`);
    writeFileSync(idsFile, result.outputs.map((ids) => `${ids.join(' ')}\n`).join(''));
    hypothesisFile = join(dirs.results, `${set.id}.${system.id}.txt`);
    run(python, [repo('bench/tokens.py'), 'decode', model.model.path, idsFile, hypothesisFile]);
    targetTokens = result.outputs.reduce((sum, ids) => sum + ids.length, 0);
  } else if (result.outputs) {
    hypothesisFile = join(dirs.results, `${set.id}.${system.id}.txt`);
    writeFileSync(hypothesisFile, result.outputs.map((t) => `${t}\n`).join(''));
  }
  const hypotheses = readLines(hypothesisFile);
  const summary = result.summary ?? summarize(result.latencies);
  const seconds = summary.mean * summary.sentences / 1000;
  return {
    id: system.id,
    result: { ...result, latencies: undefined, outputs: undefined },
    summary,
    sourceTokensPerSecond: result.sourceTokensPerSecond ?? sourceTokens / seconds,
    targetTokensPerSecond: result.targetTokensPerSecond ?? targetTokens / seconds,
    bleu: result.bleu ?? bleu(hypothesisFile, set.reference),
    hypotheses,
    sameAsNative: system.ours ? hypotheses.filter((h, i) => h === reference.text[i]).length / hypotheses.length : null,
    loadAverage: { before: loadBefore, after: loadAverage() },
  };
}

// The peers' share of sentences equal to the first peer's: the fp32 ones should agree, the int8 ones
// mostly.
function agreement(rows) {
  const peers = rows.filter((r) => !systemById(r.id).ours && r.hypotheses);
  for (const r of peers) r.sameAsPeer = { peer: peers[0].id, share: r.hypotheses.filter((h, i) => h === peers[0].hypotheses[i]).length / r.hypotheses.length };
  for (const r of rows) delete r.hypotheses;
}

function webFigures(model, paragraph) {
  step('issue 5 figures in Chromium');
  const job = { model: model.model.path, sha256: model.model.sha256, paragraph: paragraph.file, site: join(out, 'site'),
    repeats: Number(opt['page-repeats']), result: join(dirs.results, 'web-figures.json') };
  const jobFile = join(dirs.jobs, 'web-figures.json');
  writeFileSync(jobFile, JSON.stringify(job, null, 1));
  const wasm = readFileSync(join(wasmDir, 'mobilenmt-wasm.wasm'));
  try {
    run(process.execPath, [repo('bench/web-figures.mjs'), jobFile]);
    return { ...JSON.parse(readFileSync(job.result, 'utf8')), wasm: { raw: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length } };
  } catch (err) {
    return { error: err.message };
  }
}

requirePrerequisites();
const machine = describeMachine();
const model = prepareModel();
if (systems.some((s) => s.id.startsWith('ort'))) exportOnnx(systems.some((s) => s.id.startsWith('ort') && s.precision === 'int8'));
step(`inputs: ${n} sentences per set from ${data}`);
const inputs = writeInputs({ data, n, out: dirs.inputs });
const measured = [];
for (const set of inputs.sets.filter((s) => sets.includes(s.id))) {
  set.ids = join(dirs.inputs, `${set.id}.ids`);
  run(python, [repo('bench/tokens.py'), 'encode', model.model.path, set.source, set.ids]);
  const reference = nativeOutputs(set, model);
  const rows = [];
  for (const system of systems) {
    step(`${set.id}: ${system.id}`);
    rows.push(measure(system, set, model, reference));
  }
  agreement(rows);
  measured.push({ set: { id: set.id, name: set.name, count: set.count, eligible: set.eligible }, rows });
}
step('download sizes');
const lastRun = (id) => measured.map((m) => m.rows.find((r) => r.id === id)?.result).filter(Boolean).at(-1);
const downloads = measureDownloads(systems.filter((s) => lastRun(s.id)).map((s) => ({ system: s, result: lastRun(s.id), onnx: onnxDir(s) })),
  { model, cacheFile: join(out, 'gzip-sizes.json') });
const figures = wanted.includes(FIGURES) ? webFigures(model, inputs.paragraph) : null;
const report = { options: { n, warmup, systems: wanted, sets }, machine: { ...machine, loadAverageAtEnd: loadAverage() }, model, measured, downloads, figures };
writeFileSync(join(out, 'report.json'), JSON.stringify(report, null, 1));
writeReport(report, opt.results);
console.log(`\nbench: wrote ${opt.results}`);
