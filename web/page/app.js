// The translator page: loads the model for the chosen direction the first time it is chosen (with a
// progress bar) and keeps it, translates as the user types (debounced; a newer request cancels the
// older one; a long text's translation shows as it grows), and works offline after the first visit (sw.js for the page, the model loader's Cache
// API entry for each model). The chosen direction is remembered on this device (or given as #en-de).
import { Translator } from './lib/mobilenmt.js';

const $ = (id) => document.getElementById(id);
const ui = {
  direction: $('direction'), swap: $('swap'), progress: $('progress'), progressLabel: $('progress-label'), notice: $('notice'),
  error: $('error'), source: $('source'), sourceLabel: $('source-label'), target: $('target'),
  targetLabel: $('target-label'), copy: $('copy'), timing: $('timing'), offline: $('offline'), about: $('about'),
};
const LANGUAGES = { en: 'English', de: 'German', fr: 'French', es: 'Spanish', it: 'Italian', nl: 'Dutch' };
const DEBOUNCE_MS = 250;
// A translation that takes longer than this is shown as it grows, with a count of sentences done;
// a shorter one replaces the previous output at once, so typing does not make the output flicker.
const GROW_AFTER_MS = 400;
// Beam search: 0.9–1.8 BLEU above greedy on every test set (models/MODEL_CARD.md) for about twice
// the time per sentence, which stays in tens of milliseconds for what one types or pastes.
const BEAM_SIZE = 4;
const CHOSEN_KEY = 'mobilenmt.direction';
const name = (code) => LANGUAGES[code] ?? code;

let manifest = [];
const translators = new Map(); // direction id -> Promise<Translator>, from its first use on
let current = null; // the chosen manifest entry
let translator = null; // its translator, once loaded
let controller = null; // aborts the running translation when a newer one starts
let timer = 0;

function setError(message) {
  ui.error.textContent = message ?? '';
  ui.error.hidden = !message;
}

function explain(err) {
  const detail = err?.message ?? String(err);
  switch (err?.code) {
    case 'MODEL_FETCH': return `The translation model could not be downloaded. Check the connection and reload the page. (${detail})`;
    case 'MODEL_INVALID': return `The translation model is damaged or does not fit this version. Reload the page to fetch it again. (${detail})`;
    case 'BAD_INPUT': return `This text cannot be translated: ${detail}`;
    default: return `The translator stopped working: ${detail}. Reload the page to start it again.`;
  }
}

const mb = (n) => (n / 1e6).toFixed(1);
function showProgress({ phase, loaded, total, fraction }) {
  const percent = Math.round(fraction * 100);
  ui.progress.value = percent;
  if (phase === 'download') {
    ui.progressLabel.textContent = total
      ? `Downloading the translation model… ${percent}% (${mb(loaded)} of ${mb(total)} MB)`
      : `Downloading the translation model… ${mb(loaded)} MB`;
  } else if (phase === 'verify') {
    ui.progressLabel.textContent = 'Checking the model…';
  } else {
    ui.progressLabel.textContent = 'Ready';
  }
}

const reverseOf = (entry) => manifest.find((m) => m.source === entry.target && m.target === entry.source);

function translatorFor(entry) {
  if (!translators.has(entry.id)) {
    const onProgress = (p) => current === entry && showProgress(p);
    const created = Translator.create({ model: entry.file, sha256: entry.sha256, beamSize: BEAM_SIZE, onProgress });
    created.catch(() => translators.delete(entry.id)); // choosing it again tries again
    translators.set(entry.id, created);
  }
  return translators.get(entry.id);
}

async function choose(entry) {
  controller?.abort();
  current = entry;
  translator = null;
  ui.direction.value = entry.id;
  try {
    localStorage.setItem(CHOSEN_KEY, entry.id);
  } catch {} // storage off: the choice lasts this visit
  document.body.dataset.state = 'loading';
  setError(null);
  ui.progress.value = 0;
  ui.progressLabel.textContent = 'Preparing the translator…';
  ui.sourceLabel.textContent = name(entry.source);
  ui.targetLabel.textContent = name(entry.target);
  ui.source.lang = entry.source;
  ui.target.lang = entry.target;
  ui.target.textContent = '';
  ui.timing.textContent = '';
  ui.copy.disabled = true;
  ui.swap.hidden = !reverseOf(entry);
  ui.notice.hidden = !entry.test;
  ui.notice.textContent = entry.test
    ? 'This build bundles a random-weight test model: translations are real engine output but gibberish.'
    : '';
  try {
    const t = await translatorFor(entry);
    if (current !== entry) return; // the user switched meanwhile; this one stays loaded for later
    translator = t;
    showProgress({ phase: 'ready', fraction: 1 });
    document.body.dataset.state = 'ready';
    ui.about.textContent = `Model ${entry.id} (${mb(t.info.modelBytes)} MB, ${t.info.source === 'cache' ? 'from this device' : 'downloaded'}), ` +
      `engine kernel ${t.info.kernel}, beam search ${BEAM_SIZE}. Everything runs in this tab.`;
    if (ui.source.value.trim()) translateNow();
  } catch (err) {
    if (current !== entry) return;
    document.body.dataset.state = 'error';
    setError(explain(err));
  }
}

