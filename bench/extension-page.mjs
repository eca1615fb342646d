#!/usr/bin/env node
// How long the extension (dist/extension) takes to translate a ~2,000-word page in headless Chromium,
// clicking "Translate page" in its popup: the first time (offscreen document, engine and model start
// included) and then warm, with the longest main-thread task in the page while it works. Also prints
// the packed extension size. Needs `npm run build`.
// Usage: node bench/extension-page.mjs [--words 2000] [--runs 3]   (runs: warm runs)
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { launchWithExtension, openPopup } from '../scripts/lib/extension-browser.mjs';

const root = new URL('../', import.meta.url);
const extensionDir = fileURLToPath(new URL('dist/extension/', root));
const zipFile = fileURLToPath(new URL('dist/mobilenmt-extension.zip', root));
const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const targetWords = option('words', 2000);
const warmRuns = option('runs', 3);
if (!existsSync(`${extensionDir}manifest.json`)) throw new Error(`${extensionDir} is missing: run npm run build`);

const countWords = (text) => text.split(/\s+/).filter(Boolean).length;

// About `targetWords` words of the test sentences as an article: paragraphs of four sentences, every
// third starting with a link, every fifth followed by a two-item list.
function article() {
  const sentences = readFileSync(new URL('tests/fixtures/sentences.en', root), 'utf8').split('\n').filter(Boolean);
  const blocks = [];
  let words = 0;
  const add = (block) => {
    blocks.push(block);
    words += countWords(block.replace(/<[^>]+>/g, ' '));
  };
  for (let i = 0; words < targetWords; i++) {
    const group = Array.from({ length: 4 }, (_, k) => sentences[(4 * i + k) % sentences.length]);
    const [first, second] = group;
    add(i % 3 === 0 ? `<p><a href="/page-${i}.html">${first}</a> ${group.slice(1).join(' ')}</p>` : `<p>${group.join(' ')}</p>`);
    if (i % 5 === 4) add(`<ul><li>${first}</li><li>${second}</li></ul>`);
  }
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Benchmark article</title><body><h1>An article</h1>${blocks.join('\n')}</body></html>`;
}

const html = article();
const server = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const browser = await launchWithExtension(extensionDir);

try {
  const page = await browser.context.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/article.html`);
  const words = countWords(await page.evaluate(() => document.body.innerText));
  await page.evaluate(() => {
    window.longestTask = 0;
    new PerformanceObserver((list) => list.getEntries().forEach((e) => (window.longestTask = Math.max(window.longestTask, e.duration))))
      .observe({ type: 'longtask' });
  });
  const popup = await openPopup(browser, page);

  const translateOnce = async () => {
    await page.evaluate(() => (window.longestTask = 0));
    const started = performance.now();
    await popup.evaluate(() => document.querySelector('#translate-page').click());
    await popup.waitFor(() => document.body.dataset.page === 'translated', undefined, { timeout: 300_000 });
    const wallMs = performance.now() - started;
    const status = await popup.evaluate(() => document.querySelector('#page-status').textContent);
    const longestTaskMs = await page.evaluate(() => window.longestTask);
    await popup.evaluate(() => document.querySelector('#show-original').click());
    await popup.waitFor(() => document.body.dataset.page === 'idle');
    return { wallMs, status, longestTaskMs };
  };

  const models = JSON.parse(readFileSync(`${extensionDir}models/manifest.json`, 'utf8'));
  const model = models[0];
  console.log(`model: ${model.id} ${model.bytes} bytes, ${model.test ? 'random-weight TEST model (gibberish output)' : 'trained model'}, sha256 ${model.sha256.slice(0, 16)}…`);
  console.log(`browser: ${browser.context.browser().version()} headless, ${cpus().length} cores (${cpus()[0].model})`);
  console.log(`page: ${words} words, ${(await page.evaluate(() => document.querySelectorAll('p, li, h1').length))} blocks`);

  const show = (label, { wallMs, status, longestTaskMs }) =>
    console.log(`${label}: ${(wallMs / 1000).toFixed(2)} s from the click to the last passage ("${status}"); ` +
      (longestTaskMs ? `longest page task ${longestTaskMs.toFixed(0)} ms` : 'no page task of 50 ms or more'));
  show('first translation (engine + model start included)', await translateOnce());
  const warm = [];
  for (let i = 0; i < warmRuns; i++) {
    const run = await translateOnce();
    warm.push(run.wallMs);
    show(`warm run ${i + 1}`, run);
  }
  warm.sort((a, b) => a - b);
  console.log(`warm median: ${(warm[Math.floor(warm.length / 2)] / 1000).toFixed(2)} s for ${words} words`);
  await popup.close();
} finally {
  await browser.close();
  server.close();
}

if (existsSync(zipFile)) console.log(`packed extension: ${statSync(zipFile).size} bytes (dist/mobilenmt-extension.zip)`);
