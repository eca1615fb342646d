// Content script, part 3 of 5: translating the page in place and putting it back. Only the values of
// text nodes and of the attributes page-text.js picks change, so links, formatting and every element
// stay as they are; each one's original text is kept to restore it exactly.
var pageTranslation = {
  originals: new Map(), // Text or Attr node -> { original, translated }
  run: null, // { cancelled } of the translation under way
  status: { state: 'idle', done: 0, total: 0 },
};

function setPageStatus(changes) {
  pageTranslation.status = { ...pageTranslation.status, ...changes };
  announcePageStatus(pageTranslation.status);
  return pageTranslation.status;
}

function showOriginal() {
  if (pageTranslation.run) pageTranslation.run.cancelled = true;
  pageTranslation.run = null;
  for (const [node, { original, translated }] of pageTranslation.originals) {
    if (node.nodeValue === translated) node.nodeValue = original; // unless the page rewrote it since
  }
  pageTranslation.originals.clear();
  return setPageStatus({ state: 'idle', done: 0, total: 0, error: null, ms: null });
}

async function translateNodes(run, direction, nodes) {
  const started = performance.now();
  let done = 0;
  for (const batch of batchesOf(nodes)) {
    const sources = batch.map((node) => node.nodeValue);
    // Awaiting the answer yields to the page between batches, so it stays responsive.
    const answer = await requestTranslations(direction, sources);
    if (run.cancelled) return;
    if (answer?.error || !answer?.results) {
      setPageStatus({ state: 'error', error: answer?.error ?? 'The translation engine did not answer.' });
      return;
    }
    batch.forEach((node, i) => {
      const translated = answer.results[i].text;
      if (translated === undefined || node.nodeValue !== sources[i]) return; // refused, or changed meanwhile
      pageTranslation.originals.set(node, { original: sources[i], translated });
      node.nodeValue = translated;
    });
    done += batch.length;
    setPageStatus({ done, ms: Math.round(performance.now() - started) });
  }
  pageTranslation.run = null;
  setPageStatus({ state: 'translated' });
}

/** Starts translating the page (after putting back an earlier translation); resolves to the status. */
function translatePage(direction) {
  showOriginal();
  const nodes = pageTextToTranslate();
  const run = { cancelled: false };
  pageTranslation.run = run;
  const status = setPageStatus({ state: 'translating', direction, done: 0, total: nodes.length, ms: 0 });
  translateNodes(run, direction, nodes);
  return status;
}
