// Headless Chromium (Debian's, driven by playwright-core) with an unpacked extension loaded, for the
// extension's tests and benchmark. Adds the two things Playwright has no call for: clicking the
// toolbar icon for a tab, which opens the popup and gives the extension the activeTab grant for
// that tab exactly as a person's click does (DevTools Extensions.triggerAction, allowed with
// --enable-unsafe-extension-debugging over Playwright's pipe), and scripting that popup, which
// Playwright does not list as a page (a DevTools session attached to its target).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';

const ARGS = [...CHROMIUM_ARGS, '--enable-unsafe-extension-debugging'];

/** Starts Chromium with a fresh profile; resolves once the extension's service worker runs. */
export async function launchWithExtension(extensionDir, { args = [] } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'mnmt-extension-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...ARGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, ...args],
  });
  const firstWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(firstWorker.url()).host;
  return {
    context,
    extensionId,
    browserSession: await context.browser().newBrowserCDPSession(),
    /** The extension's service worker as it runs now (Chrome stops and restarts it at will). */
    get serviceWorker() {
      return context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Runtime.evaluate and friends in a target, over a non-flattened session (Playwright's CDPSession
// cannot address a flattened child session).
async function attach(browserSession, targetId) {
  const { sessionId } = await browserSession.send('Target.attachToTarget', { targetId, flatten: false });
  const pending = new Map();
  let nextId = 1;
  const onMessage = (event) => {
    if (event.sessionId !== sessionId) return;
    const reply = JSON.parse(event.message);
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.error) waiter?.reject(new Error(reply.error.message));
    else waiter?.resolve(reply.result);
  };
  browserSession.on('Target.receivedMessageFromTarget', onMessage);
  const send = (method, params) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      browserSession.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  const evaluate = async (fn, arg) => {
    const expression = `(${fn})(${JSON.stringify(arg)})`;
    const { result, exceptionDetails } = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  };
  return {
    evaluate,
    /** Polls `fn(arg)` in the target until it returns something truthy; resolves to that. */
    async waitFor(fn, arg, { timeout = 60_000 } = {}) {
      for (const end = Date.now() + timeout; ; await sleep(50)) {
        const value = await evaluate(fn, arg);
        if (value) return value;
        if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${fn}`);
      }
    },
    async close() {
      await browserSession.send('Target.closeTarget', { targetId });
      browserSession.off('Target.receivedMessageFromTarget', onMessage);
    },
  };
}

/**
 * Clicks the extension's toolbar icon for `page` (its URL must be unique among the open tabs) and
 * resolves to its popup, ready: { evaluate(fn, arg), waitFor(fn, arg), close() }.
 */
export async function openPopup({ browserSession, extensionId }, page) {
  const targets = async (type) => (await browserSession.send('Target.getTargets', { filter: [{ type }] })).targetInfos;
  const popupUrl = `chrome-extension://${extensionId}/popup.html`;
  const tab = (await targets('tab')).find((t) => t.url === page.url());
  if (!tab) throw new Error(`no tab shows ${page.url()}`);
  const earlier = new Set((await targets('page')).map((t) => t.targetId));
  await browserSession.send('Extensions.triggerAction', { id: extensionId, targetId: tab.targetId });
  for (const end = Date.now() + 10_000; Date.now() < end; await sleep(50)) {
    const popup = (await targets('page')).find((t) => t.url === popupUrl && !earlier.has(t.targetId));
    if (!popup) continue;
    const session = await attach(browserSession, popup.targetId);
    await session.waitFor(() => document.querySelector('#translate-page:not([disabled])') !== null);
    return session;
  }
  throw new Error('the extension popup did not open');
}
