// Content script, part 3 of 5: translating the page in place and putting it back. Only the values of
// text nodes and of the attributes page-text.js picks change, so links, formatting and every element
// stay as they are; each one's original text is kept to restore it exactly.
var pageTranslation = {
  originals: new Map(), // Text or Attr node -> { original, translated }
  run: null, // the translation of this page, from "Translate page" until "Show original"
  status: { state: 'idle', done: 0, total: 0 },
};

function setPageStatus(changes) {
  pageTranslation.status = { ...pageTranslation.status, ...changes };
  announcePageStatus(pageTranslation.status);
  return pageTranslation.status;
}

function showOriginal() {
  const run = pageTranslation.run;
  if (run) {
    run.cancelled = true;
    run.observer.disconnect();
  }
  pageTranslation.run = null;
  for (const [node, { original, translated }] of pageTranslation.originals) {
    if (node.nodeValue === translated) node.nodeValue = original; // unless the page rewrote it since
  }
  pageTranslation.originals.clear();
  return setPageStatus({ state: 'idle', done: 0, total: 0, error: null, ms: null });
}

// Translates the run's queue a batch at a time until it is empty; nodes may join the queue meanwhile.
async function drainQueue(run) {
  if (run.draining) return;
  run.draining = true;
  while (run.queue.length) {
    const batch = takeBatch(run.queue);
    const sources = batch.map((node) => node.nodeValue);
    // Awaiting the answer yields to the page between batches, so it stays responsive.
    const answer = await requestTranslations(run.direction, sources, 'page');
    if (run.cancelled) return;
    if (answer?.error || !answer?.results) {
      run.observer.disconnect();
      run.draining = false;
      setPageStatus({ state: 'error', error: answer?.error ?? 'The translation engine did not answer.' });
      return;
    }
    batch.forEach((node, i) => {
      const translated = answer.results[i].text;
      if (translated === undefined || node.nodeValue !== sources[i]) return; // refused, or changed meanwhile
      pageTranslation.originals.set(node, { original: sources[i], translated });
      node.nodeValue = translated;
    });
    run.done += batch.length;
    setPageStatus({ done: run.done, ms: Math.round(performance.now() - run.started) });
  }
  run.draining = false;
  setPageStatus({ state: 'translated' });
}

// Text the page adds while it is translated (new comments, a feed that grows) joins the queue. Our
// own changes are to nodeValue (character data and attribute values), which this does not watch.
function watchForNewText(run) {
  run.observer = new MutationObserver((records) => {
    // A node the page moved, or one that two records name, is not queued again.
    const added = [...new Set(addedPageText(records.flatMap((record) => [...record.addedNodes])))]
      .filter((node) => !pageTranslation.originals.has(node) && !run.queue.includes(node));
    if (!added.length || run.cancelled) return;
    run.queue.push(...added);
    setPageStatus({ state: 'translating', total: pageTranslation.status.total + added.length });
    drainQueue(run);
  });
  run.observer.observe(document.body ?? document.documentElement, { childList: true, subtree: true });
}

/** Starts translating the page (after putting back an earlier translation); resolves to the status. */
function translatePage(direction) {
  showOriginal();
  const run = { direction, queue: pageTextToTranslate(), done: 0, started: performance.now(), cancelled: false, draining: false };
  pageTranslation.run = run;
  watchForNewText(run);
  const status = setPageStatus({ state: 'translating', direction, done: 0, total: run.queue.length, ms: 0 });
  drainQueue(run);
  return status;
}
