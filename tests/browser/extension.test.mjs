// The MV3 extension (dist/extension) in headless Chromium: "Translate selection" shows the translation
// in a bubble; the popup translates a whole page in place (visible part first; links, lists, tables,
// element count and hrefs intact; the attributes people read, open shadow roots and text added later
// translated too; code, form fields and editable regions untouched) and restores it exactly; both
// also on a page whose CSP blocks WebAssembly; nothing leaves the test server or the extension
// (Chromium's net log, which names the origin that started each request).
// Needs `npm run build` (or `npm run build:extension`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchWithExtension, openPopup } from '../../scripts/lib/extension-browser.mjs';

const extensionDir = fileURLToPath(new URL('../../dist/extension/', import.meta.url));
const nativeCli = fileURLToPath(new URL('../../build/mobilenmt', import.meta.url));

// The native engine's translation of `sentence` with the bundled en-de model, or null without the CLI.
function nativeTranslation(sentence, args = []) {
  if (!existsSync(nativeCli)) return null;
  return execFileSync(nativeCli, ['translate', '-m', `${extensionDir}models/en-de.mnmt`, ...args], { input: `${sentence}\n` })
    .toString().trim();
}
const CSP = "script-src 'self'";

// The page's #intro is translated with beam 4 (a selection) and its #middle greedily (a whole page);
// each check needs a sentence the bundled model translates differently the two ways, which depends on
// the model, so each takes the first of its candidates that does.
const INTRO_CANDIDATES = [
  'Every morning an old man walked slowly to the station with his dog.',
  'My grandmother used to tell us stories about her childhood in the village.',
  'Every evening the old woman sat on the bench in front of her house and watched the children play.',
  'Last summer my brother and I travelled by train from Hamburg to Vienna.',
];
const MIDDLE_CANDIDATES = [
  'Can you tell me how to get to the nearest bus stop?',
  'Could you please tell me where I can buy a ticket for the train?',
  'Is there a pharmacy near here that is still open at this hour?',
  'Excuse me, do you know when the next bus to the city centre leaves?',
];
function decoderTellingSentence(candidates, element) {
  if (!existsSync(nativeCli)) return candidates[0];
  const found = candidates.find((s) => nativeTranslation(s) !== nativeTranslation(s, ['--beam', '4']));
  if (!found) throw new Error(`the bundled model translates every ${element} candidate the same greedy and with beam 4: add one that differs`);
  return found;
}
let intro;
let middle;

// A page to translate: prose with links and formatting, a list, a table; things that must stay as
// they are; a paragraph in the middle of a long page (on screen once scrolled there) and one at the end.
const SPACER = '<div style="height: 2500px"></div>';
const article = () => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Travelling by train</title></head>
<body>
<h1 id="title">Travelling by train</h1>
<p id="intro">${intro} <a href="/station.html">The station</a> is <strong>not far</strong> from here.</p>
<ul id="list">
  <li>Buy a ticket before you board the train.</li>
  <li>Keep your bag with you at all times.</li>
  <li><a href="https://example.com/timetable">Check the timetable</a> before you leave.</li>
</ul>
<table id="table">
  <thead><tr><th>City</th><th>Journey</th></tr></thead>
  <tbody><tr><td>Berlin</td><td>About four hours</td></tr><tr><td>Munich</td><td>Nearly six hours</td></tr></tbody>
</table>
<p id="labels"><abbr id="abbr" title="as soon as possible">ASAP</abbr> <img id="photo" alt="A red train at the station" width="40" height="20">
<input id="search" placeholder="Search for a station"> <button id="menu" aria-label="Open the menu">☰</button></p>
<div id="widget"><template shadowrootmode="open"><p>Trains leave every hour from platform two.</p><slot></slot></template><span>The light text of the widget.</span></div>
<pre id="pre">let answer = 42; // this program text stays as it is</pre>
<p id="command">Run <code id="code">npm run build</code> before you start.</p>
<textarea id="textarea">Please write your message here.</textarea>
<input id="input" value="Your name">
<div id="editable" contenteditable="true">You can edit this sentence yourself.</div>
<p id="hidden" hidden>This paragraph is hidden from view.</p>
${SPACER}
<p id="middle">${middle}</p>
${SPACER}
<p id="end">Thank you very much for reading.</p>
<script>var message = "This script text is not translated.";</script>
</body>
</html>
`;

const netLogDir = mkdtempSync(join(tmpdir(), 'mnmt-netlog-'));
const netLog = join(netLogDir, 'net-log.json');
// More than the JS API takes in one go (100,000 characters): an error the person must be told about.
const TOO_LONG = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Too long</title>
<p id="long">${'This sentence is one of very many. '.repeat(3000)}</p></html>`;

let server;
let origin;
let browser;
const served = []; // every request the test server answered

