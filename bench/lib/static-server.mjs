// A static server for the benchmark pages: URL prefixes map to folders (the first folder holding the
// file wins), responses are cross-origin isolated (precise timers, as a real deployment can have),
// and every file served is recorded so that a run can report what it downloaded.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { MIME } from '../../scripts/serve.mjs';

function locate(routes, pathname) {
  for (const [prefix, folders] of Object.entries(routes)) {
    if (!pathname.startsWith(prefix)) continue;
    for (const folder of [folders].flat()) {
      const root = resolve(folder);
      const file = resolve(join(root, decodeURIComponent(pathname.slice(prefix.length))));
      if (file.startsWith(root + sep) && statSync(file, { throwIfNoEntry: false })?.isFile()) return file;
    }
  }
  return null;
}

// routes: { '/prefix/': folder | [folders] }. Resolves to { url, served: [{ url, file, bytes }], close() }.
export function serveFolders(routes) {
  const served = [];
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    const file = locate(routes, pathname);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    const bytes = statSync(file).size;
    served.push({ url: pathname, file, bytes });
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-length': bytes,
      'cache-control': 'no-store',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => {
    server.listen(0, '127.0.0.1', () => ok({
      url: `http://127.0.0.1:${server.address().port}`,
      served,
      close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
    }));
  });
}
