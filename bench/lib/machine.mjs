// The machine a run measured on, for RESULTS.md: CPU model, cores, memory, load, software versions.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { repo } from './paths.mjs';

const lscpu = () => Object.fromEntries(execFileSync('lscpu', { encoding: 'utf8' }).split('\n').map((l) => l.split(/:\s+/, 2)).filter((kv) => kv.length === 2));
const packageVersion = (name) => {
  try {
    return JSON.parse(readFileSync(repo(`node_modules/${name}/package.json`), 'utf8')).version;
  } catch {
    return null;
  }
};

export const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

export function describeMachine() {
  const cpu = lscpu();
  const isas = ['avx2', 'avx512f', 'avx512_vnni', 'avx_vnni'].filter((f) => ` ${cpu.Flags} `.includes(` ${f} `));
  return {
    date: new Date().toISOString(),
    cpu: cpu['Model name'],
    cores: Number(cpu['CPU(s)']),
    threadsPerCore: Number(cpu['Thread(s) per core']),
    isas,
    memoryGiB: Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))[1]) / 2 ** 20,
    kernel: execFileSync('uname', ['-sr'], { encoding: 'utf8' }).trim(),
    node: process.version,
    onnxruntimeNode: packageVersion('onnxruntime-node'),
    onnxruntimeWeb: packageVersion('onnxruntime-web'),
    loadAverageAtStart: loadAverage(),
  };
}
