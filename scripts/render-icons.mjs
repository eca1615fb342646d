#!/usr/bin/env node
// Renders web/page/icon.svg to the PNG icons Chromium wants for an extension (it takes no SVG there):
// web/extension/icons/icon-{16,32,48,128}.png. Run it after editing the SVG and commit the PNGs.
// Uses the same headless Chromium as the browser tests. Usage: node scripts/render-icons.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { launchChromium } from './lib/chromium.mjs';
import { root } from './lib/engine.mjs';

const SIZES = [16, 32, 48, 128];
const svg = readFileSync(join(root, 'web/page/icon.svg'), 'utf8');
const browser = await launchChromium();
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    const file = join(root, `web/extension/icons/icon-${size}.png`);
    writeFileSync(file, png);
    console.log(`render-icons: ${relative(root, file)} ${png.length} bytes`);
    await page.close();
  }
} finally {
  await browser.close();
}
