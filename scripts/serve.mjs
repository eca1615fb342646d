#!/usr/bin/env node
// A static file server for dist/web (or any directory) on http://127.0.0.1:$PORT (default 8080).
// Usage: node scripts/serve.mjs [dir]      HOST overrides the address (e.g. HOST=0.0.0.0)
// As a module: const server = await serve({ root, port: 0 }); server.address().port; server.close().
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.sha256': 'text/plain; charset=utf-8',
  '.mnmt': 'application/octet-stream',
  '.map': 'application/json; charset=utf-8',
};

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

// The file under root a request path names, or null when it would escape root.
function resolvePath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = resolve(join(root, decoded));
  return full === root || full.startsWith(root + sep) ? full : null;
}

async function handle(root, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
  const path = resolvePath(root, new URL(req.url, 'http://localhost').pathname);
  if (!path) return send(res, 403, 'forbidden\n');
  let file = path;
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    file = join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) return send(res, 404, 'not found\n');
  res.writeHead(200, {
    'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': 'no-cache', // revalidate; the service worker keeps the offline copy
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') return res.end();
  // pipeline() closes the file when the client goes away mid-download (a reload), which pipe() does not.
  pipeline(createReadStream(file), res, () => {});
}

export function serve({ root = 'dist/web', port = 8080, host = '127.0.0.1', log = false } = {}) {
  const absRoot = resolve(root);
  const server = createServer((req, res) => {
    if (log) console.log(`${req.method} ${req.url}`);
    handle(absRoot, req, res).catch((err) => {
      if (!res.headersSent) send(res, 500, `${err.message}\n`);
      else res.destroy(err);
    });
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(server));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = process.argv[2] ?? fileURLToPath(new URL('../dist/web', import.meta.url));
  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST ?? '127.0.0.1';
  serve({ root, port, host, log: Boolean(process.env.LOG) })
    .then((server) => console.log(`MobileNMT: serving ${root} on http://${host === '127.0.0.1' ? 'localhost' : host}:${server.address().port}/`))
    .catch((err) => {
      console.error(`serve: cannot listen on ${host}:${port}: ${err.message}`);
      process.exit(1);
    });
}
