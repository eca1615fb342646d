// What a user downloads to run each system: the model files and the runtime, raw and gzip -9.
// Browser systems: the files their page fetched. Native and Node systems: the files they load.
// PyTorch: the Debian packages (installed size; the .deb size stands in for gzip).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cli, repo, wasmDir } from './paths.mjs';

const TORCH_PACKAGES = ['python3-torch', 'libtorch1.13'];

// gzip sizes are slow for the big runtimes; keep them per file, size and mtime.
function gzipSizer(cacheFile) {
  const cache = existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) : {};
  const sizeOf = (file) => {
    const { size, mtimeMs } = statSync(file);
    const key = `${file}:${size}:${mtimeMs}`;
    cache[key] ??= gzipSync(readFileSync(file), { level: 9 }).length;
    return { raw: size, gzip: cache[key] };
  };
  const total = (files) => files.map(sizeOf).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });
  return { total, save: () => writeFileSync(cacheFile, JSON.stringify(cache)) };
}

const filesIn = (dir, pattern) => readdirSync(dir).filter((f) => pattern.test(f)).map((f) => join(dir, f));

function sharedLibraries(binary) {
  const ldd = execFileSync('ldd', [binary], { encoding: 'utf8' });
  return [...ldd.matchAll(/(libsentencepiece\S*) => (\S+)/g)].map((m) => realpathSync(m[2]));
}

function debianPackages(names) {
  const field = (text, name) => Number(new RegExp(`^${name}: (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return names.map((name) => execFileSync('apt-cache', ['show', '--no-all-versions', name], { encoding: 'utf8' }))
    .reduce((sum, text) => ({ raw: sum.raw + field(text, 'Installed-Size') * 1024, gzip: sum.gzip + field(text, 'Size') }), { raw: 0, gzip: 0 });
}

// What one system loads: { model: [files], runtime: [files] | null, note }.
function filesOf({ system, result, onnx }, model) {
  const onnxFiles = ['encoder.onnx', 'decoder.onnx', 'weights.bin'].map((f) => join(onnx, f));
  if (system.platform === 'chromium') {
    const fetched = [...new Set(result.downloads.map((d) => d.file))];
    const isModel = (f) => f === model.model.path || f.startsWith(`${onnx}/`);
    return { model: fetched.filter(isModel), runtime: fetched.filter((f) => !isModel(f)), note: 'the files its page fetched' };
  }
  if (system.id.startsWith('native')) return { model: [model.model.path], runtime: [cli, ...sharedLibraries(cli)], note: 'mobilenmt + libsentencepiece' };
  if (system.id === 'wasm-node') {
    return { model: [model.model.path], runtime: [...filesIn(repo('web/src'), /\.js$/), ...filesIn(wasmDir, /^mobilenmt-wasm\./)], note: 'web/src JS + Emscripten output' };
  }
  if (system.id.startsWith('ort-node')) {
    const binaries = repo(`node_modules/onnxruntime-node/bin/napi-v6/${process.platform}/${process.arch}`);
    return { model: onnxFiles, runtime: filesIn(binaries, /./), note: 'native binding + libonnxruntime for this platform' };
  }
  return { model: [model.checkpoint.path], runtime: null, note: `${TORCH_PACKAGES.join(' + ')}: installed size; .deb size as "gzip"` };
}

// runs: [{ system, result, onnx }] (result: the runner's, for the files a page fetched); model: model.json.
export function measureDownloads(runs, { model, cacheFile }) {
  const sizer = gzipSizer(cacheFile);
  const out = Object.fromEntries(runs.map((run) => {
    const { model: modelFiles, runtime, note } = filesOf(run, model);
    return [run.system.id, { model: sizer.total(modelFiles), runtime: runtime ? sizer.total(runtime) : debianPackages(TORCH_PACKAGES), runtimeNote: note }];
  }));
  sizer.save();
  return out;
}
