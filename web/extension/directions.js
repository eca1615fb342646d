// The translation directions this build bundles (models/manifest.json, written by
// scripts/build-extension.mjs) and the one the person chose (chrome.storage.local).
const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

let directions = null;

/** [{ id, source, target, file, bytes, sha256, test }], in the order of the build's list. */
export async function loadDirections() {
  directions ??= fetch(chrome.runtime.getURL('models/manifest.json')).then((res) => res.json());
  return directions;
}

export const directionLabel = ({ source, target }) => `${languageNames.of(source)} → ${languageNames.of(target)}`;

/** The chosen direction's entry; the first bundled one until the person picks another. */
export async function chosenDirection() {
  const [all, { direction }] = await Promise.all([loadDirections(), chrome.storage.local.get('direction')]);
  return all.find((d) => d.id === direction) ?? all[0];
}

export const chooseDirection = (id) => chrome.storage.local.set({ direction: id });

/** The primary language subtag ("de" of "de-CH") of what the browser's own detector (CLD, on this
 * device) finds in `text` when it is sure, else of `declared` (a page's lang attribute), else null. */
export async function detectLanguage(text, declared = '') {
  const found = text ? await chrome.i18n.detectLanguage(text).catch(() => null) : null;
  const primary = ((found?.isReliable && found.languages[0]?.language) || declared).toLowerCase().split(/[-_]/)[0];
  return /^[a-z]{2,3}$/.test(primary) && primary !== 'und' ? primary : null;
}

/** The direction for text in `language`: the chosen one, unless the text is in another language
 * that a bundled direction translates from. */
export async function directionFor(language) {
  const [all, chosen] = await Promise.all([loadDirections(), chosenDirection()]);
  if (!language || language === chosen.source) return chosen;
  return all.find((d) => d.source === language) ?? chosen;
}
