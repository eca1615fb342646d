// The translator page with two directions (a build with --test-models: random-weight en-de and de-en
// models): both are offered, a model is downloaded only when its direction is first chosen and then
// kept, swap reverses the direction with the translation as the new source, and the choice is
// remembered. Needs the WASM build (scripts/build-wasm.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../scripts/lib/chromium.mjs';
import { serve } from '../../scripts/serve.mjs';
import { typeAndTranslate as typeInto, waitForTranslation, waitUntilReady } from './page-helpers.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

let dir;
let server;
let browser;
let page;
let origin;
const modelRequests = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mnmt-directions-'));
  execFileSync(process.execPath, [join(root, 'scripts/build-web.mjs'), '--out', join(dir, 'web'), '--test-models'], { stdio: 'pipe' });
  server = await serve({ root: join(dir, 'web'), port: 0 });
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchChromium();
  page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
  page.on('request', (r) => r.url().endsWith('.mnmt') && modelRequests.push(new URL(r.url()).pathname));
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
});

after(async () => {
  await browser?.close();
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const ready = () => waitUntilReady(page);
const labels = async () => [await page.textContent('#source-label'), await page.textContent('#target-label')];

const typeAndTranslate = (text) => typeInto(page, text);

test('both directions are offered; only the first one\'s model is downloaded', async () => {
  await page.goto(`${origin}/`);
  await ready();
  const options = await page.$$eval('#direction option', (os) => os.map((o) => [o.value, o.textContent]));
  assert.deepEqual(options, [['en-de', 'English → German'], ['de-en', 'German → English']]);
  assert.equal(await page.isDisabled('#direction'), false);
  assert.equal(await page.isVisible('#swap'), true);
  assert.deepEqual(modelRequests, ['/models/en-de.mnmt']);
});

test('German → English loads its model when first chosen, then translates German', async () => {
  await page.selectOption('#direction', 'de-en');
  await ready();
  assert.deepEqual(modelRequests, ['/models/en-de.mnmt', '/models/de-en.mnmt']);
  assert.deepEqual(await labels(), ['German', 'English']);
  assert.equal(await page.getAttribute('#source', 'lang'), 'de');
  assert.equal(await page.getAttribute('#target', 'lang'), 'en');
  assert.match(await page.textContent('#about'), /^Model de-en /);
  assert.ok((await typeAndTranslate('Wo ist der Bahnhof? Vielen Dank!')).trim().length > 0);
  assert.match(await page.textContent('#timing'), /^Translated 2 sentences/);
});

test('switching back is immediate: the first model stayed loaded', async () => {
  await page.selectOption('#direction', 'en-de');
  await page.waitForSelector('body[data-state="ready"]', { timeout: 2_000 });
  assert.equal(modelRequests.length, 2, 'no model downloaded again');
  assert.deepEqual(await labels(), ['English', 'German']);
  await waitForTranslation(page);
});

test('swap reverses the direction and makes the translation the text to translate', async () => {
  const german = await typeAndTranslate('The weather is nice today.');
  await page.click('#swap');
  await ready();
  assert.equal(await page.inputValue('#direction'), 'de-en');
  assert.equal(await page.inputValue('#source'), german);
  assert.deepEqual(await labels(), ['German', 'English']);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'source');
  await waitForTranslation(page);
});

test('the chosen direction is remembered, and #<direction> picks one', async () => {
  await page.reload();
  await ready();
  assert.equal(await page.inputValue('#direction'), 'de-en');
  await page.goto(`${origin}/#en-de`);
  await page.reload();
  await ready();
  assert.equal(await page.inputValue('#direction'), 'en-de');
  await page.evaluate(() => (location.hash = '#de-en'));
  await page.waitForFunction(() => document.querySelector('#direction').value === 'de-en');
  await ready();
  assert.deepEqual(await labels(), ['German', 'English']);
});
