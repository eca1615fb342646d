// The benchmark sentences: N lines of each test set, evenly spaced over the file (the files are in
// document or alphabetical order), among the lines that the JS API's own splitter sees as one
// sentence, so that every system translates exactly the same units. Plus, for issue 5, a paragraph
// of 100 newstest sentences. The data stay in DATA; only the selected lines are written to OUT.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitSentences } from '../web/src/segment.js';

export const SETS = [
  { id: 'newstest2014', name: 'newstest2014 en→de', source: 'wmt-news-de-en/newstest2014.en', reference: 'wmt-news-de-en/newstest2014.de' },
  { id: 'tatoeba', name: 'Tatoeba test v2021-08-07 en→de', source: 'tatoeba-test-deu-eng/tatoeba-test-v2021-08-07.eng', reference: 'tatoeba-test-deu-eng/tatoeba-test-v2021-08-07.deu' },
];
const PARAGRAPH_SENTENCES = 100;

const lines = (path) => readFileSync(path, 'utf8').split('\n').map((l) => l.replace(/\r$/, ''));
const sentenceCount = (text) => splitSentences(text, 'en').filter((p) => p.core).length;
const evenlySpaced = (items, n) => Array.from({ length: Math.min(n, items.length) }, (_, i) => items[Math.floor((i * items.length) / Math.min(n, items.length))]);

function candidates(set, data) {
  const source = lines(join(data, set.source));
  const reference = lines(join(data, set.reference));
  return source
    .map((text, i) => ({ text: text.trim(), reference: (reference[i] ?? '').trim() }))
    .filter((pair) => pair.text && pair.reference && sentenceCount(pair.text) === 1);
}

// Writes OUT/<set>.en and OUT/<set>.de for each set and OUT/paragraph.en; returns what was written.
export function writeInputs({ data, n, out }) {
  mkdirSync(out, { recursive: true });
  const sets = SETS.map((set) => {
    const pairs = candidates(set, data);
    const chosen = evenlySpaced(pairs, n);
    const files = { source: join(out, `${set.id}.en`), reference: join(out, `${set.id}.de`) };
    writeFileSync(files.source, chosen.map((p) => `${p.text}\n`).join(''));
    writeFileSync(files.reference, chosen.map((p) => `${p.reference}\n`).join(''));
    return { ...set, ...files, count: chosen.length, eligible: pairs.length, pairs };
  });
  const ended = sets[0].pairs.filter((p) => /[.!?]["'”’)]*$/.test(p.text));
  const paragraph = evenlySpaced(ended, PARAGRAPH_SENTENCES).map((p) => p.text).join(' ');
  if (sentenceCount(paragraph) !== PARAGRAPH_SENTENCES) throw new Error(`inputs: the paragraph splits into ${sentenceCount(paragraph)} sentences, not ${PARAGRAPH_SENTENCES}`);
  writeFileSync(join(out, 'paragraph.en'), paragraph);
  return { sets: sets.map(({ pairs, ...set }) => set), paragraph: { file: join(out, 'paragraph.en'), sentences: PARAGRAPH_SENTENCES } };
}
