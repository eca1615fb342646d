// The toolbar popup: direction choice, model status, and "Translate page" / "Show original" for the
// tab it was opened on, with the progress the content script reports while it works.
import { chooseDirection, detectLanguage, directionFor, directionLabel, loadDirections } from './directions.js';
import { explain } from './plain-errors.js';

const $ = (id) => document.getElementById(id);
const ui = {
  direction: $('direction'), pageLanguage: $('page-language'), modelStatus: $('model-status'), testModel: $('test-model'), translatePage: $('translate-page'),
  showOriginal: $('show-original'), progress: $('page-progress'), pageStatus: $('page-status'), error: $('error'),
};
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

let tabId = null;
let direction = null; // the entry of models/manifest.json shown: the chosen one, or the one from the page's language
const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

function showError(text) {
  ui.error.textContent = text ?? '';
  ui.error.hidden = !text;
}

function showModelStatus(status) {
  ui.testModel.hidden = !direction.test;
  if (!status) {
    ui.modelStatus.textContent = `The ${mb(direction.bytes)} model comes with the extension; it loads the first time you translate.`;
  } else if (status.state === 'loading') {
    ui.modelStatus.textContent = `Loading the model… ${Math.round(status.fraction * 100)}%`;
  } else if (status.state === 'ready') {
    ui.modelStatus.textContent = `Model ready (${mb(status.info.modelBytes)}, engine kernel ${status.info.kernel}).`;
  } else {
    ui.modelStatus.textContent = explain(status.error);
  }
}

function showPageStatus({ state, done, total, ms, error }) {
  document.body.dataset.page = state;
  ui.progress.hidden = state === 'idle';
  ui.progress.value = total ? Math.round((100 * done) / total) : state === 'translated' ? 100 : 0;
  ui.pageStatus.textContent = {
    idle: '',
    translating: `Translating… ${done} of ${total} passages`,
    translated: total ? `Translated ${total} passages in ${seconds(ms)}.` : 'There is no text to translate on this page.',
    error: `Stopped after ${done} of ${total} passages.`,
  }[state];
  showError(state === 'error' ? error : null);
  ui.translatePage.disabled = tabId == null || state === 'translating';
  ui.showOriginal.disabled = tabId == null || state === 'idle';
}

async function commandPage(command) {
  showError(null);
  const answer = await chrome.runtime.sendMessage({ type: 'page-command', command, tabId, direction: direction.id });
  if (answer?.error && !answer.state) showError(answer.error);
  else showPageStatus(answer);
}

async function refreshModelStatus() {
  const statuses = await chrome.runtime.sendMessage({ type: 'model-status' });
  showModelStatus(statuses?.[direction.id]);
}

chrome.runtime.onMessage.addListener((message, sender) => {
  if (message?.type === 'page-progress' && sender.tab?.id === tabId && sender.frameId === 0) showPageStatus(message.status);
  if (message?.type === 'model-progress' && message.direction === direction?.id) showModelStatus(message.status);
  return false;
});

// The language of the tab's page, read on this device: a sample of its text and its lang attribute.
// Null where the extension may not script the page (the browser's own pages, the web store).
async function pageLanguage() {
  if (tabId == null) return null;
  const [injection] = await chrome.scripting.executeScript({
    target: { tabId },
    func: () => ({ declared: document.documentElement.lang, sample: (document.body?.innerText ?? '').slice(0, 5000) }),
  }).catch(() => []);
  return injection?.result ? detectLanguage(injection.result.sample, injection.result.declared) : null;
}

async function main() {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  tabId = tab?.id ?? null;
  const directions = await loadDirections();
  const language = await pageLanguage();
  direction = await directionFor(language);
  const showPageLanguage = () => { ui.pageLanguage.hidden = language !== direction.source; };
  ui.pageLanguage.textContent = language ? `This page is in ${languageNames.of(language)}.` : '';
  showPageLanguage();
  for (const d of directions) ui.direction.add(new Option(directionLabel(d), d.id, false, d.id === direction.id));
  ui.direction.disabled = directions.length < 2;
  ui.direction.addEventListener('change', async () => {
    direction = directions.find((d) => d.id === ui.direction.value);
    showPageLanguage();
    await chooseDirection(direction.id);
    await refreshModelStatus();
  });
  ui.translatePage.addEventListener('click', () => commandPage('translate'));
  ui.showOriginal.addEventListener('click', () => commandPage('restore'));
  await Promise.all([refreshModelStatus(), commandPage('status')]);
}

main();
