// Sentence splitting keeps every character: lead + core + trail over all pieces is the input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitSentences, halve } from '../../web/src/segment.js';

const join = (pieces) => pieces.map((p) => p.lead + p.core + p.trail).join('');
const cores = (text) => splitSentences(text).map((p) => p.core).filter(Boolean);

test('splits sentences and keeps whitespace and line breaks', () => {
  const text = '  Hello world.  How are you?\nFine, thanks!\n\n\tThe end';
  assert.deepEqual(cores(text), ['Hello world.', 'How are you?', 'Fine, thanks!', 'The end']);
  assert.equal(join(splitSentences(text)), text);
});

test('round-trips awkward inputs', () => {
  for (const text of ['', ' ', '\n\n', 'no punctuation', 'a.b.c', 'Dr. Smith went home. He slept.',
    'Emoji 😀 here. ¿Qué? «Bien.»', 'x\r\ny\r\n', 'Trailing spaces.   ', '\u00a0Non-breaking.\u00a0']) {
    assert.equal(join(splitSentences(text)), text, JSON.stringify(text));
    for (const p of splitSentences(text)) assert.equal(p.core, p.core.trim(), JSON.stringify(p));
  }
});

test('whitespace-only pieces have an empty core', () => {
  assert.deepEqual(cores('\n \n'), []);
});

test('halve splits at the whitespace nearest the middle', () => {
  assert.deepEqual(halve('one two three four'), ['one two', 'three four']);
  assert.deepEqual(halve('abcdef'), ['abc', 'def']);
  const [l, r] = halve('😀😀😀'); // never between the halves of a surrogate pair
  assert.ok(l.isWellFormed() && r.isWellFormed() && l + r === '😀😀😀');
});
