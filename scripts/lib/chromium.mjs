// Headless Chromium as tests, benchmarks and build scripts drive it: Debian's /usr/bin/chromium through
// playwright-core (toolchain.md §4), with every background service that would reach the network off.
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-default-apps',
  '--disable-domain-reliability'];

export const launchChromium = ({ args = [] } = {}) =>
  chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...args] });
