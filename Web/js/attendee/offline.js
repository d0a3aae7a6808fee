// Working without a network: the page registers its service worker (`/e/service-worker.js`,
// scope `/e/`), which keeps the attendee page, its assets and the questionnaire delivered with
// it, so that the form opens again with no network; and it tells the page when the
// connection is back, so that an answer queued on the device is sent then.

const WORKER_URL = '/e/service-worker.js';
const WORKER_SCOPE = '/e/';

/** True when the browser knows it has no network (a send would fail at once). */
export function isOffline() {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/**
 * True when a service worker answered this page: it may have come from the device's copy,
 * so the evaluation's state is checked again with the server.
 */
export function servedByWorker() {
  return Boolean(globalThis.navigator?.serviceWorker?.controller);
}

/** Calls `listener` each time the browser comes back online. */
export function onBackOnline(listener) {
  globalThis.addEventListener?.('online', () => listener());
}

function afterLoad(fn) {
  if (document.readyState === 'complete') setTimeout(fn, 0);
  else globalThis.addEventListener('load', () => setTimeout(fn, 0), { once: true });
}

/**
 * Registers the service worker once the page has loaded (so it never competes with the first
 * paint) and, on the first visit, asks it to keep this page: the worker starts controlling
 * pages only from their next load. Without service workers (an old browser, a page that is
 * not under /e/) this does nothing: the page works as before, online.
 */
export function keepForOffline() {
  const container = globalThis.navigator?.serviceWorker;
  if (!container || !location.pathname.startsWith(WORKER_SCOPE)) return;
  afterLoad(async () => {
    try {
      const firstVisit = !container.controller;
      await container.register(WORKER_URL, { scope: WORKER_SCOPE });
      const registration = await container.ready;
      if (firstVisit) registration.active?.postMessage({ type: 'keep-page', path: location.pathname });
    } catch {
      // Registration refused (private mode, storage off): the page still works online.
    }
  });
}
