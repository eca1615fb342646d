// Sentence splitting for translation: every piece keeps its surrounding whitespace, so that joining
// lead + translation + trail over all pieces preserves spaces and line breaks exactly.

const isSpace = (code) =>
  code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x85 || code === 0x3000 ||
  code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
  code === 0x202f || code === 0x205f || code === 0xfeff;

// Splits one segment into { lead, core, trail }; core is empty when the segment is all whitespace.
function piece(segment) {
  let start = 0;
  let end = segment.length;
  while (start < end && isSpace(segment.charCodeAt(start))) start++;
  while (end > start && isSpace(segment.charCodeAt(end - 1))) end--;
  return { lead: segment.slice(0, start), core: segment.slice(start, end), trail: segment.slice(end) };
}

// Fallback for engines without Intl.Segmenter: break after . ! ? … (plus closing quotes/brackets)
// followed by whitespace, and after every line break.
function* fallbackSegments(text) {
  const boundary = /[.!?\u2026\u3002\uff01\uff1f]+["'\u2019\u201d)\]]*\s+|\n/gu;
  let last = 0;
  for (const m of text.matchAll(boundary)) {
    const end = m.index + m[0].length;
    yield text.slice(last, end);
    last = end;
  }
  if (last < text.length) yield text.slice(last);
}

function* segments(text, locale) {
  if (typeof Intl === 'object' && typeof Intl.Segmenter === 'function') {
    for (const s of new Intl.Segmenter(locale, { granularity: 'sentence' }).segment(text)) yield s.segment;
  } else {
    yield* fallbackSegments(text);
  }
}

// [{ lead, core, trail }] in order; the concatenation of all three fields over all pieces is `text`.
export function splitSentences(text, locale = 'en') {
  const out = [];
  for (const s of segments(text, locale)) out.push(piece(s));
  return out;
}

// Splits an over-long sentence into two halves at the whitespace nearest the middle (or at the
// middle code point when it has none). Both halves are non-empty when sentence.length >= 2.
export function halve(sentence) {
  const mid = Math.floor(sentence.length / 2);
  for (let d = 0; d < mid; d++) {
    for (const i of [mid - d, mid + d]) {
      if (i > 0 && i < sentence.length && isSpace(sentence.charCodeAt(i))) {
        const { core: left } = piece(sentence.slice(0, i));
        const { core: right } = piece(sentence.slice(i));
        if (left && right) return [left, right];
      }
    }
  }
  let cut = mid;
  const code = sentence.charCodeAt(cut);
  if (code >= 0xdc00 && code <= 0xdfff) cut++; // never split a surrogate pair
  return [sentence.slice(0, cut), sentence.slice(cut)];
}
