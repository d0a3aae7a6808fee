// Building the DOM: elements are made with properties and text nodes, never from HTML
// strings, so texts typed by attendees or organizers can never turn into markup.
//
// Exports:
// - `h(tag, attrs, ...children)` an HTML element, `s(tag, attrs, ...children)` an SVG element.
//   attrs: `class` (a string or an array, falsy entries dropped), `style` (`{name: value}` or
//   declarations, set through the CSSOM, which the Content-Security-Policy allows), `dataset`,
//   `text`, `on: {event: handler}` or `onevent: handler`, `value`/`checked`/`selected`/`disabled`
//   (set as properties too); `true` writes an empty attribute; null, undefined and false are
//   left out. Children: nodes, strings, numbers and arrays of them; null, undefined and false
//   are skipped.
// - `fill(element, ...children)` replaces an element's children; `appendChildren(element, children)`.
// - `applyStyle(element, style)`.
// - `icon(name, className)` a decorative icon (hidden from assistive technology), `ICON_NAMES`.
// - `uid(prefix)` a page-unique id.
// - `announce(message)` says a message through the page's polite live region (#live, or #status).
// - `languageButtons(codes, current, onChoose, {className = 'lang-button'})` the buttons of a
//   language switch (中文 / English):
//   one per language code, named in its own language, the current one pressed, `data-lang`
//   naming each; a click calls `onChoose(code)`.

import { languageName, languageTag } from './i18n.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const PROPERTIES = new Set(['value', 'checked', 'selected', 'disabled']);

export function applyStyle(element, value) {
  if (typeof value === 'object') {
    for (const [name, css] of Object.entries(value)) element.style.setProperty(name, String(css));
    return;
  }
  for (const declaration of String(value).split(';')) {
    const colon = declaration.indexOf(':');
    if (colon > 0) element.style.setProperty(declaration.slice(0, colon).trim(), declaration.slice(colon + 1).trim());
  }
}

export function appendChildren(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendChildren(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

function assign(element, attrs, svg) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') {
      element.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : String(value));
    } else if (name === 'style') {
      applyStyle(element, value);
    } else if (name === 'text') {
      element.textContent = String(value);
    } else if (name === 'dataset') {
      for (const [key, data] of Object.entries(value)) {
        if (data !== null && data !== undefined) element.dataset[key] = String(data);
      }
    } else if (name === 'on') {
      for (const [event, handler] of Object.entries(value)) element.addEventListener(event, handler);
    } else if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (!svg && PROPERTIES.has(name)) {
      element.setAttribute(name, value === true ? '' : String(value));
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
}

export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  assign(element, attrs, false);
  appendChildren(element, children);
  return element;
}

export function s(tag, attrs, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  assign(element, attrs, true);
  appendChildren(element, children);
  return element;
}

export function fill(element, ...children) {
  element.replaceChildren();
  appendChildren(element, children);
  return element;
}

