// One shape for the views (screens) of every page, and a small router.
//
// A page describes its views in a registry:
//   const registry = {
//     'evaluation-list': { match: (address) => (address.parts[0] === 'evaluations' && !address.parts[1] ? {} : null),
//                          render: (ctx, params) => { … return cleanup; } },
//     …
//   };
// `match(address)` (optional) returns the view's parameters for an address (see `parseHash`),
// or null when the address is not this view's; views without `match` are only shown by name.
// `render(ctx, params)` draws the view; it may return (or resolve to) a cleanup function, or
// register cleanups with `ctx.onCleanup(fn)`; they run before the next view is shown.
//
// Exports:
// - `parseHash(hash = location.hash)` → `{path, parts, query}`: `#/evaluations/7?x=1` →
//   `{path: '/evaluations/7', parts: ['evaluations', '7'], query: URLSearchParams}`.
// - `createViews(registry)` → a router with
//   `resolve(address)` → `{name, view, params}` or null (the first view in registry order that matches),
//   `show(name, params, ctx)` → the render's promise; the view gets `ctx` plus `name`, `params`,
//   `isCurrent()` (false once another view was shown) and `onCleanup(fn)`,
//   `current()` → the name of the view on screen, and `clear()` (runs the cleanups).

export function parseHash(hash = location.hash) {
  const raw = String(hash ?? '').replace(/^#/, '') || '/';
  const [pathPart, queryPart = ''] = raw.split('?');
  const parts = pathPart.split('/').filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  return { path: pathPart, parts, query: new URLSearchParams(queryPart) };
}

export function createViews(registry) {
  let active = { name: null, token: 0, cleanups: [] };

  function clear() {
    for (const fn of active.cleanups.splice(0)) {
      try {
        fn();
      } catch {
        // a view's cleanup never stops the next view
      }
    }
  }

  function resolve(address) {
    for (const [name, view] of Object.entries(registry)) {
      if (typeof view.match !== 'function') continue;
      const params = view.match(address);
      if (params) return { name, view, params };
    }
    return null;
  }

  function show(name, params = {}, ctx = {}) {
    const view = registry[name];
    if (!view) throw new Error(`No view named ${name}`);
    clear();
    const token = active.token + 1;
    active = { name, token, cleanups: [] };
    const mine = active;
    const isCurrent = () => active === mine;
    const onCleanup = (fn) => {
      if (typeof fn !== 'function') return;
      if (isCurrent()) mine.cleanups.push(fn);
      else fn();
    };
    const result = view.render({ ...ctx, name, params, isCurrent, onCleanup }, params);
    return Promise.resolve(result).then((cleanup) => {
      onCleanup(cleanup);
      return cleanup;
    });
  }

  return { resolve, show, clear, current: () => active.name };
}
