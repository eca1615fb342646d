// Service worker: keeps the app shell (page, scripts, engine) available offline after the first
// visit. scripts/build-web.mjs prepends `VERSION` and `ASSETS`. Models (.mnmt, .sha256) are not
// touched here: the model loader keeps them in its own verified Cache API entry.
/* global VERSION, ASSETS */
const CACHE = `mobilenmt-app-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(ASSETS.map((a) => new Request(a, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('mobilenmt-app-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (/\.(mnmt|sha256)$/.test(url.pathname)) return; // the model loader's business
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(request, { ignoreSearch: true });
      if (hit) return hit;
      if (request.mode === 'navigate') {
        try {
          return await fetch(request);
        } catch {
          return (await cache.match('./index.html')) ?? Response.error();
        }
      }
      return fetch(request);
    })(),
  );
});
