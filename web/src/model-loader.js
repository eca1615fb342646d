// Gets the model bytes for the worker: from the Cache API when a verified copy is there, otherwise
// from the network with progress; always checked against the expected SHA-256 before use. Falls
// back to memory only when the Cache API is missing or throws (private windows, insecure origins).
import { TranslatorError } from './errors.js';
import { sha256Hex } from './sha256.js';

export const CACHE_NAME = 'mobilenmt-models-v1';
const DIGEST_HEADER = 'x-mobilenmt-sha256';

const fetchError = (message, cause) => new TranslatorError('MODEL_FETCH', message, { cause });

// The digest from `<model>.sha256` ("<hex>" or sha256sum's "<hex>  <name>"), or null when absent or
// unreachable (offline: the cached copy's own digest is used then).
async function fetchDigest(url, signal) {
  try {
    const res = await fetch(`${url}.sha256`, { cache: 'no-cache', credentials: 'same-origin', signal });
    if (!res.ok) return null;
    const m = /^\s*([0-9a-f]{64})\b/i.exec(await res.text());
    return m ? m[1].toLowerCase() : null;
  } catch (err) {
    if (signal?.aborted) throw err;
    return null;
  }
}

async function openCache() {
  try {
    return globalThis.caches ? await globalThis.caches.open(CACHE_NAME) : null;
  } catch {
    return null; // e.g. SecurityError in private browsing
  }
}

// Streams the body, reporting { loaded, total } (total 0 when unknown).
async function download(url, signal, onProgress) {
  let res;
  try {
    res = await fetch(url, { credentials: 'same-origin', signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw fetchError(`cannot download the model from ${url}: ${err.message}`, err);
  }
  if (!res.ok) throw fetchError(`cannot download the model from ${url}: HTTP ${res.status} ${res.statusText}`.trim());
  const encoded = (res.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const total = encoded ? 0 : Number(res.headers.get('content-length')) || 0;
  if (!res.body) {
    const bytes = new Uint8Array(await res.arrayBuffer());
    onProgress(bytes.length, bytes.length);
    return bytes;
  }
  let buf = new Uint8Array(total || 1 << 20);
  let loaded = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (loaded + value.length > buf.length) {
        const grown = new Uint8Array(Math.max(buf.length * 2, loaded + value.length));
        grown.set(buf.subarray(0, loaded));
        buf = grown;
      }
      buf.set(value, loaded);
      loaded += value.length;
      onProgress(loaded, total);
    }
  } catch (err) {
    if (signal?.aborted) throw err;
    throw fetchError(`the model download from ${url} was interrupted after ${loaded} bytes: ${err.message}`, err);
  }
  if (total && loaded !== total) throw fetchError(`the model download from ${url} ended at ${loaded} of ${total} bytes`);
  return loaded === buf.length ? buf : buf.slice(0, loaded);
}

// Model bytes handed over by the caller: checked only when an expected digest is given.
export async function checkBytes(bytes, sha256 = null) {
  const digest = sha256 ? await sha256Hex(bytes) : null;
  if (sha256 && digest !== sha256.toLowerCase()) {
    throw new TranslatorError('MODEL_INVALID', `the model bytes do not match their SHA-256 (expected ${sha256}, got ${digest})`);
  }
  return { bytes, sha256: digest, source: 'memory' };
}

// Returns { bytes, sha256, source: 'cache' | 'network' }. onProgress({ phase, loaded, total }).
export async function loadModel({ url, sha256 = null, useCache = true, signal, onProgress = () => {} }) {
  const expected = sha256 ? sha256.toLowerCase() : await fetchDigest(url, signal);
  const cache = useCache ? await openCache() : null;
  if (cache) {
    try {
      const hit = await cache.match(url);
      if (hit) {
        const bytes = new Uint8Array(await hit.arrayBuffer());
        onProgress({ phase: 'verify', loaded: bytes.length, total: bytes.length });
        const digest = await sha256Hex(bytes);
        if (digest === (expected ?? hit.headers.get(DIGEST_HEADER))) return { bytes, sha256: digest, source: 'cache' };
        await cache.delete(url); // stale or corrupted: download again
      }
    } catch (err) {
      if (signal?.aborted) throw err;
    }
  }
  const bytes = await download(url, signal, (loaded, total) => onProgress({ phase: 'download', loaded, total }));
  onProgress({ phase: 'verify', loaded: bytes.length, total: bytes.length });
  const digest = await sha256Hex(bytes);
  if (expected && digest !== expected) {
    throw new TranslatorError('MODEL_INVALID', `the model from ${url} does not match its SHA-256 (expected ${expected}, got ${digest})`);
  }
  if (cache) {
    const headers = { 'content-type': 'application/octet-stream', [DIGEST_HEADER]: digest };
    await cache.put(url, new Response(bytes, { headers })).catch(() => {}); // quota: memory only
  }
  return { bytes, sha256: digest, source: 'network' };
}
