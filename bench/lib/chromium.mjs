// Headless Chromium as the browser tests drive it (playwright-core + Debian's /usr/bin/chromium,
// toolchain.md §4), a fresh browser per measurement so that the renderer's memory is that run's alone.
import { launchChromium } from '../../scripts/lib/chromium.mjs';
import { rendererRssBytes } from './processes.mjs';
import { serveFolders } from './static-server.mjs';

// Opens the benchmark page (bench/web/) served by `routes` (lib/routes.mjs), runs window.bench(spec)
// there and adds the renderer's memory (idle page, then peak), the files served and the browser.
export async function runOnBenchPage(routes, spec) {
  const server = await serveFolders(routes);
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (e) => console.error(`chromium: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && console.error(`chromium: ${m.text()}`));
    await page.goto(`${server.url}/bench/web/index.html`);
    await page.waitForFunction(() => typeof window.bench === 'function');
    const idleRendererRssBytes = rendererRssBytes('VmRSS');
    const result = await page.evaluate((s) => window.bench(s), spec);
    return { ...result, idleRendererRssBytes, peakRssBytes: rendererRssBytes(), served: server.served, browser: `Chromium ${browser.version()}` };
  } finally {
    await browser.close();
    await server.close();
  }
}
