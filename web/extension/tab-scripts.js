// Talking to the content script in a tab, injecting it first when asked and it is not there yet.
// Injection needs the activeTab grant that opening the popup or the context menu gives.
const CONTENT_SCRIPTS = [
  'content/messaging.js',
  'content/page-text.js',
  'content/page-translation.js',
  'content/bubble.js',
  'content/main.js',
];

const injecting = new Map(); // "tabId/frameId" -> Promise, so two quick clicks inject once

async function ensureContentScript(tabId, frameId) {
  const present = await chrome.tabs.sendMessage(tabId, { type: 'ping' }, { frameId }).catch(() => false);
  if (present) return;
  const key = `${tabId}/${frameId}`;
  if (!injecting.has(key)) {
    const injection = chrome.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: CONTENT_SCRIPTS });
    injecting.set(key, injection.finally(() => injecting.delete(key)));
  }
  await injecting.get(key);
}

/** Sends `message` to the content script of a tab's frame; injects it first unless `inject` is false. */
export async function askTab(tabId, message, { frameId = 0, inject = true } = {}) {
  if (inject) await ensureContentScript(tabId, frameId);
  return chrome.tabs.sendMessage(tabId, message, { frameId });
}
