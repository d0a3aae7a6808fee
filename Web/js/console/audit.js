// The audit log (administrators): who did what and when, newest first, 50 at a time with
// "older"; filtered by one entity id (an evaluation, an account, a response…).

import { t } from '../shared/i18n.js';
import { formatDateTime, formatNumber } from '../shared/format.js';
import { announce, fill, h, icon } from '../shared/dom.js';
import { api } from './api.js';
import { errorBlock, failureMessage, loadingBlock, pageHead, setTitle } from './dom.js';

const PAGE = 50;

/** The action's name for people, else the action code itself. */
function actionName(action) {
  const key = `audit.action.${action}`;
  const text = t(key);
  return text === key ? action : text;
}

function detailText(detail) {
  if (detail === null || detail === undefined || detail === '') return '';
  let value = detail;
  if (typeof detail === 'string') {
    try {
      value = JSON.parse(detail);
    } catch {
      return detail;
    }
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).map(([key, item]) => `${key}: ${typeof item === 'object' ? JSON.stringify(item) : item}`).join(' · ');
  }
  return String(value);
}

function eventRow(event) {
  const entityHref = `#/audit?entity=${encodeURIComponent(event.entityId ?? '')}`;
  return h(
    'tr',
    { 'data-event': String(event.id), 'data-action': event.action },
    h('td', { 'data-label': t('audit.colAt'), class: 'nowrap' }, h('time', { datetime: event.at }, formatDateTime(event.at))),
    h('td', { 'data-label': t('audit.colActor') }, event.actor),
    h('th', { scope: 'row', class: 'cell-main', 'data-label': t('audit.colAction') }, h('span', { class: 'row-title' }, actionName(event.action)), h('span', { class: 'row-sub mono' }, event.action)),
    h(
      'td',
      { 'data-label': t('audit.colEntity') },
      h(
        'div',
        { class: 'entity-cell' },
        h('span', { class: 'row-sub' }, event.entityType ?? ''),
        event.entityId ? h('a', { href: entityHref, class: 'mono break entity-link', title: t('audit.filterBy') }, event.entityId) : null,
      ),
    ),
    h('td', { 'data-label': t('audit.colDetail'), class: 'detail-cell break' }, detailText(event.detail) || h('span', { class: 'muted' }, '—')),
  );
}

export async function render(main, { entity = '' } = {}) {
  setTitle(t('audit.title'));
  const filterInput = h('input', { type: 'search', id: 'audit-entity', autocomplete: 'off', spellcheck: 'false', placeholder: t('audit.entityPlaceholder'), 'aria-describedby': 'audit-entity-hint' });
  filterInput.value = entity;
  const filter = h(
    'form',
    { class: 'card audit-filter', id: 'audit-filter', role: 'search' },
    h(
      'div',
      { class: 'field grow' },
      h('label', { class: 'field-label', for: 'audit-entity' }, t('audit.entity')),
      filterInput,
      h('p', { class: 'field-hint', id: 'audit-entity-hint' }, t('audit.entityHint')),
    ),
    h(
      'div',
      { class: 'audit-filter-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'audit-apply' }, t('audit.apply')),
      entity ? h('a', { class: 'btn btn-ghost', href: '#/audit', id: 'audit-clear' }, t('audit.clear')) : null,
    ),
  );
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = filterInput.value.trim();
    location.hash = value ? `#/audit?entity=${encodeURIComponent(value)}` : '#/audit';
  });
  const head = pageHead({ title: t('audit.title'), lead: t('audit.lead') });
  const body = h('div', { class: 'view-body' }, loadingBlock());
  fill(main, head, filter, body);

  const tbody = h('tbody', {});
  const count = h('p', { class: 'result-count', id: 'audit-count', role: 'status' });
  const more = h('button', { type: 'button', class: 'btn btn-secondary', id: 'audit-older' }, icon('down'), t('audit.older'));
  let next = null;
  let shown = 0;

  const load = async (before) => {
    more.disabled = true;
    const result = await api.audit({ limit: PAGE, before, entity });
    more.disabled = false;
    if (!result.ok) return result;
    const events = result.data?.events ?? [];
    const first = tbody.children.length;
    for (const event of events) tbody.append(eventRow(event));
    shown += events.length;
    next = result.data?.next ?? null;
    more.hidden = next === null || next === undefined;
    count.textContent = entity ? t('audit.countFor', { n: formatNumber(shown), entity }) : t('audit.count', { n: formatNumber(shown) });
    return { ok: true, first, added: events.length };
  };

  main.setAttribute('aria-busy', 'true');
  const result = await load(null);
  main.setAttribute('aria-busy', 'false');
  if (!result.ok) {
    fill(body, errorBlock(t('loadFailed', { message: failureMessage(result) }), () => render(main, { entity })));
    return;
  }
  more.addEventListener('click', async () => {
    const page = await load(next);
    if (!page.ok) {
      count.textContent = t('loadFailed', { message: failureMessage(page) });
      return;
    }
    announce(t('audit.loadedMore', { n: page.added }));
    const row = tbody.children[page.first];
    const target = row?.querySelector('th');
    if (target) {
      target.setAttribute('tabindex', '-1');
      target.focus();
    }
  });
  fill(
    body,
    h(
      'section',
      { class: 'card table-card', 'aria-labelledby': 'audit-list-title' },
      h('div', { class: 'table-card-head' }, h('h2', { class: 'section-title', id: 'audit-list-title' }, t('audit.events')), count),
      shown
        ? h(
            'table',
            { class: 'data-table audit-table', id: 'audit-table' },
            h('caption', { class: 'sr-only' }, t('audit.events')),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, t('audit.colAt')),
                h('th', { scope: 'col' }, t('audit.colActor')),
                h('th', { scope: 'col' }, t('audit.colAction')),
                h('th', { scope: 'col' }, t('audit.colEntity')),
                h('th', { scope: 'col' }, t('audit.colDetail')),
              ),
            ),
            tbody,
          )
        : h('p', { class: 'muted empty-line', id: 'audit-empty' }, entity ? t('audit.noneFor', { entity }) : t('audit.none')),
      h('div', { class: 'more-row' }, more),
    ),
  );
}
