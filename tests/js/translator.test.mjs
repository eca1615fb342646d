// The JS API (web/src/mobilenmt.js) end to end under Node: worker, model download with progress and
// SHA-256 check, sentence splitting with whitespace kept, beam width per call, error codes, cancellation.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Translator } from '../../web/src/mobilenmt.js';
import { serve } from '../../scripts/serve.mjs';
import { engineUrl, testModelPath, fixtureLines } from './helpers.mjs';

const engine = engineUrl();
const model = readFileSync(testModelPath());
const digest = createHash('sha256').update(model).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'mnmt-api-'));
writeFileSync(join(dir, 'en-de.mnmt'), model);
writeFileSync(join(dir, 'en-de.mnmt.sha256'), `${digest}  en-de.mnmt\n`);
writeFileSync(join(dir, 'nosum.mnmt'), model);
writeFileSync(join(dir, 'bad.mnmt'), model.subarray(0, 5000));
const server = await serve({ root: dir, port: 0 });
const base = `http://127.0.0.1:${server.address().port}/`;

const progress = [];
const tr = await Translator.create({ model: `${base}en-de.mnmt`, engine, onProgress: (p) => progress.push(p) });
after(() => {
  tr.dispose();
  server.close();
});

const rejects = (promise, code) =>
  assert.rejects(promise, (err) => {
    assert.ok(err instanceof Error, 'an Error');
    assert.equal(err.code, code, err.message);
    return true;
  });

test('loads over HTTP with progress to 100% and the digest from <model>.sha256', () => {
  assert.equal(tr.info.languages, 'en-de');
  assert.equal(tr.info.sha256, digest);
  assert.equal(tr.info.modelBytes, model.length);
  assert.equal(tr.info.source, 'network'); // Node has no Cache API: memory only
  const downloads = progress.filter((p) => p.phase === 'download');
  assert.ok(downloads.length > 0);
  assert.equal(downloads.at(-1).total, model.length);
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i].fraction >= progress[i - 1].fraction);
  assert.deepEqual(progress.at(-1), { phase: 'ready', loaded: model.length, total: model.length, fraction: 1 });
});

test('translates sentence by sentence, keeping whitespace and line breaks', async () => {
  const [a, b, c] = fixtureLines();
  const one = async (s) => (await tr.translate(s)).text;
  const [ta, tb, tc] = [await one(a), await one(b), await one(c)];
  assert.ok(ta.length > 0);
  const text = `  ${a}  ${b}\n\n${c}\n`;
  const calls = [];
  const result = await tr.translate(text, { onSentence: (...args) => calls.push(args) });
  assert.equal(result.text, `  ${ta}  ${tb}\n\n${tc}\n`);
  assert.deepEqual(result.sentences.map((s) => [s.source, s.text]), [[a, ta], [b, tb], [c, tc]]);
  assert.ok(result.sentences.every((s) => s.ms >= 0));
  // onSentence: each sentence once, in order, with the translation so far (its trailing whitespace
  // depends on how the platform's segmenter groups line breaks).
  assert.deepEqual(
    calls.map(([sentence, done, total, textSoFar]) => [sentence, done, total, textSoFar.trimEnd()]),
    [
      [result.sentences[0], 1, 3, `  ${ta}`],
      [result.sentences[1], 2, 3, `  ${ta}  ${tb}`],
      [result.sentences[2], 3, 3, result.text.trimEnd()],
    ],
  );
  assert.ok(calls.every(([, , , textSoFar]) => result.text.startsWith(textSoFar)));
});

test('empty and blank input', async () => {
  assert.deepEqual(await tr.translate(''), { text: '', sentences: [] });
  assert.deepEqual(await tr.translate(' \n\t\n'), { text: ' \n\t\n', sentences: [] });
});

test('BAD_INPUT: not a string, unpaired surrogates, over the length limit (1 MB)', async () => {
  await rejects(tr.translate(42), 'BAD_INPUT');
  await rejects(tr.translate('abc \ud800 def'), 'BAD_INPUT');
  await rejects(tr.translate('Hello world. '.repeat(80_000)), 'BAD_INPUT'); // 1,040,000 characters
  assert.ok((await tr.translate('Still working.')).text.length > 0);
});

test('an over-long sentence is split rather than rejected', async () => {
  const long = 'one two three four five six seven eight nine ten '.repeat(40).trim(); // ~400+ tokens, no period
  const result = await tr.translate(long);
  assert.equal(result.sentences.length, 1);
  assert.ok(result.text.length > 0);
});

