// Issue 5's browser figures, in headless Chromium, with this run's model: the WASM heap after loading
// the model and after translating a 100-sentence paragraph (benchmark page, JS API), and the time the
// translator page (a copy of dist/web from `npm run build`, this model swapped in) takes to become
// ready on a first visit and on a cached visit (service worker + Cache API).
// Usage: node bench/web-figures.mjs JOB.json  (job: model, sha256, paragraph, site, repeats, result)
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { serve } from '../scripts/serve.mjs';
import { launchChromium } from '../scripts/lib/chromium.mjs';
import { runOnBenchPage } from './lib/chromium.mjs';
import { repo, wasmDir } from './lib/paths.mjs';
import { benchRoutes } from './lib/routes.mjs';

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const READY_TIMEOUT_MS = 300_000;

async function paragraphHeap() {
  const spec = { system: 'paragraph', modelUrl: `/model/${basename(job.model)}`, sha256: job.sha256, text: readFileSync(job.paragraph, 'utf8') };
  const result = await runOnBenchPage(benchRoutes({ model: dirname(job.model) }), spec);
  delete result.served;
  return result;
}

// dist/web with this run's model in place of the bundled one.
function sitePage() {
  rmSync(job.site, { recursive: true, force: true });
  cpSync(repo('dist/web'), job.site, { recursive: true });
  const manifestFile = join(job.site, 'models/manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const entry = manifest[0];
  cpSync(job.model, join(job.site, entry.file));
  writeFileSync(join(job.site, `${entry.file}.sha256`), `${job.sha256}  ${basename(entry.file)}\n`);
  Object.assign(entry, { bytes: readFileSync(job.model).length, sha256: job.sha256, test: false });
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
}

// Runs in the page before its own scripts: notes the moment <body data-state> turns "ready".
function noteReadyTime() {
  new MutationObserver((_, observer) => {
    if (document.body?.dataset.state !== 'ready') return;
    window.readyAt = performance.now();
    observer.disconnect();
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-state'] });
}

// Milliseconds from navigation start until the page says it is ready, and where the model came from.
async function timeToReady(page) {
  await page.waitForFunction(() => window.readyAt, null, { timeout: READY_TIMEOUT_MS });
  return {
    ms: await page.evaluate(() => window.readyAt),
    model: /from this device/.test(await page.textContent('#about')) ? 'cache' : 'network',
  };
}

async function pageLoads() {
  sitePage();
  const server = await serve({ root: job.site, port: 0 });
  const browser = await launchChromium();
  const visits = [];
  try {
    for (let i = 0; i < job.repeats; i++) {
      const context = await browser.newContext({ serviceWorkers: 'allow' });
      await context.addInitScript(noteReadyTime);
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${server.address().port}/`);
      const first = await timeToReady(page);
      await page.evaluate(() => navigator.serviceWorker.ready);
      await page.reload();
      visits.push({ first, cached: await timeToReady(page) });
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return visits;
}

const result = { paragraph: await paragraphHeap() };
if (existsSync(repo('dist/web/index.html'))) {
  const engine = (dir) => readFileSync(join(dir, 'mobilenmt-wasm.wasm'));
  result.pageEngineIsThisBuild = engine(repo('dist/web/lib')).equals(engine(wasmDir));
  result.pageLoads = await pageLoads();
}
writeFileSync(job.result, JSON.stringify(result));