before(async () => {
  if (!existsSync(`${extensionDir}manifest.json`)) throw new Error(`${extensionDir} is missing: run npm run build`);
  intro = decoderTellingSentence(INTRO_CANDIDATES, '#intro');
  middle = decoderTellingSentence(MIDDLE_CANDIDATES, '#middle');
  const html = article();
  server = createServer((req, res) => {
    served.push(req.url);
    const { pathname } = new URL(req.url, 'http://localhost');
    const body = { '/article.html': html, '/csp/article.html': html, '/too-long.html': TOO_LONG }[pathname];
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(pathname.startsWith('/csp/') && { 'content-security-policy': CSP }) });
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchWithExtension(extensionDir, { args: [`--log-net-log=${netLog}`] });
});

after(async () => {
  await browser?.close();
  server?.close();
  rmSync(netLogDir, { recursive: true, force: true });
});

const VARIANTS = [
  { name: 'a page without a CSP', path: '/article.html' },
  { name: `a page with CSP ${CSP}`, path: '/csp/article.html' },
];

async function openArticle(path, tag) {
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  const response = await page.goto(`${origin}${path}?${tag}`);
  assert.equal(response.headers()['content-security-policy'], path.startsWith('/csp/') ? CSP : undefined);
  return page;
}

// What must survive a page translation, and the texts it must change or leave alone.
const snapshot = (page) =>
  page.evaluate(() => {
    const text = (selector) => [...document.querySelectorAll(selector)].map((e) => e.textContent);
    return {
      html: document.documentElement.outerHTML,
      elements: document.getElementsByTagName('*').length,
      hrefs: [...document.links].map((a) => a.getAttribute('href')),
      translatable: [
        ...text('#title, #intro, #intro a, #intro strong, li, th, td, #command, #widget, #middle, #end'),
        document.querySelector('#widget').shadowRoot.textContent,
        ...[['#abbr', 'title'], ['#photo', 'alt'], ['#search', 'placeholder'], ['#menu', 'aria-label']].map(([s, a]) => document.querySelector(s).getAttribute(a)),
      ],
      untouched: [...text('#pre, #code, #editable, #hidden, script, #textarea, #menu'), document.querySelector('#input').value, document.querySelector('#search').value],
    };
  });

test('the manifest asks only for what the issue allows', () => {
  const manifest = JSON.parse(readFileSync(`${extensionDir}manifest.json`, 'utf8'));
  assert.equal(manifest.manifest_version, 3);
  assert.deepEqual([...manifest.permissions].sort(), ['activeTab', 'contextMenus', 'offscreen', 'scripting', 'storage']);
  assert.equal(manifest.host_permissions, undefined);
  assert.equal(manifest.optional_host_permissions, undefined);
  assert.equal(manifest.content_scripts, undefined);
  assert.equal(manifest.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  assert.ok(existsSync(`${extensionDir}models/en-de.mnmt`), 'the model is bundled');
});

// Chromium shows a grey letter where an icon is missing or is not a PNG of the size it is listed at.
test('every icon the manifest lists is a PNG of its size', () => {
  const manifest = JSON.parse(readFileSync(`${extensionDir}manifest.json`, 'utf8'));
  const listed = [...Object.entries(manifest.icons), ...Object.entries(manifest.action.default_icon)];
  assert.ok(listed.some(([size]) => size === '128'), 'a 128 px icon for the store and the extensions page');
  for (const [size, file] of listed) {
    const png = readFileSync(`${extensionDir}${file}`);
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', file);
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [Number(size), Number(size)], file);
  }
});

// Selects the text of `selector` up to the first full stop (or all of it); returns the selection.
const select = (page, selector, wholeElement = false) =>
  page.evaluate(({ selector, wholeElement }) => {
    const text = document.querySelector(selector).firstChild;
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, wholeElement ? text.nodeValue.length : text.nodeValue.indexOf('.') + 1);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    return getSelection().toString();
  }, { selector, wholeElement });

// What a click on the "Translate selection" menu item does. A right-click there gives the extension
// the activeTab grant; automation cannot right-click browser menus, so it takes the grant from the
// toolbar icon first and then fires the menu's click event in the service worker.
async function clickTranslateSelection(page, selectionText) {
  await (await openPopup(browser, page)).close();
  await browser.serviceWorker.evaluate(async ({ url, selectionText }) => {
    const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
    chrome.contextMenus.onClicked.dispatch({ menuItemId: 'translate-selection', selectionText, frameId: 0, pageUrl: url, editable: false }, tab);
  }, { url: page.url(), selectionText });
}

