// scripts/serve.mjs: MIME types (application/wasm), directory index, 404, no escape from the root,
// no file left open by a download the client cut short.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { serve } from '../../scripts/serve.mjs';

const dir = mkdtempSync(join(tmpdir(), 'mnmt-serve-'));
mkdirSync(join(dir, 'lib'));
writeFileSync(join(dir, 'index.html'), '<!doctype html>');
writeFileSync(join(dir, 'lib/a.wasm'), Buffer.from([0, 97, 115, 109]));
writeFileSync(join(dir, 'lib/a.mjs'), 'export {}');
writeFileSync(join(dir, 'm.webmanifest'), '{}');
writeFileSync(join(dir, 'big.mnmt'), Buffer.alloc(16 << 20));
const server = await serve({ root: dir, port: 0 });
after(() => server.close());
const base = `http://127.0.0.1:${server.address().port}`;

// Raw request so that paths like /../ reach the server unnormalized.
const get = (path, method = 'GET') =>
  new Promise((ok, fail) => {
    const req = request(`${base}${path}`, { method, path }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, type: res.headers['content-type'], body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });

test('MIME types', async () => {
  assert.equal((await get('/lib/a.wasm')).type, 'application/wasm');
  assert.match((await get('/lib/a.mjs')).type, /^text\/javascript/);
  assert.match((await get('/m.webmanifest')).type, /^application\/manifest\+json/);
  assert.match((await get('/')).type, /^text\/html/);
});

test('bodies, HEAD and 404', async () => {
  assert.deepEqual([...(await get('/lib/a.wasm')).body], [0, 97, 115, 109]);
  const head = await get('/index.html', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
  assert.equal((await get('/missing.js')).status, 404);
  assert.equal((await get('/', 'POST')).status, 405);
});

test('never serves outside the root', async () => {
  for (const p of ['/../etc/passwd', '/lib/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/%00']) {
    assert.ok([403, 404].includes((await get(p)).status), p);
  }
});

test('a download the client cuts short leaves no file open', async () => {
  const openFiles = () => readdirSync('/proc/self/fd').length;
  const before = openFiles();
  for (let i = 0; i < 5; ++i) {
    await new Promise((ok, fail) => {
      const req = request(`${base}/big.mnmt`, (res) => res.once('data', () => { req.destroy(); ok(); }));
      req.on('error', (err) => (err.code === 'ECONNRESET' ? ok() : fail(err)));
      req.end();
    });
  }
  for (let i = 0; i < 50 && openFiles() > before; ++i) await new Promise((ok) => setTimeout(ok, 20));
  assert.equal(openFiles(), before);
});
