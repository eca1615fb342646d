// The MV3 extension with two directions (a build with --test-models: random-weight en-de and de-en
// models): the popup offers both, the choice is kept and used by page and selection translation, and
// a direction's model is loaded only when it is first used. Needs the WASM build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchWithExtension, openPopup } from '../../scripts/lib/extension-browser.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ARTICLE = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Mit dem Zug reisen</title></head>
<body><h1 id="title">Mit dem Zug reisen</h1>
<p id="intro">Das Wetter ist heute schön. Der Bahnhof ist nicht weit von hier.</p></body></html>`;

let dir;
let server;
let origin;
let browser;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mnmt-extension-directions-'));
  const extensionDir = join(dir, 'extension');
  execFileSync(process.execPath, [join(root, 'scripts/build-extension.mjs'), '--out', extensionDir, '--test-models'], { stdio: 'pipe' });
  server = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ARTICLE));
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchWithExtension(extensionDir);
});

after(async () => {
  await browser?.close();
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const loadedModels = (popup) => popup.evaluate(async () => Object.keys(await chrome.runtime.sendMessage({ type: 'model-status' })));

test('the popup offers both directions; choosing one keeps it and page translation uses it', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${origin}/artikel.html`);
  const original = await page.textContent('#intro');
  const popup = await openPopup(browser, page);
  const options = await popup.evaluate(() => [...document.querySelectorAll('#direction option')].map((o) => [o.value, o.textContent]));
  assert.deepEqual(options, [['en-de', 'English → German'], ['de-en', 'German → English']]);
  assert.equal(await popup.evaluate(() => document.querySelector('#direction').disabled), false);
  assert.deepEqual(await loadedModels(popup), [], 'no model loaded before the first translation');

  await popup.evaluate(() => {
    const select = document.querySelector('#direction');
    select.value = 'de-en';
    select.dispatchEvent(new Event('change'));
  });
  await popup.waitFor(async () => (await chrome.storage.local.get('direction')).direction === 'de-en');
  await popup.evaluate(() => document.querySelector('#translate-page').click());
  await popup.waitFor(() => document.body.dataset.page === 'translated');
  assert.match(await popup.evaluate(() => document.querySelector('#model-status').textContent), /^Model ready/);
  assert.deepEqual(await loadedModels(popup), ['de-en'], 'only the chosen direction\'s model is loaded');
  const translated = await page.textContent('#intro');
  assert.ok(translated.trim().length > 0 && translated !== original, 'the German text was translated');
  await popup.close();

  const reopened = await openPopup(browser, page);
  assert.equal(await reopened.evaluate(() => document.querySelector('#direction').value), 'de-en', 'the choice is kept');
  await reopened.close();
  await page.close();
});

test('"Translate selection" uses the chosen direction', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${origin}/auswahl.html`);
  const sentence = await page.evaluate(() => {
    const text = document.querySelector('#intro').firstChild;
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, text.nodeValue.indexOf('.') + 1);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    return getSelection().toString();
  });
  await (await openPopup(browser, page)).close(); // the activeTab grant, as a right-click gives it
  await browser.serviceWorker.evaluate(async ({ url, selectionText }) => {
    const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
    chrome.contextMenus.onClicked.dispatch({ menuItemId: 'translate-selection', selectionText, frameId: 0, pageUrl: url, editable: false }, tab);
  }, { url: page.url(), selectionText: sentence });
  const bubble = page.locator('mobilenmt-bubble .bubble[data-state="done"]');
  await bubble.waitFor({ timeout: 60_000 });
  assert.match(await bubble.locator('.label').textContent(), /German → English/);
  assert.equal(await bubble.locator('.text').getAttribute('lang'), 'en');
  assert.ok((await bubble.locator('.text').textContent()).trim().length > 0);
  await page.close();
});
