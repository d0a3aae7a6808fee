// Small DOM helpers for the evaluator pages: elements are built with properties and
// text nodes, never from HTML strings, so names and comments typed by attendees or
// organizers can never turn into markup.

import { applyStyle } from '../question-view.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(parent, child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const item of child) append(parent, item);
    return;
  }
  parent.append(child instanceof Node ? child : String(child));
}

function assign(element, attrs, svg) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') {
      element.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    } else if (key === 'text') {
      element.textContent = String(value);
    } else if (key === 'dataset') {
      for (const [name, data] of Object.entries(value)) {
        if (data !== null && data !== undefined) element.dataset[name] = String(data);
      }
    } else if (key === 'on') {
      for (const [name, handler] of Object.entries(value)) element.addEventListener(name, handler);
    } else if (key === 'style') {
      applyStyle(element, value);
    } else if (!svg && (key === 'value' || key === 'checked' || key === 'selected' || key === 'disabled')) {
      element[key] = value;
      if (key !== 'value' && value === true) element.setAttribute(key, '');
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

/** An HTML element: `h('a', {href, class}, 'text', child, [more])`. */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  assign(element, attrs, false);
  append(element, children);
  return element;
}

/** An SVG element. */
export function s(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  assign(element, attrs, true);
  append(element, children);
  return element;
}

/** Replaces every child of `parent`. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
  return parent;
}

let idCounter = 0;
/** A page-unique id with a readable prefix. */
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** A region that scrolls sideways when its table is wider than the screen; keyboard-scrollable. */
export function scrollRegion(label, table) {
  return h('div', { class: 'table-scroll', role: 'region', 'aria-label': label, tabindex: '0' }, table);
}

/** A decorative inline icon from the symbols in evaluate.html. */
export function icon(name, extra = '') {
  return s('svg', { class: `icon ${extra}`.trim(), 'aria-hidden': 'true', focusable: 'false' },
    s('use', { href: `#i-${name}` }));
}
