// #/evaluations: every evaluation with its meeting date, questionnaire, state and responses;
// a title opens the scorecard, a questionnaire opens the comparison over time.

import { fill, h } from '../shared/dom.js';
import { listEvaluations, listQuestionnaires, listOrganizations, paths } from './api.js';
import { addMessages } from '../shared/i18n.js';

addMessages({
  zh: { 'yearly.title': '年度会议情况', 'yearly.link': '{organization} {year}年' },
  en: { 'yearly.title': "The year's meetings", 'yearly.link': '{organization}, {year}' },
});

/** Links to the printable yearly report of each organization and year the list holds, newest first. */
function yearlyLinks(ctx, evaluations, organizations) {
  const { t, lang } = ctx;
  const names = new Map(organizations.map((o) => [o.id, localized(o.name, lang) || o.id]));
  const pairs = new Map();
  for (const e of evaluations) {
    if (e.status === 'draft' || !/^\d{4}-/.test(e.meetingDate ?? '')) continue;
    const year = e.meetingDate.slice(0, 4);
    pairs.set(`${e.organization}|${year}`, { organization: e.organization ?? 'default', year });
  }
  const items = [...pairs.values()].sort((a, b) => b.year.localeCompare(a.year) || a.organization.localeCompare(b.organization));
  if (!items.length) return null;
  return h('nav', { class: 'yearly-links', 'aria-label': t('yearly.title') },
    h('h2', { class: 'toc-title' }, t('yearly.title')),
    h('ul', {}, items.map((item) => h('li', {}, h('a', {
      href: paths.yearly(item.organization, item.year, lang), target: '_blank', rel: 'noopener',
      dataset: { organization: item.organization, year: item.year },
    }, t('yearly.link', { organization: names.get(item.organization) ?? item.organization, year: item.year }))))));
}
import { integer, localized, meetingTypeLabel, percent, statusBadge } from './common.js';
import { phaseName, phaseOf } from '../shared/phase.js';

const PHASE_ORDER = ['open', 'scheduled', 'draft', 'closed'];

const SORTS = {
  date: (a, b) => (a.meetingDate < b.meetingDate ? -1 : a.meetingDate > b.meetingDate ? 1 : (a.createdAt ?? '').localeCompare(b.createdAt ?? '')),
  title: (a, b) => a.title.localeCompare(b.title, 'zh-CN'),
  status: (a, b) => PHASE_ORDER.indexOf(phaseOf(a)) - PHASE_ORDER.indexOf(phaseOf(b)),
  responses: (a, b) => (a.counts?.responses ?? 0) - (b.counts?.responses ?? 0),
};

