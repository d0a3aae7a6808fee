// The console's own pieces of page, built on the shared DOM helpers (shared/dom.js): ids
// from definition paths, the toast, status badges, the page heading, issue slots, bars,
// loading and error blocks, notices, the words for a failed API call, and the tab's title.

import { announce, h, icon } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { phaseBadge } from '../shared/phase.js';

/** An element id made from a definition path such as `dimensions[1].questions[0].id`. */
export function idFor(path, suffix = '') {
  const base = String(path).replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `f-${base}${suffix ? `-${suffix}` : ''}`;
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

/** The evaluation's state in the one vocabulary of every page (shared/phase.js). */
export function statusBadge(evaluation) {
  return phaseBadge(evaluation);
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

/** One labelled control: `control` gets the id, the hint and the issue slot wired up. The
 * builder wraps the control (with `after` beside it) in `.field-control`; `bare` leaves it
 * unwrapped, as the evaluation form lays it out. */
export function field(path, label, control, { hint = null, className = '', after = null, required = false, bare = false } = {}) {
  const inputId = idFor(path);
  const slotId = idFor(path, 'issue');
  const hintId = hint ? idFor(path, 'hint') : null;
  control.id = inputId;
  control.setAttribute('aria-describedby', [hintId, slotId].filter(Boolean).join(' '));
  if (required) control.setAttribute('aria-required', 'true');
  return h(
    'div',
    { class: `field ${className}`.trim(), 'data-path': path },
    h('label', { class: 'field-label', for: inputId }, label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    bare ? control : h('div', { class: 'field-control' }, control, after),
    hint ? h('p', { class: 'field-hint', id: hintId }, hint) : null,
    issueSlot(slotId),
  );
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