// The other way round: the translation becomes the text to translate.
function swap() {
  const reverse = reverseOf(current);
  if (!reverse) return;
  const output = ui.target.textContent;
  if (output.trim()) ui.source.value = output;
  choose(reverse);
  ui.source.focus();
}

function initialDirection() {
  const wanted = [location.hash.slice(1)];
  try {
    wanted.push(localStorage.getItem(CHOSEN_KEY));
  } catch {}
  return wanted.map((id) => manifest.find((m) => m.id === id)).find(Boolean) ?? manifest[0];
}

async function translateNow() {
  clearTimeout(timer);
  controller?.abort();
  if (!translator) return;
  const text = ui.source.value;
  if (!text.trim()) {
    ui.target.textContent = '';
    ui.timing.textContent = '';
    ui.copy.disabled = true;
    return;
  }
  const current = (controller = new AbortController());
  document.body.dataset.busy = 'true';
  const started = performance.now();
  let frame = 0;
  const onSentence = (_, done, total, textSoFar) => {
    if (performance.now() - started < GROW_AFTER_MS || done === total) return;
    cancelAnimationFrame(frame); // at most one repaint per frame, however fast sentences come
    frame = requestAnimationFrame(() => {
      if (controller !== current) return;
      ui.target.setAttribute('aria-busy', 'true'); // screen readers wait for the whole translation
      ui.target.textContent = textSoFar;
      ui.timing.textContent = `Translating… ${done} of ${total} sentences`;
    });
  };
  try {
    const result = await translator.translate(text, { signal: current.signal, onSentence });
    cancelAnimationFrame(frame);
    const ms = Math.round(performance.now() - started);
    ui.target.textContent = result.text;
    ui.copy.disabled = !result.text;
    const n = result.sentences.length;
    ui.timing.textContent = `Translated ${n} sentence${n === 1 ? '' : 's'} in ${ms} ms`;
    setError(null);
  } catch (err) {
    if (err?.code === 'ABORTED') return;
    cancelAnimationFrame(frame);
    ui.timing.textContent = '';
    setError(explain(err));
  } finally {
    if (controller === current) {
      document.body.dataset.busy = 'false';
      ui.target.removeAttribute('aria-busy');
    }
  }
}

function schedule() {
  clearTimeout(timer);
  controller?.abort(); // the text changed: the running translation is stale
  timer = setTimeout(translateNow, DEBOUNCE_MS);
}

async function copyOutput() {
  const text = ui.target.textContent;
  try {
    await navigator.clipboard.writeText(text);
    ui.copy.textContent = 'Copied';
  } catch {
    const range = document.createRange(); // no clipboard permission: select it for Ctrl+C
    range.selectNodeContents(ui.target);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    ui.copy.textContent = 'Selected — press Ctrl+C';
  }
  setTimeout(() => (ui.copy.textContent = 'Copy'), 2000);
}

async function main() {
  ui.source.addEventListener('input', schedule);
  ui.source.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      translateNow();
    }
  });
  ui.copy.addEventListener('click', copyOutput);
  ui.direction.addEventListener('change', () => choose(manifest.find((m) => m.id === ui.direction.value)));
  ui.swap.addEventListener('click', swap);
  addEventListener('hashchange', () => {
    const entry = manifest.find((m) => m.id === location.hash.slice(1));
    if (entry && entry !== current) choose(entry);
  });

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('./sw.js').catch(() => {}); // offline support is a bonus
    navigator.serviceWorker.ready.then(() => (ui.offline.hidden = false));
  }
  try {
    const res = await fetch('models/manifest.json');
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    manifest = await res.json();
  } catch (err) {
    document.body.dataset.state = 'error';
    return setError(`The list of models could not be loaded (${err.message}). Check the connection and reload.`);
  }
  for (const m of manifest) ui.direction.add(new Option(`${name(m.source)} → ${name(m.target)}`, m.id));
  ui.direction.disabled = manifest.length < 2;
  await choose(initialDirection());
}

main();
