// DOM helpers of the console: the element builder shared with the attendee page, icons,
// ids from paths, the live region and small pieces (badges, fields, bars).

import { appendChildren, h } from '../question-view.js';
import { t } from './i18n.js';

export { appendChildren, h };

/** Replaces an element's children; null, false and undefined children are skipped, arrays flattened. */
export function fill(element, ...children) {
  element.replaceChildren();
  appendChildren(element, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

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
};

/** A decorative icon (hidden from assistive technology). */
export function icon(name, className = '') {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `icon icon-${name} ${className}`.trim());
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', ICONS[name] ?? ICONS.info);
  svg.append(path);
  return svg;
}

/** An element id made from a definition path such as `dimensions[1].questions[0].id`. */
export function idFor(path, suffix = '') {
  const base = String(path).replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `f-${base}${suffix ? `-${suffix}` : ''}`;
}

let announceTimer = null;

/** Says `message` through the page's polite live region. */
export function announce(message) {
  const live = document.getElementById('live');
  if (!live) return;
  live.textContent = '';
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => {
    live.textContent = message;
  }, 60);
}

/** A short message that appears at the bottom of the screen and is announced. */
export function toast(message, kind = 'ok') {
  const box = document.getElementById('toast');
  if (!box) return;
  box.replaceChildren(icon(kind === 'error' ? 'error' : 'check'), h('span', {}, message));
  box.className = `toast is-visible toast-${kind}`;
  announce(message);
  clearTimeout(box._timer);
  box._timer = setTimeout(() => {
    box.className = 'toast';
  }, 4200);
}

export function statusBadge(status) {
  return h('span', { class: `badge badge-${status}` }, h('span', { class: 'badge-dot', 'aria-hidden': 'true' }), t(`status.${status}`));
}

/** A page heading block: breadcrumb links, the title (focused on navigation), a lead and actions. */
export function pageHead({ crumbs = [], title, lead, actions = [], extra = null }) {
  return h(
    'div',
    { class: 'page-head' },
    crumbs.length
      ? h(
          'nav',
          { class: 'crumbs', 'aria-label': t('back') },
          h(
            'ol',
            {},
            crumbs.map((crumb) => h('li', {}, h('a', { href: crumb.href }, crumb.label))),
          ),
        )
      : null,
    h(
      'div',
      { class: 'page-head-row' },
      h(
        'div',
        { class: 'page-head-text' },
        h('h1', { class: 'page-title', tabindex: '-1' }, title),
        extra,
        lead ? h('p', { class: 'page-lead' }, lead) : null,
      ),
      actions.length ? h('div', { class: 'page-actions' }, actions) : null,
    ),
  );
}

/** The slot where a field's problem is written. */
export function issueSlot(id) {
  return h('p', { class: 'field-error issue-slot', id, 'aria-live': 'off' });
}

/** A horizontal bar: `value` of `max` (both numbers), with an accessible text. */
export function bar(value, max, label) {
  const fraction = max > 0 ? Math.max(0, Math.min(1, value / max)) : 0;
  const fill = h('span', { class: 'bar-fill' });
  fill.style.width = `${(fraction * 100).toFixed(1)}%`;
  return h('span', { class: 'bar', role: 'img', 'aria-label': label }, fill);
}

export function loadingBlock() {
  return h('div', { class: 'loading-block', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('loading'));
}

export function errorBlock(message, onRetry) {
  return h(
    'div',
    { class: 'notice notice-error', role: 'alert' },
    icon('error'),
    h('div', {}, h('p', {}, message), onRetry ? h('button', { type: 'button', class: 'btn btn-secondary btn-small', onclick: onRetry }, t('retry')) : null),
  );
}

export function notice(kind, message, ...more) {
  return h('div', { class: `notice notice-${kind}` }, icon(kind === 'error' ? 'error' : kind === 'warn' ? 'alert' : 'info'), h('div', {}, h('p', {}, message), more));
}

/** The message of a failed API call, in words for people. */
export function failureMessage(result) {
  if (!result) return t('networkError');
  if (result.status === 0) return t('networkError');
  if (result.status === 401) return t('sessionEnded');
  if (result.status === 403 && result.error?.code === 'csrf') return t('csrfFailed');
  if (result.status === 403) return t('forbidden');
  const issues = result.error?.issues ?? [];
  const base = result.error?.message || t('serverError', { status: result.status });
  if (issues.length === 0) return base;
  return `${base} ${issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ')}`;
}

/** The browser tab's title for a view. */
export function setTitle(text) {
  document.title = text ? `${text} · ${t('appName')} · MeetingEval` : `${t('appName')} · MeetingEval`;
}
