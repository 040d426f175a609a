/* global self, caches */
/*
 * The patrol pages' service worker (ADR 017), registered by those pages with scope /patrol: the
 * shell of /patrol* (page documents and their React Router .data) network first, kept for when
 * there is no signal; the hashed build assets cache first. Nothing else is touched: the API,
 * uploads and every non-GET go to the network as they are. Same origin, so the pages' CSP
 * (script-src 'self') allows it.
 */
const CACHE = 'sd-patrol-v1';

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith('sd-patrol-') && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

const isShell = (url) => url.pathname === '/patrol' || url.pathname.startsWith('/patrol/') || url.pathname.startsWith('/patrol.data');
const isAsset = (url) => url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg';
const keep = (res) => res.ok && res.type === 'basic' && !res.redirected;

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (keep(res)) await cache.put(request, res.clone());
    return res;
  } catch (err) {
    const hit = (await cache.match(request, { ignoreVary: true })) ?? (await cache.match(request, { ignoreSearch: true, ignoreVary: true }));
    if (hit) return hit;
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (keep(res)) await cache.put(request, res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (isAsset(url)) event.respondWith(cacheFirst(request));
  else if (isShell(url) && (request.mode === 'navigate' || url.pathname.endsWith('.data'))) event.respondWith(networkFirst(request));
});

/* A page loaded before this worker controlled it sends what it loaded (its address and assets). */
self.addEventListener('message', (event) => {
  const urls = event.data && event.data.type === 'cache' && Array.isArray(event.data.urls) ? event.data.urls : [];
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      for (const href of urls) {
        const url = new URL(href, self.location.origin);
        if (url.origin !== self.location.origin || !(isShell(url) || isAsset(url))) continue;
        if (isAsset(url) && (await cache.match(url))) continue;
        try {
          const res = await fetch(url, { credentials: 'same-origin' });
          if (keep(res)) await cache.put(url, res);
        } catch {
          /* no signal now: the next visit fills it */
        }
      }
    })(),
  );
});
