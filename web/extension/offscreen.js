// The offscreen document: owns one Translator (and so one module worker with the WebAssembly engine)
// per direction, created the first time that direction is asked for, from the model bundled in the
// extension. Answers the service worker's { target: 'offscreen' } messages and tells every extension
// page how loading goes ({ type: 'model-progress' } broadcasts, for the popup).
import { Translator, TranslatorError } from './lib/mobilenmt.js';
import { loadDirections } from './directions.js';

const translators = new Map(); // direction id -> Promise<Translator>
// A selection gets the translator page's beam search, so both read the same; a whole page stays
// greedy, about 2.6 times faster per sentence.
const BEAM_SIZE = { selection: 4, page: 1 };
const statuses = {}; // direction id -> { state, fraction, info?, error? }

function setStatus(direction, status) {
  statuses[direction] = status;
  chrome.runtime.sendMessage({ type: 'model-progress', direction, status }).catch(() => {}); // nobody listening is fine
}

async function createTranslator(id) {
  const entry = (await loadDirections()).find((d) => d.id === id);
  if (!entry) throw new TranslatorError('BAD_INPUT', `this extension has no ${id} model`);
  setStatus(id, { state: 'loading', fraction: 0 });
  const translator = await Translator.create({
    model: entry.file,
    sha256: entry.sha256,
    cache: false, // the model already sits in the extension; a Cache API copy would only double it
    onProgress: ({ fraction }) => setStatus(id, { state: 'loading', fraction }),
  });
  const { modelBytes, kernel, source } = translator.info;
  setStatus(id, { state: 'ready', fraction: 1, info: { modelBytes, kernel, source, test: entry.test } });
  return translator;
}

function translatorFor(id) {
  if (!translators.has(id)) {
    const created = createTranslator(id);
    translators.set(id, created);
    created.catch((err) => {
      translators.delete(id); // the next request tries again
      setStatus(id, { state: 'error', fraction: 0, error: { code: err.code, message: err.message } });
    });
  }
  return translators.get(id);
}

// One result per text, in order: { text }, or { refused } for a text the engine will not take
// (BAD_INPUT), which does not stop the others.
async function translate({ direction, texts, purpose }) {
  const translator = await translatorFor(direction);
  const results = [];
  for (const text of texts) {
    try {
      results.push({ text: (await translator.translate(text, { beamSize: BEAM_SIZE[purpose] ?? 1 })).text });
    } catch (err) {
      if (err.code !== 'BAD_INPUT') throw err;
      results.push({ refused: { code: err.code, message: err.message } });
    }
  }
  return { results };
}

function forgetBroken(direction, err) {
  if (err.code !== 'ENGINE') return;
  translators.get(direction)?.then((t) => t.dispose(), () => {});
  translators.delete(direction); // a crashed engine is replaced on the next request
}

const handlers = {
  translate: (message) => translate(message).catch((err) => {
    forgetBroken(message.direction, err);
    return { error: { code: err.code ?? 'ENGINE', message: err.message } };
  }),
  'model-status': async () => statuses,
};

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (message?.target !== 'offscreen' || sender.id !== chrome.runtime.id || !Object.hasOwn(handlers, message.type)) return false;
  handlers[message.type](message).then(reply);
  return true;
});
