// Memory of the Chromium renderers this process started, by /proc (Linux); the page and its workers
// live in one renderer.
import { readdirSync, readFileSync } from 'node:fs';

const read = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the process has gone
  }
};

// A memory figure of a process from /proc/PID/status, in bytes: VmHWM (peak RSS) or VmRSS (now).
function statusBytes(pid, field) {
  const kib = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(read(`/proc/${pid}/status`));
  return kib ? Number(kib[1]) * 1024 : 0;
}

function descendants(root) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(Number(name));
  }
  const found = [];
  const queue = [root];
  while (queue.length) for (const child of children.get(queue.shift()) ?? []) found.push(child), queue.push(child);
  return found;
}

// The largest peak (VmHWM) or current (VmRSS) RSS among the Chromium renderers under this process.
export function rendererRssBytes(field = 'VmHWM') {
  const renderers = descendants(process.pid).filter((pid) => read(`/proc/${pid}/cmdline`).includes('--type=renderer'));
  return Math.max(0, ...renderers.map((pid) => statusBytes(pid, field)));
}
