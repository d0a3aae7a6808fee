// The attendee page's service worker, served at /e/service-worker.js with the scope /e/ (it
// controls attendee pages and nothing else). It keeps what the form needs on the device:
//
// - the page's assets, under their content-addressed URLs (/assets/<version>/…), stored when
//   the worker installs and answered from the device from then on (they never change);
// - each attendee page /e/{slug} it has seen (the questionnaire is delivered inside it),
//   answered from the device at once and refreshed from the network behind it, so a second
//   visit opens without waiting for the network and a visit with no network opens at all;
// - the public evaluation (GET /api/public/evaluations/{slug}): from the network, from the
//   device when there is none.
//
// Submissions are never touched: they go to the network as they are, and the page keeps an
// unsent answer on the device and sends it again (same id) when the connection is back.
//
// The server fills in MANIFEST when it starts (the asset version and the attendee page's
// files), so the worker's bytes change exactly when an asset does, and the browser installs
// the new worker then.

const MANIFEST = {"version":"","assets":[]};

const PREFIX = 'meeting-eval-attendee-';
const CACHE = PREFIX + MANIFEST.version;
const CURRENT_ASSETS = `/assets/${MANIFEST.version}/`;
const HASHED_ASSET = /^\/assets\/[0-9a-f]{16}\//;
const PAGE = /^\/e\/[a-z0-9]+\/?$/;
const EVALUATION = /^\/api\/public\/evaluations\/[a-z0-9]+$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(MANIFEST.assets))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await moveFromEarlierVersions();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const data = event.data;
  if (data?.type === 'keep-page' && typeof data.path === 'string' && PAGE.test(data.path)) {
    event.waitUntil(refreshPage(new URL(data.path, self.location.origin).href).catch(() => false));
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && PAGE.test(url.pathname)) {
    event.respondWith(page(event, url));
  } else if (HASHED_ASSET.test(url.pathname)) {
    event.respondWith(asset(request, url));
  } else if (EVALUATION.test(url.pathname)) {
    event.respondWith(evaluation(request, url));
  }
});

/** A page's key: its address without the query (`?venue=` only presets a picker). */
function pageKey(url) {
  return url.origin + url.pathname.replace(/\/$/, '');
}

/** From this version's cache first, then from an earlier version's (whose assets it names). */
async function stored(key) {
  const cache = await caches.open(CACHE);
  return (await cache.match(key, { ignoreVary: true })) ?? (await caches.match(key, { ignoreVary: true }));
}

/**
 * Stores a page that names this version's assets; a page that names others means the server
 * has moved on, so the worker looks for its own new version instead.
 */
async function keepPage(key, response) {
  const cache = await caches.open(CACHE);
  if (response.status === 404) {
    await cache.delete(key);
    return true;
  }
  if (response.status !== 200) return false;
  const text = await response.clone().text();
  if (!text.includes(CURRENT_ASSETS)) {
    self.registration.update().catch(() => {});
    return false;
  }
  await cache.put(key, response);
  return true;
}

async function refreshPage(address) {
  const url = new URL(address);
  const response = await fetch(url.href, { credentials: 'same-origin' });
  return keepPage(pageKey(url), response);
}

/** The device's copy at once (refreshed behind it), else the network. */
async function page(event, url) {
  const key = pageKey(url);
  const network = fetch(event.request);
  // Cloned before the page reads the body (this reaction is registered first).
  event.waitUntil(network.then((response) => keepPage(key, response.clone())).catch(() => false));
  const copy = await stored(key);
  return copy ?? network;
}

/** Content-addressed: a stored copy is always right. */
async function asset(request, url) {
  const copy = await stored(request);
  if (copy) return copy;
  const response = await fetch(request);
  if (response.ok && url.pathname.startsWith(CURRENT_ASSETS)) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

/** The network's answer (kept), the device's copy when there is no network. */
async function evaluation(request, url) {
  const key = url.origin + url.pathname;
  try {
    const response = await fetch(request);
    if (response.status === 200) {
      const cache = await caches.open(CACHE);
      await cache.put(key, response.clone());
    }
    return response;
  } catch (error) {
    const copy = await stored(key);
    if (copy) return copy;
    throw error;
  }
}

/**
 * After an update: the pages kept by an earlier version are fetched again for this one. An
 * earlier cache is deleted only once all its pages are here, so an update that happens with
 * no network loses nothing (its pages still find their assets there).
 */
async function moveFromEarlierVersions() {
  const names = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
  for (const name of names) {
    const earlier = await caches.open(name);
    let complete = true;
    for (const request of await earlier.keys()) {
      const url = new URL(request.url);
      if (!PAGE.test(url.pathname) && !EVALUATION.test(url.pathname)) continue;
      try {
        if (PAGE.test(url.pathname)) {
          if (!(await refreshPage(url.href))) complete = false;
        } else {
          const response = await fetch(url.href);
          if (response.status === 200) await (await caches.open(CACHE)).put(url.href, response);
        }
      } catch {
        complete = false;
      }
    }
    if (complete) await caches.delete(name);
  }
}
