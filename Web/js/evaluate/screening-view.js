// #/evaluations/ID/screening: responses the screening flagged (speeders, straight-lining)
// and those excluded by hand, with why; exclude or count again with a reason, and see the
// scorecard's figures change at once.

import { fill, h, icon, uid } from '../shared/dom.js';
import {
  excludeResponse, getResponseRows, getScorecard, getScreening, includeResponse,
} from './api.js';
import {
  compactDateTime, dateTime, decimal, delta, evaluationHeader, integer, localized, reviewCount, score, seconds, section,
} from './common.js';
import { loadEvaluation } from './scorecard-view.js';
import { openReasonDialog } from './reason-dialog.js';
import { openAnswersDialog } from './answers-dialog.js';

const PAGE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function renderScreening(ctx, id) {
  const { t, lang } = ctx;
  const data = await loadEvaluation(ctx, id);
  if (!ctx.isCurrent()) return;
  const screening = data.screening ?? await getScreening(id);
  if (!ctx.isCurrent()) return;
  const { evaluation } = data;
  ctx.setTitle(`${evaluation.title} · ${t('view.screening')}`);

  const venueNames = new Map((evaluation.venues ?? []).map((v) => [v.id, localized(v.name, lang)]));
  const groupNames = new Map((evaluation.raterGroups ?? []).map((g) => [g.id, localized(g.name, lang)]));
  const state = {
    scorecard: data.scorecard,
    screening,
    allRows: null, // every response from responses.csv, once loaded
    filter: 'review',
    query: '',
    shown: PAGE,
  };

  // ---------------------------------------------------------------- effect strip
  const effect = h('dl', { class: 'kpis kpis-compact', id: 'screening-effect' });
  function drawEffect(previous) {
    const sc = state.scorecard;
    const r = sc.responses ?? {};
    const change = (now, before, fmt) => (previous && before !== now
      ? h('span', { class: 'kpi-change' }, t('changedFrom', { v: fmt(before) })) : null);
    const prev = previous ?? {};
    fill(effect,
      h('div', { class: 'kpi kpi-main' }, h('dt', {}, t('overallScore')),
        h('dd', {}, h('span', { class: 'kpi-value', id: 'screening-overall', dataset: { value: sc.overall?.score ?? '' } }, score(sc.overall?.score)),
          ' ', sc.overall?.grade ? h('span', { class: 'grade-badge' }, sc.overall.grade) : null,
          change(sc.overall?.score, prev.overall, score))),
      h('div', { class: 'kpi' }, h('dt', {}, t('included')),
        h('dd', {}, h('span', { class: 'kpi-value', id: 'screening-included', dataset: { value: r.included ?? '' } }, integer(r.included, lang)),
          h('span', { class: 'kpi-sub' }, t('ofReceived', { n: integer(r.received, lang) })),
          change(r.included, prev.included, (v) => integer(v, lang)))),
      h('div', { class: 'kpi' }, h('dt', {}, t('quality.excludedTotal')),
        h('dd', {}, h('span', { class: 'kpi-value', id: 'screening-excluded' }, integer(r.excludedTotal, lang)),
          h('span', { class: 'kpi-sub' }, t('excludedBreakdown', {
            s: integer(r.excluded?.speeder, lang), l: integer(r.excluded?.straightLining, lang), m: integer(r.excluded?.manual, lang),
          })))),
      h('div', { class: 'kpi' }, h('dt', {}, t('flagsRaised')),
        h('dd', {}, h('span', { class: 'kpi-value' }, integer((r.flagged?.speeder ?? 0) + (r.flagged?.straightLining ?? 0), lang)),
          h('span', { class: 'kpi-sub' }, t('flaggedBreakdown', { s: integer(r.flagged?.speeder, lang), l: integer(r.flagged?.straightLining, lang) })))));
  }

  const settingsNote = h('p', { class: 'note' });
  function drawSettings() {
    const s = state.screening;
    fill(settingsNote,
      s.minSeconds ? t('quality.minSeconds', { n: decimal(s.minSeconds, lang) }) : t('quality.noMinSeconds'), ' ',
      s.excludeFlagged ? t('quality.excludeFlagged') : t('quality.flagOnly'), ' ',
      t('screening.manualNote'));
  }

  // ---------------------------------------------------------------- the table
  const FILTERS = [
    { key: 'review', label: t('filter.review'), test: () => true },
    { key: 'speeder', label: t('flag.speeder'), test: (row) => row.flags.includes('speeder') },
    { key: 'straightLining', label: t('flag.straightLining'), test: (row) => row.flags.includes('straightLining') },
    { key: 'manual', label: t('flag.manual'), test: (row) => Boolean(row.manualExclusion) },
    { key: 'stillIncluded', label: t('filter.stillIncluded'), test: (row) => !row.excluded },
    { key: 'all', label: t('filter.all'), test: () => true, needsAll: true },
  ];

  function rows() {
    const reviewed = state.screening.responses ?? [];
    if (!state.allRows || state.filter !== 'all') return reviewed;
    const byId = new Map(reviewed.map((row) => [row.id, row]));
    return state.allRows.map((row) => byId.get(row.id) ?? row);
  }

  const filterName = uid('filter');
  const filterBox = h('fieldset', { class: 'segmented', id: 'screening-filter' });
  function drawFilters() {
    const reviewed = state.screening.responses ?? [];
    fill(filterBox, h('legend', {}, t('filter.legend')),
      FILTERS.filter((f) => !f.needsAll || state.allRows).map((f) => {
        const inputId = `${filterName}-${f.key}`;
        const n = f.needsAll ? state.allRows.length : reviewed.filter(f.test).length;
        return h('span', { class: 'segment' },
          h('input', {
            type: 'radio', name: filterName, id: inputId, value: f.key, checked: state.filter === f.key,
            on: { change: () => { state.filter = f.key; state.shown = PAGE; drawTable(); ctx.announce(countLine.textContent); } },
          }),
          h('label', { for: inputId }, f.label, ' ', h('span', { class: 'segment-count' }, integer(n, lang))));
      }));
  }

  const searchId = uid('screening-search');
  const search = h('input', { id: searchId, type: 'search', autocomplete: 'off', placeholder: t('screening.searchPlaceholder'), spellcheck: 'false' });
  let searchTimer = 0;
  search.addEventListener('input', () => {
    state.query = search.value.trim().toLowerCase();
    state.shown = PAGE;
    drawTable();
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => ctx.announce(countLine.textContent), 600);
  });
  ctx.onCleanup(() => clearTimeout(searchTimer));

  const countLine = h('p', { class: 'result-count', id: 'screening-count' });
  const tbody = h('tbody', { role: 'rowgroup' });
  const table = h('table', { class: 'data-table card-table screening-table', id: 'screening-table', role: 'table' },
    h('caption', { class: 'sr-only' }, t('screening.caption')),
    h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' },
      [t('responseId'), t('venue'), t('raterGroup'), t('receivedAt'), t('duration'), t('flags'), t('status'), t('screening.manualRecord'), t('actions')]
        .map((label, index) => h('th', { scope: 'col', role: 'columnheader', class: index === 4 ? 'num' : null }, label)))),
    tbody);
  const moreButton = h('button', { type: 'button', class: 'button button-secondary', id: 'screening-more' });
  moreButton.addEventListener('click', () => {
    const from = state.shown;
    state.shown += PAGE;
    drawTable();
    const row = tbody.children[from];
    const target = row?.querySelector('th');
    if (target) {
      target.setAttribute('tabindex', '-1');
      target.focus();
    }
    ctx.announce(countLine.textContent);
  });

  const flagChip = (flag) => h('span', { class: ['flag', `flag-${flag}`] }, t(`flag.${flag}`));
  const flagNames = (flags) => flags.map((f) => t(`flag.${f}`)).join(t('listSep'));

  /** What a row's state allows: `manual` (excluded by hand: count it again), `rule` (left out
   *  by the screening rule: record a manual exclusion with a reason), `included` (exclude it). */
  function rowState(row) {
    if (row.manualExclusion) return 'manual';
    if (row.excluded) return 'rule';
    return 'included';
  }

  function actionButton(row) {
    const shortId = row.id.slice(0, 8);
    const kind = rowState(row);
    if (kind === 'manual') {
      return h('button', {
        type: 'button', class: 'button button-secondary button-small', dataset: { action: 'include', responseId: row.id },
        'aria-label': t('screening.includeLabel', { id: shortId }),
        on: { click: () => change('include', row) },
      }, icon('undo'), t('screening.include'));
    }
    return h('button', {
      type: 'button', class: 'button button-danger-outline button-small',
      dataset: { action: kind === 'rule' ? 'record' : 'exclude', responseId: row.id },
      'aria-label': t(kind === 'rule' ? 'screening.recordLabel' : 'screening.excludeLabel', { id: shortId }),
      on: { click: () => change('exclude', row) },
    }, icon('block'), t(kind === 'rule' ? 'screening.record' : 'screening.exclude'));
  }

  function viewButton(row) {
    return h('button', {
      type: 'button', class: 'button button-ghost button-small', dataset: { action: 'view', responseId: row.id },
      'aria-label': t('screening.viewLabel', { id: row.id.slice(0, 8) }),
      on: {
        click: async (event) => {
          const opener = event.currentTarget;
          await openAnswersDialog(ctx, { evaluation, responseId: row.id });
          if (opener.isConnected) opener.focus();
        },
      },
    }, icon('list'), t('screening.view'));
  }

  function drawTable() {
    const filter = FILTERS.find((f) => f.key === state.filter) ?? FILTERS[0];
    const all = rows().filter(filter.test).filter((row) => !state.query || row.id.toLowerCase().includes(state.query));
    const visible = all.slice(0, state.shown);
    const minSeconds = state.screening.minSeconds ?? 0;
    fill(tbody, visible.map((row) => {
      const manual = row.manualExclusion;
      const fast = minSeconds > 0 && typeof row.durationSeconds === 'number' && row.durationSeconds < minSeconds;
      const shortId = row.id.slice(0, 8);
      const byRule = row.exclusionReasons.filter((r) => r !== 'manual');
      return h('tr', { role: 'row', dataset: { responseId: row.id, state: rowState(row) }, class: row.excluded ? 'is-excluded' : null },
        h('th', { scope: 'row', role: 'rowheader' }, h('code', { title: row.id }, shortId), h('span', { class: 'sr-only' }, row.id.slice(8))),
        h('td', { role: 'cell', 'data-label': t('venue') }, row.venue ? venueNames.get(row.venue) ?? row.venue : '—'),
        h('td', { role: 'cell', 'data-label': t('raterGroup') }, row.raterGroup ? groupNames.get(row.raterGroup) ?? row.raterGroup : '—'),
        h('td', { role: 'cell', 'data-label': t('receivedAt'), class: 'nowrap' }, h('time', { datetime: row.receivedAt }, compactDateTime(row.receivedAt))),
        h('td', { role: 'cell', 'data-label': t('duration'), class: ['num', fast ? 'is-fast' : null] }, seconds(row.durationSeconds, t)),
        h('td', { role: 'cell', 'data-label': t('flags') }, row.flags.length ? row.flags.map(flagChip) : h('span', { class: 'muted' }, t('flag.none'))),
        h('td', { role: 'cell', 'data-label': t('status'), class: 'status-cell' },
          row.excluded
            ? [h('span', { class: 'badge badge-out' }, t('state.excluded')),
              manual ? h('span', { class: 'row-sub' }, t('state.byHand')) : null,
              byRule.length ? h('span', { class: 'row-sub' }, t('state.byRule', { reasons: flagNames(byRule) })) : null]
            : h('span', { class: 'badge badge-in' }, t('state.included'))),
        h('td', { role: 'cell', 'data-label': t('screening.manualRecord'), class: manual ? null : 'is-empty' },
          manual
            ? [h('span', { class: 'manual-reason' }, manual.reason), h('span', { class: 'row-sub' }, `${manual.by} · ${compactDateTime(manual.at)}`)]
            : h('span', { class: 'muted' }, '—')),
        h('td', { role: 'cell', 'data-label': t('actions'), class: 'action-cell' }, viewButton(row), actionButton(row)));
    }));
    if (!visible.length) {
      tbody.append(h('tr', { role: 'row' }, h('td', { role: 'cell', colspan: '9', class: 'empty-cell' },
        (state.screening.responses ?? []).length || state.allRows ? t('screening.noMatch') : t('screening.none'))));
    }
    countLine.textContent = t('screening.showing', { shown: integer(visible.length, lang), n: integer(all.length, lang) });
    const rest = all.length - visible.length;
    moreButton.hidden = rest <= 0;
    moreButton.textContent = t('comments.more', { n: integer(Math.min(rest, PAGE), lang), rest: integer(rest, lang) });
  }

  // ---------------------------------------------------------------- exclude / include
  async function refresh() {
    const [sc, scr] = await Promise.all([getScorecard(id, lang), getScreening(id)]);
    return { sc, scr };
  }

  async function change(mode, row, { fromForm = false } = {}) {
    const shortId = row.id.slice(0, 8);
    const facts = [
      [t('responseId'), h('code', {}, row.id)],
      row.venue ? [t('venue'), venueNames.get(row.venue) ?? row.venue] : null,
      row.raterGroup ? [t('raterGroup'), groupNames.get(row.raterGroup) ?? row.raterGroup] : null,
      row.receivedAt ? [t('receivedAt'), dateTime(row.receivedAt, lang)] : null,
      row.flags?.length ? [t('flags'), row.flags.map((f) => t(`flag.${f}`)).join(t('listSep'))] : null,
      row.manualExclusion ? [t('screening.excludedBecause'), row.manualExclusion.reason] : null,
    ].filter(Boolean);
    const before = {
      overall: state.scorecard.overall?.score ?? null,
      included: state.scorecard.responses?.included ?? null,
    };
    // The dialog says what the action does to this response in its actual state.
    const kind = rowState(row);
    const ruleReasons = (row.exclusionReasons ?? []).filter((r) => r !== 'manual');
    let title = null;
    let desc = null;
    if (mode === 'exclude' && kind === 'rule') {
      title = t('dlg.recordTitle');
      desc = t('dlg.recordDesc', { reasons: flagNames(ruleReasons) });
    } else if (mode === 'include' && ruleReasons.length) {
      desc = t('dlg.includeDescStillRule', { reasons: flagNames(ruleReasons) });
    }
    const result = await openReasonDialog(ctx, {
      mode,
      title,
      desc,
      facts,
      submit: async (reason) => {
        if (mode === 'exclude') await excludeResponse(id, row.id, reason);
        else await includeResponse(id, row.id, reason);
        return refresh().catch(() => ({ stale: true }));
      },
    });
    if (!ctx.isCurrent()) return;
    if (!result) {
      restoreFocus(row.id, fromForm);
      return;
    }
    if (result.sc && result.scr) {
      state.scorecard = result.sc;
      state.screening = result.scr;
    }
    drawEffect(before);
    drawSettings();
    drawFilters();
    drawTable();
    updateTabCount();
    const now = state.scorecard;
    ctx.announce(t(mode === 'exclude' ? 'screening.excludedDone' : 'screening.includedDone', {
      id: shortId,
      included: integer(now.responses?.included, lang),
      overall: score(now.overall?.score),
      delta: before.overall !== null && now.overall?.score !== null && now.overall?.score !== undefined
        ? delta(now.overall.score - before.overall) : '—',
    }));
    if (result.stale) ctx.announce(t('screening.refreshFailed'));
    restoreFocus(row.id, fromForm);
  }

  function restoreFocus(responseId, fromForm) {
    if (fromForm) {
      idInput.focus();
      return;
    }
    const button = tbody.querySelector(`button[data-response-id="${CSS.escape(responseId)}"]:not([data-action="view"])`);
    if (button) button.focus();
    else document.getElementById('screening-list-title')?.focus();
  }

  function updateTabCount() {
    const n = state.screening.responses?.length ?? 0;
    const generated = document.getElementById('generated-at');
    if (generated) generated.textContent = dateTime(state.scorecard.generatedAt, lang);
    const tab = ctx.root.querySelector('.view-tab[aria-current="page"]');
    tab?.querySelector('.tab-badge')?.remove();
    const badge = reviewCount(t, n);
    if (tab && badge) tab.append(badge);
  }

  // ---------------------------------------------------------------- any response by id, or all of them
  const idInputId = uid('exclude-id');
  const idInput = h('input', {
    id: idInputId, type: 'text', autocomplete: 'off', spellcheck: 'false', inputmode: 'text',
    placeholder: 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', 'aria-describedby': `${idInputId}-hint ${idInputId}-error`,
  });
  const idError = h('p', { class: 'field-error', id: `${idInputId}-error`, role: 'alert' });
  const idForm = h('form', {
    class: 'inline-form', novalidate: true,
    on: {
      submit: (event) => {
        event.preventDefault();
        const value = idInput.value.trim().toLowerCase();
        if (!UUID.test(value)) {
          idError.textContent = t('screening.badId');
          idInput.setAttribute('aria-invalid', 'true');
          idInput.focus();
          return;
        }
        idError.textContent = '';
        idInput.removeAttribute('aria-invalid');
        const known = (state.screening.responses ?? []).find((row) => row.id === value)
          ?? state.allRows?.find((row) => row.id === value);
        const row = known ?? { id: value, flags: [], exclusionReasons: [], excluded: false };
        change(row.manualExclusion ? 'include' : 'exclude', row, { fromForm: true });
      },
    },
  },
  h('div', { class: 'field grow' },
    h('label', { for: idInputId }, t('responseId')),
    idInput,
    h('p', { class: 'hint', id: `${idInputId}-hint` }, t('screening.idHint')),
    idError),
  h('div', { class: 'field field-button' }, h('button', { type: 'submit', class: 'button button-secondary' }, t('screening.excludeById'))));

  const loadButton = h('button', { type: 'button', class: 'button button-secondary', id: 'load-all-responses' },
    icon('list'), t('screening.loadAll', { n: integer(state.screening.received, lang) }));
  const loadStatus = h('p', { class: 'hint', role: 'status' });
  loadButton.addEventListener('click', async () => {
    loadButton.disabled = true;
    loadStatus.textContent = t('loading');
    try {
      const raw = await getResponseRows(id);
      if (!ctx.isCurrent()) return;
      state.allRows = raw.map((r) => ({
        id: r.responseId,
        venue: r.venueId || null,
        raterGroup: r.raterGroupId || null,
        receivedAt: r.receivedAt,
        startedAt: r.startedAt || null,
        durationSeconds: r.durationSeconds === '' ? null : Number(r.durationSeconds),
        flags: r.screeningFlags ? r.screeningFlags.split(/[;|]/).filter(Boolean) : [],
        excluded: r.isExcluded === 'yes' || r.isExcluded === 'true',
        exclusionReasons: r.exclusionReasons ? r.exclusionReasons.split(/[;|]/).filter(Boolean) : [],
        manualExclusion: null,
      }));
      state.filter = 'all';
      state.shown = PAGE;
      loadButton.hidden = true;
      loadStatus.textContent = t('screening.loaded', { n: integer(state.allRows.length, lang) });
      drawFilters();
      drawTable();
      document.getElementById('screening-list-title')?.focus();
    } catch (problem) {
      loadButton.disabled = false;
      loadStatus.textContent = t('screening.loadFailed');
      console.error(problem);
    }
  });

  // ---------------------------------------------------------------- page
  const header = evaluationHeader(ctx, {
    evaluation, scorecard: state.scorecard, questionnaireTitle: state.scorecard.questionnaire?.title, active: 'screening',
    flaggedCount: state.screening.responses?.length ?? 0,
  });
  drawEffect(null);
  drawSettings();
  drawFilters();
  drawTable();

  fill(ctx.root, header,
    h('div', { class: 'report report-single' }, h('div', { class: 'report-body' },
      section('screening-effect-section', t('screening.effect'), effect, settingsNote),
      h('section', { class: 'panel', 'aria-labelledby': 'screening-list-title' },
        h('div', { class: 'panel-head' },
          h('h2', { id: 'screening-list-title', tabindex: '-1' }, t('screening.listTitle')),
          countLine),
        h('div', { class: 'filters' }, filterBox,
          h('div', { class: 'field' }, h('label', { for: searchId }, t('screening.search')), search)),
        table,
        h('p', { class: 'more-row' }, moreButton)),
      section('screening-other', t('screening.otherTitle'),
        h('p', {}, t('screening.otherIntro')),
        idForm,
        h('div', { class: 'load-all' }, loadButton, loadStatus)))));
}
