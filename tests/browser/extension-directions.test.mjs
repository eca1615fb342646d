// The MV3 extension with two directions (a build with --test-models: random-weight en-de and de-en
// models): the popup offers both and picks the one from the page's language (found in its text by the
// browser's own detector, else its lang attribute), a choice made in the popup is kept for text of
// no known language, selection translation goes by the selection's language, and a direction's model
// is loaded only when it is first used. Needs the WASM build.
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
const page = (lang, title, text) => `<!doctype html><html${lang ? ` lang="${lang}"` : ''}><head><meta charset="utf-8">
<title>${title}</title></head><body><h1 id="title">${title}</h1><p id="intro">${text}</p></body></html>`;
const PAGES = {
  '/artikel.html': page('de', 'Mit dem Zug reisen', 'Das Wetter ist heute schön. Der Bahnhof ist nicht weit von hier, und der Zug fährt jede Stunde.'),
  // German text under no lang attribute (or a wrong one): the text decides.
  '/ohne-lang.html': page('', 'Unterwegs in der Stadt', 'Wir gehen morgen früh in die Stadt, weil die Geschäfte am Nachmittag geschlossen sind und es regnen soll.'),
  '/article.html': page('en', 'Travelling by train', 'The weather is nice today. The station is not far from here, and the train leaves every hour.'),
  '/numbers.html': page('', '2024', '1 2 3 4 5'),
};
let dir;
let server;
let origin;
let browser;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mnmt-extension-directions-'));
  const extensionDir = join(dir, 'extension');
  execFileSync(process.execPath, [join(root, 'scripts/build-extension.mjs'), '--out', extensionDir, '--test-models'], { stdio: 'pipe' });
  server = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGES[req.url] ?? PAGES['/numbers.html']));
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

const popupState = (popup) => popup.evaluate(() => ({
  direction: document.querySelector('#direction').value,
  pageLanguage: document.querySelector('#page-language').hidden ? null : document.querySelector('#page-language').textContent,
}));
const chosen = async (popup) => (await popup.evaluate(() => chrome.storage.local.get('direction'))).direction;

async function openOn(path) {
  const tab = await browser.context.newPage();
  await tab.goto(`${origin}${path}`);
  return { tab, popup: await openPopup(browser, tab) };
}

test('the popup offers both directions and picks the one from the page\'s language; only its model loads', async () => {
  const english = await openOn('/article.html');
  const options = await english.popup.evaluate(() => [...document.querySelectorAll('#direction option')].map((o) => [o.value, o.textContent]));
  assert.deepEqual(options, [['en-de', 'English → German'], ['de-en', 'German → English']]);
  assert.equal(await english.popup.evaluate(() => document.querySelector('#direction').disabled), false);
  assert.deepEqual(await popupState(english.popup), { direction: 'en-de', pageLanguage: 'This page is in English.' });
  assert.deepEqual(await loadedModels(english.popup), [], 'no model loaded before the first translation');
  await english.popup.close();
  await english.tab.close();

  for (const path of ['/artikel.html', '/ohne-lang.html']) {
    const german = await openOn(path);
    assert.deepEqual(await popupState(german.popup), { direction: 'de-en', pageLanguage: 'This page is in German.' }, path);
    assert.equal(await chosen(german.popup), undefined, 'a direction picked from the page is not stored as a choice');
    await german.tab.close();
  }

  const { tab, popup } = await openOn('/artikel.html');
  const original = await tab.textContent('#intro');
  await popup.evaluate(() => document.querySelector('#translate-page').click());
  await popup.waitFor(() => document.body.dataset.page === 'translated');
  assert.match(await popup.evaluate(() => document.querySelector('#model-status').textContent), /^Model ready/);
  assert.deepEqual(await loadedModels(popup), ['de-en'], 'only the German → English model is loaded');
  const translated = await tab.textContent('#intro');
  assert.ok(translated.trim().length > 0 && translated !== original, 'the German text was translated');
  await popup.close();
  await tab.close();
});

test('a direction chosen in the popup is kept, and used where the page\'s language is unknown', async () => {
  const first = await openOn('/numbers.html');
  assert.deepEqual(await popupState(first.popup), { direction: 'en-de', pageLanguage: null });
  await first.popup.evaluate(() => {
    const select = document.querySelector('#direction');
    select.value = 'de-en';
    select.dispatchEvent(new Event('change'));
  });
  await first.popup.waitFor(async () => (await chrome.storage.local.get('direction')).direction === 'de-en');
  await first.popup.close();
  const reopened = await openPopup(browser, first.tab);
  assert.deepEqual(await popupState(reopened), { direction: 'de-en', pageLanguage: null }, 'the choice is kept');
  await reopened.close();
  await first.tab.close();

  const english = await openOn('/article.html');
  assert.equal((await popupState(english.popup)).direction, 'en-de', 'an English page still gets English → German');
  await english.popup.close();
  await english.tab.close();
});

async function translateSelection(path) {
  const tab = await browser.context.newPage();
  await tab.goto(`${origin}${path}`);
  const sentence = await tab.evaluate(() => {
    const text = document.querySelector('#intro').firstChild;
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, text.nodeValue.length);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    return getSelection().toString();
  });
  await (await openPopup(browser, tab)).close(); // the activeTab grant, as a right-click gives it
  await browser.serviceWorker.evaluate(async ({ url, selectionText }) => {
    const target = (await chrome.tabs.query({})).find((t) => t.url === url);
    chrome.contextMenus.onClicked.dispatch({ menuItemId: 'translate-selection', selectionText, frameId: 0, pageUrl: url, editable: false }, target);
  }, { url: tab.url(), selectionText: sentence });
  const bubble = tab.locator('mobilenmt-bubble .bubble[data-state="done"]');
  await bubble.waitFor({ timeout: 60_000 });
  const result = {
    label: await bubble.locator('.label').textContent(),
    lang: await bubble.locator('.text').getAttribute('lang'),
    text: await bubble.locator('.text').textContent(),
  };
  await tab.close();
  return result;
}

test('"Translate selection" goes by the selection\'s language, else by the chosen direction', async () => {
  await browser.serviceWorker.evaluate(() => chrome.storage.local.set({ direction: 'en-de' }));
  const german = await translateSelection('/ohne-lang.html');
  assert.match(german.label, /German → English/);
  assert.equal(german.lang, 'en');
  assert.ok(german.text.trim().length > 0);

  const english = await translateSelection('/article.html');
  assert.match(english.label, /English → German/);
  assert.equal(english.lang, 'de');

  await browser.serviceWorker.evaluate(() => chrome.storage.local.set({ direction: 'de-en' }));
  const unknown = await translateSelection('/numbers.html');
  assert.match(unknown.label, /German → English/, 'numbers alone: the chosen direction');
});
