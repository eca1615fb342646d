// The service worker: the "Translate selection" menu item, and the router between the popup, the
// content script in the page and the engine in the offscreen document. It keeps no state that
// matters when Chrome stops it: the page state lives in the content script, the models offscreen.
import { chosenDirection, detectLanguage, directionFor, directionLabel, loadDirections } from './directions.js';
import { modelStatus, translateTexts } from './engine-host.js';
import { explain } from './plain-errors.js';
import { askTab } from './tab-scripts.js';

const MENU_ID = 'translate-selection';
const IDLE_PAGE = { state: 'idle', done: 0, total: 0 };

chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.create({ id: MENU_ID, title: 'Translate selection', contexts: ['selection'] });
});

// Marks the toolbar icon when the extension could not reach the page to say so there itself.
function flagProblem(tabId, err) {
  chrome.action.setBadgeText({ tabId, text: err ? '!' : '' });
  chrome.action.setTitle({ tabId, title: err ? explain(err) : chrome.runtime.getManifest().action.default_title });
}

chrome.contextMenus.onClicked.addListener(async (info, tab) => {
  if (info.menuItemId !== MENU_ID || tab?.id == null) return;
  const direction = await directionFor(await detectLanguage(info.selectionText));
  const message = {
    type: 'translate-selection', direction: direction.id, label: directionLabel(direction), targetLanguage: direction.target,
    text: info.selectionText ?? '',
  };
  const frameId = info.frameId ?? 0;
  try {
    // A frame from another site is out of the activeTab grant's reach; the page around it is not.
    await askTab(tab.id, message, { frameId }).catch((err) => (frameId ? askTab(tab.id, message) : Promise.reject(err)));
    flagProblem(tab.id, null);
  } catch (err) {
    flagProblem(tab.id, err);
  }
});

async function translate({ direction, texts, purpose }) {
  if (typeof direction !== 'string' || !Array.isArray(texts) || !texts.every((t) => typeof t === 'string')
      || !['selection', 'page'].includes(purpose)) {
    return { error: explain({ code: 'BAD_INPUT', message: 'expected a direction, a list of texts and a purpose' }) };
  }
  const answer = await translateTexts(direction, texts, purpose);
  if (answer.error) return { error: explain(answer.error) };
  return { results: answer.results.map((r) => (r.refused ? { refused: explain(r.refused) } : r)) };
}

async function commandPage({ tabId, command, direction }) {
  if (command === 'status') return (await askTab(tabId, { type: 'page-status' }, { inject: false }).catch(() => null)) ?? IDLE_PAGE;
  if (command === 'restore') return askTab(tabId, { type: 'show-original' });
  const bundled = (await loadDirections()).find((d) => d.id === direction) ?? (await chosenDirection());
  return askTab(tabId, { type: 'translate-page', direction: bundled.id });
}

// Every answer that can fail carries `error`: a sentence for the person, never a stack.
const handlers = {
  translate, // from the content script: { direction, texts, purpose } -> { results: [{ text } | { refused }] } | { error }
  'page-command': commandPage, // from the popup: { tabId, command: 'translate' | 'restore' | 'status', direction? } -> page status
  'model-status': modelStatus, // from the popup -> { [directionId]: status }
};

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (message?.target !== undefined || sender.id !== chrome.runtime.id || !Object.hasOwn(handlers, message.type)) return false;
  handlers[message.type](message).then(reply, (err) => reply({ error: explain(err) }));
  return true; // answers asynchronously
});