for (const { name, path } of VARIANTS) {
  test(`"Translate selection" shows the translation in a bubble, on ${name}`, async () => {
    const page = await openArticle(path, 'selection');
    const before = await snapshot(page);
    const sentence = await select(page, '#intro');
    assert.equal(sentence, intro);
    await clickTranslateSelection(page, sentence);

    const bubble = page.locator('mobilenmt-bubble .bubble[data-state="done"]');
    await bubble.waitFor({ timeout: 60_000 });
    const translation = (await bubble.locator('.text').textContent()).trim();
    assert.ok(translation.length > 0, 'a translation');
    assert.notEqual(translation, sentence);
    const native = nativeTranslation(sentence, ['--beam', '4']);
    if (native !== null) {
      assert.equal(translation, native, 'beam search 4, as on the translator page');
    }
    assert.equal(await bubble.locator('.text').getAttribute('lang'), 'de');
    assert.match(await bubble.locator('.label').textContent(), /English → German/);
    assert.equal(await bubble.locator('button.copy').isEnabled(), true);
    assert.equal((await snapshot(page)).translatable.join('|'), before.translatable.join('|'), 'the page itself is unchanged');

    await bubble.locator('button.close').click();
    assert.equal(await page.locator('mobilenmt-bubble').count(), 0);
    await page.close();
  });

  test(`the popup translates the whole page in place and restores it exactly, on ${name}`, async () => {
    const page = await openArticle(path, 'page');
    const before = await snapshot(page);
    await page.evaluate(() => {
      document.querySelector('#middle').scrollIntoView({ block: 'center' });
      window.translatedInOrder = []; // which element each changed text node belongs to, in order
      new MutationObserver((records) => records.forEach((r) => window.translatedInOrder.push(r.target.parentElement.closest('[id]')?.id)))
        .observe(document.body, { characterData: true, subtree: true });
    });

    const popup = await openPopup(browser, page);
    await popup.evaluate(() => document.querySelector('#translate-page').click());
    await popup.waitFor(() => document.body.dataset.page === 'translated');
    const [progress, status] = await popup.evaluate(() => [document.querySelector('#page-progress').value, document.querySelector('#page-status').textContent]);
    assert.equal(progress, 100);
    assert.match(status, /^Translated \d+ passages in \d+\.\d s\.$/);
    assert.match(await popup.evaluate(() => document.querySelector('#model-status').textContent), /^Model ready/);

    const translated = await snapshot(page);
    assert.equal(translated.elements, before.elements, 'no element added or removed');
    assert.deepEqual(translated.hrefs, before.hrefs);
    // A trained model may rightly keep a name or a single word ("Berlin"); every text of three words
    // or more must come back changed.
    translated.translatable.forEach((text, i) => {
      assert.ok(text.trim().length > 0, `translation ${i} is empty`);
      if (before.translatable[i].trim().split(/\s+/).length >= 3) {
        assert.notEqual(text, before.translatable[i], `"${before.translatable[i]}" was not translated`);
      }
    });
    assert.deepEqual(translated.untouched, before.untouched);
    const native = nativeTranslation(middle);
    if (native !== null) {
      assert.equal(await page.evaluate(() => document.querySelector('#middle').textContent), native, 'a page is greedy');
    }
    const order = await page.evaluate(() => window.translatedInOrder);
    assert.equal(order[0], 'middle', 'the part on screen comes first');
    assert.equal(order.at(-1), 'end');

    // Text the page adds afterwards is translated too, and put back with the rest.
    const late = 'The next train to the airport leaves at noon.';
    await page.evaluate((text) => document.querySelector('#end').after(Object.assign(document.createElement('p'), { id: 'late', textContent: text })), late);
    await page.waitForFunction((text) => document.querySelector('#late').textContent !== text, late, { timeout: 60_000 });
    await popup.waitFor(() => document.body.dataset.page === 'translated');

    await popup.evaluate(() => document.querySelector('#show-original').click());
    await popup.waitFor(() => document.body.dataset.page === 'idle');
    assert.equal(await page.evaluate(() => document.querySelector('#late').textContent), late);
    await page.evaluate(() => document.querySelector('#late').remove());
    assert.equal((await snapshot(page)).html, before.html);
    await popup.close();
    await page.close();
  });
}

test('a selection the engine cannot take is explained in plain words', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${origin}/too-long.html`);
  await clickTranslateSelection(page, await select(page, '#long', true));
  const bubble = page.locator('mobilenmt-bubble .bubble[data-state="error"]');
  await bubble.waitFor({ timeout: 60_000 });
  assert.match(await bubble.locator('.text').textContent(), /^This text cannot be translated: .*the limit is 100000/);
  assert.equal(await bubble.locator('button.copy').isEnabled(), false);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('mobilenmt-bubble').count(), 0);
  await page.close();
});

// Every network request Chromium started, with the origin that asked for it ("not an origin" for
// the browser's own: navigations typed in, and its update, sign-in and autofill services).
function netLogRequests(file) {
  const log = JSON.parse(readFileSync(file, 'utf8'));
  const startJob = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  return log.events.filter((e) => e.type === startJob && e.params?.url).map(({ params }) => ({ url: params.url, initiator: params.initiator }));
}

test('no request left the test server or the extension', async () => {
  const extensionOrigin = `chrome-extension://${browser.extensionId}`;
  await browser.close(); // the net log is complete once Chromium exits
  browser = null;
  const requests = netLogRequests(netLog);
  const fromPagesOrExtension = requests.filter((r) => r.initiator === origin || r.initiator === extensionOrigin);
  assert.ok(fromPagesOrExtension.length > 0, 'the net log attributes requests');
  assert.deepEqual(fromPagesOrExtension.filter((r) => !r.url.startsWith(`${origin}/`)), []);
  assert.ok(requests.filter((r) => r.url.startsWith(`${origin}/`) && r.url.includes('article.html')).length >= 4, 'the pages came from the test server');
  assert.ok(served.filter((url) => url.includes('article.html')).length >= 4);
});
