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
