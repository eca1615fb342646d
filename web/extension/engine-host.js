// The service worker's side of the engine: the offscreen document (offscreen.html) owns the
// translators, because a service worker cannot start a Web Worker and a content script would be
// subject to the page's CSP. This file creates that document on first use and forwards to it.
const OFFSCREEN_URL = 'offscreen.html';

let creating = null;

async function hasOffscreenDocument() {
  const contexts = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
  return contexts.length > 0;
}

async function ensureOffscreenDocument() {
  if (await hasOffscreenDocument()) return;
  creating ??= chrome.offscreen
    .createDocument({
      url: OFFSCREEN_URL,
      reasons: ['WORKERS'],
      justification: 'Runs the translation engine (WebAssembly in a module worker) on this device.',
    })
    .finally(() => (creating = null));
  await creating;
}

const askOffscreen = (message) => chrome.runtime.sendMessage({ target: 'offscreen', ...message });

/**
 * Translates each text for `purpose` ('selection' | 'page'); resolves to { results: [{ text } | { refused }] }
 * or { error }, errors as { code, message }.
 */
export async function translateTexts(direction, texts, purpose) {
  await ensureOffscreenDocument();
  return askOffscreen({ type: 'translate', direction, texts, purpose });
}

/** { [directionId]: { state: 'loading' | 'ready' | 'error', fraction, info?, error? } } for loaded ones. */
export async function modelStatus() {
  return (await hasOffscreenDocument()) ? askOffscreen({ type: 'model-status' }) : {};
}