test('cancel mid-paragraph stops at the next sentence; the translator stays usable', async () => {
  const lines = fixtureLines();
  const paragraph = lines.join(' ');
  const reference = await tr.translate(paragraph);
  const before = (await tr.stats()).sentences;
  const controller = new AbortController();
  let seen = 0;
  await rejects(
    tr.translate(paragraph, { signal: controller.signal, onSentence: (_, done) => (seen = done) === 2 && controller.abort() }),
    'ABORTED',
  );
  const after = (await tr.stats()).sentences;
  assert.equal(seen, 2);
  assert.ok(after - before <= 3, `worked on ${after - before} of ${lines.length} sentences after the abort`);
  const again = await tr.translate(paragraph);
  assert.equal(again.text, reference.text);
  assert.deepEqual(again.sentences.map((s) => s.text), reference.sentences.map((s) => s.text));
  await rejects(tr.translate('Hello.', { signal: AbortSignal.abort() }), 'ABORTED');
});

test('a model passed as bytes, with the digest optional', async () => {
  const t = await Translator.create({ model: new Uint8Array(model), engine });
  try {
    assert.equal(t.info.source, 'memory');
    assert.equal((await t.translate('Hello world.')).text, (await tr.translate('Hello world.')).text);
  } finally {
    t.dispose();
  }
  const t2 = await Translator.create({ model: `${base}nosum.mnmt`, engine }); // no .sha256 file
  assert.equal(t2.info.sha256, digest);
  t2.dispose();
});

test('beamSize per call: the same text as a translator created with that width, then back to greedy', async () => {
  const beam4 = await Translator.create({ model: new Uint8Array(model), engine, beamSize: 4 });
  try {
    const text = fixtureLines().slice(0, 4).join(' ');
    const greedy = (await tr.translate(text)).text;
    const wide = (await beam4.translate(text)).text;
    assert.notEqual(wide, greedy, 'the test model reads differently under beam 4');
    assert.equal((await tr.translate(text, { beamSize: 4 })).text, wide);
    assert.equal((await tr.translate(text)).text, greedy, 'the default width is back');
    assert.equal((await beam4.translate(text, { beamSize: 1 })).text, greedy);
  } finally {
    beam4.dispose();
  }
  for (const beamSize of [0, 65, 2.5, '4']) await rejects(tr.translate('Hello.', { beamSize }), 'BAD_INPUT');
  await rejects(Translator.create({ model: new Uint8Array(model), engine, beamSize: 0 }), 'BAD_INPUT');
});

test('one translator per direction: en-de and de-en side by side, each with its own worker', async () => {
  const deEn = await Translator.create({ model: new Uint8Array(readFileSync(testModelPath('de-en'))), engine });
  try {
    assert.equal(deEn.info.languages, 'de-en');
    const german = fixtureLines('de').slice(0, 4);
    const [together, english] = await Promise.all([deEn.translate(german.join(' ')), tr.translate('Hello world.')]);
    assert.deepEqual(together.sentences.map((s) => s.source), german);
    for (const [i, line] of german.entries()) assert.equal((await deEn.translate(line)).text, together.sentences[i].text);
    assert.equal(english.text, (await tr.translate('Hello world.')).text, 'the other direction is unaffected');
  } finally {
    deEn.dispose();
  }
});

test('MODEL_FETCH, MODEL_INVALID, ABORTED on create', async () => {
  await rejects(Translator.create({ model: `${base}missing.mnmt`, engine }), 'MODEL_FETCH');
  await rejects(Translator.create({ model: 'http://127.0.0.1:9/nothing.mnmt', engine }), 'MODEL_FETCH');
  await rejects(Translator.create({ model: `${base}bad.mnmt`, engine }), 'MODEL_INVALID');
  await rejects(Translator.create({ model: `${base}en-de.mnmt`, sha256: '0'.repeat(64), engine }), 'MODEL_INVALID');
  await rejects(Translator.create({ model: new Uint8Array(100), engine }), 'MODEL_INVALID');
  await rejects(Translator.create({ model: new Uint8Array(model), sha256: 'f'.repeat(64), engine }), 'MODEL_INVALID');
  await rejects(Translator.create({ model: `${base}en-de.mnmt`, engine, signal: AbortSignal.abort() }), 'ABORTED');
  await rejects(Translator.create({}), 'BAD_INPUT');
});

test('dispose rejects pending work with ABORTED and later calls too', async () => {
  const t = await Translator.create({ model: new Uint8Array(model), engine });
  const pending = t.translate(fixtureLines().join(' '));
  t.dispose();
  await rejects(pending, 'ABORTED');
  await rejects(t.translate('Hello.'), 'ABORTED');
  t.dispose(); // idempotent
});