const ICONS = {
  plus: 'M19 13h-6v6h-2v-6H5v-2h6V5h2v6h6z',
  trash: 'M6 19a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2V7H6zM19 4h-3.5l-1-1h-5l-1 1H5v2h14z',
  up: 'M7.4 15.4 12 10.8l4.6 4.6L18 14l-6-6-6 6z',
  down: 'M7.4 8.6 12 13.2l4.6-4.6L18 10l-6 6-6-6z',
  download: 'M12 3a1 1 0 0 1 1 1v9.6l3.3-3.3 1.4 1.4-5.7 5.7-5.7-5.7 1.4-1.4 3.3 3.3V4a1 1 0 0 1 1-1zM5 19h14v2H5z',
  copy: 'M16 1H4a2 2 0 0 0-2 2v14h2V3h12zm3 4H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2zm0 16H8V7h11z',
  print: 'M19 8H5a3 3 0 0 0-3 3v6h4v4h12v-4h4v-6a3 3 0 0 0-3-3zm-3 11H8v-5h8zm3-7a1 1 0 1 1 0-2 1 1 0 0 1 0 2zm-1-9H6v4h12z',
  external: 'M19 19H5V5h7V3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2v-7h-2zM14 3v2h3.6l-9.8 9.8 1.4 1.4L19 6.4V10h2V3z',
  check: 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z',
  error: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm1 15h-2v-2h2zm0-4h-2V7h2z',
  alert: 'M1 21h22L12 2zm12-3h-2v-2h2zm0-4h-2v-4h2z',
  info: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm1 15h-2v-6h2zm0-8h-2V7h2z',
  back: 'M20 11H7.8l5.6-5.6L12 4l-8 8 8 8 1.4-1.4L7.8 13H20z',
  play: 'M8 5v14l11-7z',
  stop: 'M6 6h12v12H6z',
  doc: 'M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8zm2 16H8v-2h8zm0-4H8v-2h8zm-3-5V3.5L18.5 9z',
  chart: 'M5 9.2h3V19H5zM10.6 5h2.8v14h-2.8zm5.6 8H19v6h-2.8z',
  qr: 'M3 11h8V3H3zm2-6h4v4H5zM3 21h8v-8H3zm2-6h4v4H5zM13 3v8h8V3zm6 6h-4V5h4zm0 10h2v2h-2zm-6-6h2v2h-2zm2 2h2v2h-2zm-2 2h2v2h-2zm2 2h2v2h-2zm2-2h2v2h-2zm0-4h2v2h-2zm2 2h2v2h-2z',
  settings: 'M19.4 13a7.5 7.5 0 0 0 0-2l2.1-1.6-2-3.5-2.5 1a7.3 7.3 0 0 0-1.7-1L15 3h-4l-.4 2.9a7.3 7.3 0 0 0-1.7 1l-2.5-1-2 3.5L6.5 11a7.5 7.5 0 0 0 0 2l-2.1 1.6 2 3.5 2.5-1c.5.4 1.1.7 1.7 1L11 21h4l.4-2.9c.6-.3 1.2-.6 1.7-1l2.5 1 2-3.5zM13 15.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7z',
  clipboard: 'M19 3h-4.2A3 3 0 0 0 12 1a3 3 0 0 0-2.8 2H5a2 2 0 0 0-2 2v15a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2zm-7 0a1 1 0 1 1 0 2 1 1 0 0 1 0-2zm-2 14-4-4 1.4-1.4 2.6 2.6 6.6-6.6L18 9z',
  edit: 'M3 17.2V21h3.8l11-11-3.8-3.8zM20.7 7a1 1 0 0 0 0-1.4l-2.3-2.3a1 1 0 0 0-1.4 0l-1.8 1.8 3.8 3.8z',
  clock: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16zm.5-13H11v6l5.2 3.2.8-1.3-4.5-2.7z',
  lock: 'M18 8h-1V6a5 5 0 0 0-10 0v2H6a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V10a2 2 0 0 0-2-2zM9 6a3 3 0 0 1 6 0v2H9zm9 14H6V10h12z',
  link: 'M3.9 12a3.1 3.1 0 0 1 3.1-3.1h4V7H7a5 5 0 0 0 0 10h4v-1.9H7A3.1 3.1 0 0 1 3.9 12zM8 13h8v-2H8zm9-6h-4v1.9h4a3.1 3.1 0 0 1 0 6.2h-4V17h4a5 5 0 0 0 0-10z',
  wifi: 'M1 9l2 2c5-5 13-5 18 0l2-2C16.9 2.9 7.1 2.9 1 9zm8 8 3 3 3-3a4.2 4.2 0 0 0-6 0zm-4-4 2 2a7 7 0 0 1 10 0l2-2a9.9 9.9 0 0 0-14 0z',
  refresh: 'M12 4a8 8 0 0 1 7.4 5H17a1 1 0 1 0 0 2h4.5a1 1 0 0 0 1-1V5.5a1 1 0 1 0-2 0v1.8A10 10 0 1 0 22 13a1 1 0 1 0-2-.2A8 8 0 1 1 12 4z',
  filter: 'M3 5a1 1 0 0 1 1-1h16a1 1 0 0 1 .8 1.6L15 13.3V19a1 1 0 0 1-.55.9l-4 2A1 1 0 0 1 9 21v-7.7L3.2 5.6A1 1 0 0 1 3 5z',
  undo: 'M9.7 4.3a1 1 0 0 1 0 1.4L7.4 8H14a7 7 0 0 1 0 14h-3a1 1 0 1 1 0-2h3a5 5 0 0 0 0-10H7.4l2.3 2.3a1 1 0 1 1-1.4 1.4l-4-4a1 1 0 0 1 0-1.4l4-4a1 1 0 0 1 1.4 0z',
  block: 'M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zm5.6 4.97L6.97 17.6A8 8 0 0 0 17.6 6.97zM12 4a8 8 0 0 0-6.44 12.73L16.73 5.56A7.96 7.96 0 0 0 12 4z',
  list: 'M4 5.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zM9 6h11a1 1 0 1 1 0 2H9a1 1 0 0 1 0-2zm-5 4.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zM9 11h11a1 1 0 1 1 0 2H9a1 1 0 1 1 0-2zm-5 4.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zM9 16h11a1 1 0 1 1 0 2H9a1 1 0 1 1 0-2z',
};

export const ICON_NAMES = Object.keys(ICONS);

/** A decorative icon drawn from one path; classes `icon icon-NAME` and `className`. */
export function icon(name, className = '') {
  return s(
    'svg',
    { viewBox: '0 0 24 24', 'aria-hidden': 'true', focusable: 'false', class: `icon icon-${name} ${className}`.trim() },
    s('path', { d: ICONS[name] ?? ICONS.info }),
  );
}

let idCounter = 0;
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

let announceTimer = 0;
export function announce(message) {
  const live = document.getElementById('live') ?? document.getElementById('status');
  if (!live) return;
  live.textContent = '';
  clearTimeout(announceTimer);
  // A fresh text node a moment later is announced even when the same message comes twice.
  announceTimer = setTimeout(() => {
    live.textContent = message;
  }, 50);
}

export function languageButtons(codes, current, onChoose, { className = 'lang-button' } = {}) {
  return codes.map((code) =>
    h(
      'button',
      {
        type: 'button',
        class: className,
        lang: languageTag(code),
        'aria-pressed': String(code === current),
        'data-lang': code,
        onclick: () => onChoose(code),
      },
      languageName(code),
    ),
  );
}