export async function renderList(ctx) {
  const { t, lang } = ctx;
  const [evaluations, questionnaires, organizations] = await Promise.all([
    listEvaluations(),
    listQuestionnaires({ fresh: true }).catch(() => []),
    listOrganizations().catch(() => []),
  ]);
  if (!ctx.isCurrent()) return;
  ctx.setTitle(t('nav.evaluations'));

  const titles = new Map(questionnaires.map((q) => [q.id, localized(q.title, lang)]));
  const questionnaireTitle = (id) => titles.get(id) || id;
  const view = { query: '', status: '', questionnaire: '', sort: 'date', descending: true };

  const openCount = evaluations.filter((e) => phaseOf(e) === 'open').length;
  const total = evaluations.reduce((sum, e) => sum + (e.counts?.responses ?? 0), 0);

  const head = h('header', { class: 'page-head page-head-plain' },
    h('h1', { class: 'page-title' }, t('list.title')),
    h('p', { class: 'lead' }, t('list.lead')),
    h('ul', { class: 'stat-strip', 'aria-label': t('list.summary') },
      h('li', {}, h('strong', {}, integer(evaluations.length, lang)), ' ', t('list.evaluations')),
      h('li', {}, h('strong', {}, integer(openCount, lang)), ' ', t('list.collecting')),
      h('li', {}, h('strong', {}, integer(total, lang)), ' ', t('list.responses'))),
    yearlyLinks(ctx, evaluations, organizations));

  if (!evaluations.length) {
    fill(ctx.root, head, h('section', { class: 'panel empty' },
      h('h2', {}, t('list.emptyTitle')),
      h('p', {}, t('list.emptyBody')),
      h('p', {}, h('a', { href: '/console' }, t('list.toConsole')))));
    return;
  }

  const search = h('input', {
    id: 'list-search', type: 'search', autocomplete: 'off', placeholder: t('list.searchPlaceholder'),
  });
  const statusSelect = h('select', { id: 'list-status' },
    h('option', { value: '' }, t('list.allStatuses')),
    PHASE_ORDER.map((s) => h('option', { value: s }, phaseName(s))));
  const usedQuestionnaires = [...new Set(evaluations.map((e) => e.questionnaire.id))];
  const questionnaireSelect = h('select', { id: 'list-questionnaire' },
    h('option', { value: '' }, t('list.allQuestionnaires')),
    usedQuestionnaires.map((id) => h('option', { value: id }, questionnaireTitle(id))));
  const resultCount = h('p', { class: 'result-count', id: 'list-count' });

  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': t('list.filters'), on: { submit: (e) => e.preventDefault() } },
    h('div', { class: 'field grow' }, h('label', { for: 'list-search' }, t('list.search')), search),
    h('div', { class: 'field' }, h('label', { for: 'list-status' }, t('status')), statusSelect),
    h('div', { class: 'field' }, h('label', { for: 'list-questionnaire' }, t('questionnaire')), questionnaireSelect));

  const columns = [
    { key: 'title', label: t('list.meeting'), sortable: true },
    { key: 'date', label: t('meetingDate'), sortable: true },
    { key: 'questionnaire', label: t('questionnaire'), sortable: false },
    { key: 'status', label: t('status'), sortable: true },
    { key: 'responses', label: t('list.responsesCol'), sortable: true, numeric: true },
  ];
  const headRow = h('tr', { role: 'row' });
  const tbody = h('tbody', { role: 'rowgroup' });
  const table = h('table', { class: 'data-table list-table', id: 'evaluations-table', role: 'table' },
    h('caption', { class: 'sr-only' }, t('list.caption')),
    h('thead', { role: 'rowgroup' }, headRow),
    tbody);

  function drawHead() {
    fill(headRow, columns.map((column) => {
      const sorted = view.sort === column.key;
      const th = h('th', {
        scope: 'col', role: 'columnheader', class: column.numeric ? 'num' : null,
        'aria-sort': sorted ? (view.descending ? 'descending' : 'ascending') : null,
      });
      if (!column.sortable) {
        th.append(column.label);
        return th;
      }
      th.append(h('button', {
        type: 'button', class: 'sort-button',
        on: {
          click: () => {
            if (view.sort === column.key) view.descending = !view.descending;
            else {
              view.sort = column.key;
              view.descending = column.key !== 'title';
            }
            drawHead();
            drawBody();
          },
        },
      }, column.label, h('span', { class: ['sort-mark', sorted ? (view.descending ? 'desc' : 'asc') : null], 'aria-hidden': 'true' })));
      return th;
    }));
  }

  function drawBody() {
    const query = view.query.trim().toLowerCase();
    const rows = evaluations
      .filter((e) => !view.status || phaseOf(e) === view.status)
      .filter((e) => !view.questionnaire || e.questionnaire.id === view.questionnaire)
      .filter((e) => !query || `${e.title} ${questionnaireTitle(e.questionnaire.id)} ${e.meetingDate}`.toLowerCase().includes(query))
      .sort((a, b) => (view.descending ? -1 : 1) * SORTS[view.sort](a, b));
    fill(tbody, rows.map((e) => {
      const received = e.counts?.responses ?? 0;
      const rate = e.expectedRespondents ? received / e.expectedRespondents : null;
      return h('tr', { role: 'row', dataset: { evaluationId: e.id } },
        h('th', { scope: 'row', role: 'rowheader', class: 'title-cell' },
          h('a', { href: `#/evaluations/${encodeURIComponent(e.id)}`, class: 'row-link' }, e.title),
          h('span', { class: 'row-sub' }, meetingTypeLabel(e.meetingType, t))),
        h('td', { role: 'cell', 'data-label': t('meetingDate') }, h('time', { datetime: e.meetingDate }, e.meetingDate)),
        h('td', { role: 'cell', 'data-label': t('questionnaire') },
          h('span', {}, questionnaireTitle(e.questionnaire.id), ' ', h('span', { class: 'muted' }, t('versionShort', { v: e.questionnaire.version }))),
          h('a', { class: 'small-link', href: `#/compare/${encodeURIComponent(e.questionnaire.id)}` }, t('list.compareLink'))),
        h('td', { role: 'cell', 'data-label': t('status') }, statusBadge(e)),
        h('td', { role: 'cell', class: 'num', 'data-label': t('list.responsesCol') },
          h('span', { class: 'count-main' }, integer(received, lang)),
          e.expectedRespondents
            ? h('span', { class: 'row-sub' }, t('list.ofExpected', { n: integer(e.expectedRespondents, lang), rate: percent(rate, lang, 0) }))
            : null));
    }));
    resultCount.textContent = t('list.showing', { n: rows.length, total: evaluations.length });
    if (!rows.length) {
      tbody.append(h('tr', { role: 'row' }, h('td', { role: 'cell', colspan: String(columns.length), class: 'empty-cell' }, t('list.noMatch'))));
    }
  }

  let announceTimer = 0;
  const refilter = () => {
    drawBody();
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => ctx.announce(resultCount.textContent), 600);
  };
  search.addEventListener('input', () => { view.query = search.value; refilter(); });
  statusSelect.addEventListener('change', () => { view.status = statusSelect.value; refilter(); });
  questionnaireSelect.addEventListener('change', () => { view.questionnaire = questionnaireSelect.value; refilter(); });
  ctx.onCleanup(() => clearTimeout(announceTimer));

  drawHead();
  drawBody();
  fill(ctx.root, head,
    h('section', { class: 'panel list-panel', 'aria-labelledby': 'list-table-title' },
      h('div', { class: 'panel-head' },
        h('h2', { id: 'list-table-title' }, t('list.tableTitle')),
        resultCount),
      filters,
      table));
}
