// The translator page in headless Chromium (playwright-core + /usr/bin/chromium, toolchain.md §4):
// loads with progress to 100%, translates typed English, shows a long text's translation as it
// grows, requests only its own origin, works offline after one visit, and is usable at phone size.
// Needs `npm run build` (dist/web).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../scripts/lib/chromium.mjs';
import { serve } from '../../scripts/serve.mjs';
import { typeAndTranslate as typeInto, waitForTranslation, waitUntilReady } from './page-helpers.mjs';

const root = new URL('../../', import.meta.url);
const dist = fileURLToPath(new URL('dist/web/', root));
const results = fileURLToPath(new URL('test-results/', root));

let server;
let browser;
let context;
let page;
let origin;
const requests = [];

before(async () => {
  if (!existsSync(`${dist}index.html`)) throw new Error(`${dist} is missing: run npm run build`);
  mkdirSync(results, { recursive: true });
  server = await serve({ root: dist, port: 0 });
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchChromium();
  context = await browser.newContext({ serviceWorkers: 'allow' });
  context.on('request', (r) => requests.push(r.url()));
  page = await context.newPage();
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
});

after(async () => {
  await browser?.close();
  server?.close();
});

const ready = () => waitUntilReady(page);

const typeAndTranslate = (text) => typeInto(page, text);

test('loads, shows progress up to 100%, translates typed English', async () => {
  await page.goto(`${origin}/`);
  await ready();
  assert.equal(await page.getAttribute('#progress', 'value'), '100');
  assert.equal(await page.textContent('#progress-label'), 'Ready');
  assert.match(await page.textContent('#about'), /beam search 4\./);
  const out = await typeAndTranslate('Hello world. How are you today?');
  assert.ok(out.trim().length > 0, 'some output');
  assert.match(await page.textContent('#timing'), /^Translated 2 sentences in \d+ ms$/);
  assert.equal(await page.isDisabled('#copy'), false);
  assert.equal(await page.isHidden('#error'), true);
  await page.screenshot({ path: `${results}page.png`, fullPage: true });
});

test('a long text shows its translation as it grows, then the whole of it', async () => {
  const lines = readFileSync(fileURLToPath(new URL('tests/fixtures/sentences.en', root)), 'utf8').split('\n').filter(Boolean);
  const text = Array(3).fill(lines.join(' ')).join('\n\n'); // 90 sentences: over a second even on a fast machine
  await page.fill('#source', '');
  await page.waitForFunction(() => document.querySelector('#timing').textContent === '');
  await page.evaluate(() => {
    window.seen = [];
    const note = () => window.seen.push({
      timing: document.querySelector('#timing').textContent,
      timingInView: (({ top, bottom }) => top >= 0 && bottom <= innerHeight)(document.querySelector('#timing').getBoundingClientRect()),
      target: document.querySelector('#target').textContent,
      busy: document.querySelector('#target').getAttribute('aria-busy'),
    });
    window.observer = new MutationObserver(note);
    window.observer.observe(document.querySelector('main'), { subtree: true, childList: true, characterData: true });
  });
  await page.fill('#source', text);
  await waitForTranslation(page);
  const seen = await page.evaluate(() => (window.observer.disconnect(), window.seen));
  const final = await page.textContent('#target');
  const total = Number((await page.textContent('#timing')).match(/^Translated (\d+) sentences/)[1]);
  assert.ok(total >= 3 * lines.length, `${total} sentences`);
  const growing = seen.filter((s) => s.timing.startsWith('Translating'));
  assert.ok(growing.length > 0, 'progress was shown');
  for (const s of growing) {
    assert.match(s.timing, new RegExp(`^Translating… \\d+ of ${total} sentences$`));
    assert.equal(s.busy, 'true');
    assert.ok(s.timingInView, `the progress line scrolled out of view at "${s.timing}"`);
    assert.ok(final.startsWith(s.target), `a partial output is not a prefix of the final one: ${JSON.stringify(s.target)}`);
  }
  assert.equal(await page.getAttribute('#target', 'aria-busy'), null);
});

test('accessible: labelled controls and a live output region', async () => {
  for (const id of ['source', 'direction', 'progress']) assert.equal(await page.locator(`label[for="${id}"]`).count(), 1, id);
  assert.equal(await page.getAttribute('#target', 'aria-live'), 'polite');
  await page.focus('#source');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'copy');
});

test('after one visit, a reload with the network off still translates', async () => {
  await page.evaluate(() => navigator.serviceWorker.ready);
  const port = server.address().port; // no server at all, and the browser offline too
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  await context.setOffline(true);
  try {
    await page.reload();
    await ready();
    assert.match(await page.textContent('#about'), /from this device/);
    const out = await typeAndTranslate('Where is the train station?');
    assert.ok(out.trim().length > 0);
  } finally {
    await context.setOffline(false);
    server = await serve({ root: dist, port });
  }
});

test('a corrupted cached model is detected and downloaded again', async () => {
  await page.evaluate(async () => {
    const cache = await caches.open('mobilenmt-models-v1');
    const [key] = await cache.keys();
    await cache.put(key, new Response(new Uint8Array(64), { headers: { 'x-mobilenmt-sha256': '0'.repeat(64) } }));
  });
  await page.reload();
  await ready();
  assert.match(await page.textContent('#about'), /downloaded/);
  assert.ok((await typeAndTranslate('Thank you very much!')).trim().length > 0);
});

test('a model that cannot be downloaded gives a clear message', async () => {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  try {
    await ctx.route('**/models/en-de.mnmt', (route) => route.fulfill({ status: 404, body: 'gone' }));
    const p = await ctx.newPage();
    await p.goto(`${origin}/`);
    await p.waitForSelector('body[data-state="error"]', { timeout: 60_000 });
    assert.match(await p.textContent('#error'), /could not be downloaded.*HTTP 404/);
    assert.equal(await p.getAttribute('#error', 'role'), 'alert');
  } finally {
    await ctx.close();
  }
});

test('phone-size layout', async () => {
  await page.setViewportSize({ width: 375, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
  await page.screenshot({ path: `${results}page-phone.png`, fullPage: true });
});

test('every request went to the page origin', () => {
  assert.ok(requests.length > 5);
  const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !/^(data|blob):/.test(u));
  assert.deepEqual(foreign, []);
});
