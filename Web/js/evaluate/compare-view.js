// #/compare/QUESTIONNAIRE_ID: the overall and dimension scores of every evaluation of one
// questionnaire over time — a line chart, a trend summary and the table behind them.

import { fill, h, uid } from '../shared/dom.js';
import { getComparison, getLatestQuestionnaire, listQuestionnaires } from './api.js';
import { SERIES_STYLES, lineChart, responsive, seriesSample } from './charts.js';
import { DEFAULT_BANDS, delta, heat, integer, localized, longDate, score, statusBadge } from './common.js';
import { changeMark } from './scorecard-firmness.js';
import { followUpCells } from './scorecard-follow-up.js';

const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

export async function renderCompare(ctx, questionnaireId) {
  const { t, lang } = ctx;
  const [comparison, questionnaires, latest] = await Promise.all([
    getComparison(questionnaireId).catch((error) => ({ error })),
    listQuestionnaires().catch(() => []),
    getLatestQuestionnaire(questionnaireId).catch(() => null),
  ]);
  if (!ctx.isCurrent()) return;

  const known = questionnaires.find((q) => q.id === questionnaireId);
  const qTitle = comparison?.questionnaire ? localized(comparison.questionnaire.title, lang)
    : known ? localized(known.title, lang) : questionnaireId;
  ctx.setTitle(`${t('compare.title')} · ${qTitle}`);

  const pickerId = uid('compare-questionnaire');
  const picker = h('select', {
    id: pickerId,
    on: { change: (event) => { location.hash = `#/compare/${encodeURIComponent(event.target.value)}`; } },
  }, (questionnaires.some((q) => q.id === questionnaireId) ? [] : [h('option', { value: questionnaireId }, questionnaireId)]),
  questionnaires.map((q) => h('option', { value: q.id, selected: q.id === questionnaireId }, localized(q.title, lang))));

  const head = h('header', { class: 'page-head page-head-plain' },
    h('nav', { class: 'crumbs', 'aria-label': t('breadcrumb') },
      h('ol', {},
        h('li', {}, h('a', { href: '#/evaluations' }, t('nav.evaluations'))),
        h('li', {}, h('span', { 'aria-current': 'page' }, t('view.compare'))))),
    h('h1', { class: 'page-title' }, t('compare.title'), h('span', { class: 'title-sub' }, qTitle)),
    h('p', { class: 'lead' }, t('compare.lead')),
    h('div', { class: 'filters filters-plain' },
      h('div', { class: 'field' }, h('label', { for: pickerId }, t('questionnaire')), picker)));

  if (comparison?.error) {
    const error = comparison.error;
    const missingEndpoint = error.status === 404 && (known || latest);
    fill(ctx.root, head, h('section', { class: 'panel empty', role: 'alert' },
      h('h2', {}, missingEndpoint ? t('compare.unavailableTitle') : error.status === 404 ? t('compare.unknownTitle') : t('errorTitle')),
      h('p', {}, missingEndpoint ? t('compare.unavailableBody') : error.status === 404 ? t('compare.unknownBody') : t('err.unexpected')),
      missingEndpoint ? h('p', { class: 'muted' }, h('code', {}, `GET /api/questionnaires/${questionnaireId}/comparison`)) : null,
      error.status === 404 && !missingEndpoint ? null
        : h('p', {}, h('button', { type: 'button', class: 'button button-secondary', on: { click: () => ctx.rerender() } }, t('retry')))));
    return;
  }

  const dims = (comparison.dimensions ?? []).map((d) => ({ id: d.id, title: localized(d.title, lang) }));
  const evaluations = [...(comparison.evaluations ?? [])].sort((a, b) => (a.meetingDate < b.meetingDate ? -1 : a.meetingDate > b.meetingDate ? 1 : 0));
  const rawBands = Array.isArray(latest?.definition?.grades) && latest.definition.grades.length ? latest.definition.grades : DEFAULT_BANDS;
  const bands = rawBands.map((b) => ({ min: b.min, label: localized(b.label, lang) }));
  // The comparison gives each grade in the questionnaire's first language: show it in the reader's.
  const gradeText = (grade) => {
    if (!grade) return grade;
    const band = rawBands.find((b) => (typeof b.label === 'string' ? b.label === grade : Object.values(b.label ?? {}).includes(grade)));
    return band ? localized(band.label, lang) : grade;
  };

  if (!evaluations.length) {
    fill(ctx.root, head, h('section', { class: 'panel empty' },
      h('h2', {}, t('compare.noneTitle')), h('p', {}, t('compare.noneBody'))));
    return;
  }

  // ---------------------------------------------------------------- series
  const series = [
    { id: 'overall', label: t('overallShort'), style: SERIES_STYLES[0], emphasis: true, values: evaluations.map((e) => (isNum(e.overall) ? e.overall : null)) },
    ...dims.map((d, index) => ({
      id: d.id, label: d.title, style: SERIES_STYLES[(index + 1) % SERIES_STYLES.length],
      values: evaluations.map((e) => (isNum(e.dimensions?.[d.id]) ? e.dimensions[d.id] : null)),
    })),
  ];
  const visible = new Set(series.map((s) => s.id));
  const options = { zoom: false };
  const points = evaluations.map((e) => ({ date: e.meetingDate, label: e.title, ...changeMark(e, lang) }));
  const sameYear = new Set(evaluations.map((e) => e.meetingDate.slice(0, 4))).size === 1;
  const formatTick = (date) => (sameYear ? date.slice(5) : date);

  const chartBoxEl = h('div', { class: 'chart-box line-box' });
  let width = 0;
  const draw = () => {
    if (!width) return;
    const shown = series.filter((s) => visible.has(s.id));
    fill(chartBoxEl, lineChart({
      width, points, series: shown, bands, zoom: options.zoom, formatTick,
      title: t('compare.chartTitle', { q: qTitle }),
      desc: t('compare.chartDesc', {
        n: evaluations.length,
        from: evaluations[0].meetingDate,
        to: evaluations[evaluations.length - 1].meetingDate,
        series: shown.map((s) => s.label).join(t('listSep')),
      }),
    }));
  };
  ctx.onCleanup(responsive(chartBoxEl, (w) => { width = w; draw(); }));

  const legendName = uid('series');
  const legend = h('fieldset', { class: 'legend', id: 'compare-legend' },
    h('legend', {}, t('compare.series')),
    h('div', { class: 'legend-items' }, series.map((s) => {
      const inputId = `${legendName}-${s.id}`;
      return h('span', { class: 'legend-item' },
        h('input', {
          type: 'checkbox', id: inputId, checked: true,
          on: {
            change: (event) => {
              if (event.target.checked) visible.add(s.id);
              else visible.delete(s.id);
              draw();
            },
          },
        }),
        h('label', { for: inputId }, seriesSample(s.style, s.emphasis), s.label));
    })),
    h('div', { class: 'legend-tools' },
      h('button', { type: 'button', class: 'link-button', on: { click: () => setAll(true) } }, t('compare.showAll')),
      h('button', { type: 'button', class: 'link-button', on: { click: () => setAll(false) } }, t('compare.overallOnly'))));
  function setAll(all) {
    for (const s of series) {
      const on = all || s.id === 'overall';
      if (on) visible.add(s.id);
      else visible.delete(s.id);
      const box = document.getElementById(`${legendName}-${s.id}`);
      if (box) box.checked = on;
    }
    draw();
  }
  const zoomId = uid('zoom');
  const zoom = h('span', { class: 'check' },
    h('input', { type: 'checkbox', id: zoomId, on: { change: (event) => { options.zoom = event.target.checked; draw(); } } }),
    h('label', { for: zoomId }, t('compare.zoom')));

  // ---------------------------------------------------------------- trend summary
  const scored = evaluations.filter((e) => isNum(e.overall));
  const summary = h('div', { class: 'trend' });
  if (scored.length) {
    const last = scored[scored.length - 1];
    const prev = scored.length > 1 ? scored[scored.length - 2] : null;
    const best = scored.reduce((a, b) => (b.overall > a.overall ? b : a));
    const worst = scored.reduce((a, b) => (b.overall < a.overall ? b : a));
    const mean = scored.reduce((sum, e) => sum + e.overall, 0) / scored.length;
    const diff = prev ? last.overall - prev.overall : null;
    const direction = diff === null ? 'none' : Math.round(diff * 100) > 0 ? 'up' : Math.round(diff * 100) < 0 ? 'down' : 'flat';
    const tiles = h('dl', { class: 'kpis kpis-compact' },
      h('div', { class: 'kpi kpi-main' }, h('dt', {}, t('compare.latest')),
        h('dd', {}, h('span', { class: 'kpi-value' }, score(last.overall)),
          last.grade ? h('span', { class: 'grade-badge' }, gradeText(last.grade)) : null,
          h('span', { class: 'kpi-sub' }, last.meetingDate))),
      h('div', { class: 'kpi' }, h('dt', {}, t('compare.change')),
        h('dd', {}, h('span', { class: ['kpi-value', 'trend-value', `trend-${direction}`] },
          direction === 'up' ? '▲ ' : direction === 'down' ? '▼ ' : '', diff === null ? '—' : delta(diff)),
          h('span', { class: 'kpi-sub' }, prev ? t('compare.since', { date: prev.meetingDate }) : t('compare.onlyOne')))),
      h('div', { class: 'kpi' }, h('dt', {}, t('compare.mean')),
        h('dd', {}, h('span', { class: 'kpi-value' }, score(mean)), h('span', { class: 'kpi-sub' }, t('compare.meetings', { n: scored.length })))),
      h('div', { class: 'kpi' }, h('dt', {}, t('compare.range')),
        h('dd', {}, h('span', { class: 'kpi-value' }, `${score(worst.overall)} – ${score(best.overall)}`),
          h('span', { class: 'kpi-sub' }, t('compare.bestOn', { date: best.meetingDate })))));
    summary.append(tiles);
    const sentences = [];
    if (prev) {
      sentences.push(t(`compare.sentence.${direction}`, {
        date: longDate(last.meetingDate, lang), title: last.title, score: score(last.overall),
        prevDate: longDate(prev.meetingDate, lang), delta: delta(diff).replace(/^[+−]/, ''),
      }));
      const moves = dims.map((d) => {
        const now = last.dimensions?.[d.id];
        const before = prev.dimensions?.[d.id];
        return isNum(now) && isNum(before) ? { d, change: now - before } : null;
      }).filter(Boolean).sort((a, b) => b.change - a.change);
      if (moves.length) {
        const up = moves[0];
        const down = moves[moves.length - 1];
        if (up.change > 0.005) sentences.push(t('compare.sentence.bestDim', { dim: up.d.title, delta: delta(up.change) }));
        if (down.change < -0.005) sentences.push(t('compare.sentence.worstDim', { dim: down.d.title, delta: delta(down.change) }));
      }
    } else {
      sentences.push(t('compare.sentence.single', { date: longDate(last.meetingDate, lang), score: score(last.overall) }));
    }
    summary.append(h('p', { class: 'trend-text', id: 'compare-summary' }, sentences.join(' ')));
  } else {
    summary.append(h('p', { class: 'muted' }, t('compare.noScores')));
  }
  const versions = new Set(evaluations.map((e) => e.questionnaireVersion));
  if (versions.size > 1) summary.append(h('p', { class: 'notice notice-warn' }, t('compare.mixedVersions', { v: [...versions].join(', ') })));

  // ---------------------------------------------------------------- table
  const table = h('table', { class: 'data-table compare-table', id: 'compare-table' },
    h('caption', {}, t('compare.tableCaption', { q: qTitle })),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'sticky-col' }, t('compare.meetingCol')),
      h('th', { scope: 'col', class: 'num' }, t('compare.includedCol')),
      h('th', { scope: 'col', class: 'num' }, t('overallShort')),
      h('th', { scope: 'col', class: 'num' }, t('compare.changeCol')),
      h('th', { scope: 'col' }, t('grade')),
      dims.map((d) => h('th', { scope: 'col', class: 'num' }, d.title)),
      h('th', { scope: 'col', class: 'num' }, t('fu.rate')),
      h('th', { scope: 'col', class: 'num' }, t('fu.onTime')))),
    h('tbody', {}, evaluations.map((e, index) => {
      const prev = evaluations.slice(0, index).reverse().find((x) => isNum(x.overall));
      const change = isNum(e.overall) && prev ? e.overall - prev.overall : null;
      return h('tr', { dataset: { evaluationId: e.id } },
        h('th', { scope: 'row', class: 'sticky-col meeting-cell' },
          h('time', { datetime: e.meetingDate, class: 'meeting-date' }, e.meetingDate),
          h('a', { href: `#/evaluations/${encodeURIComponent(e.id)}`, class: 'meeting-link' }, e.title),
          h('span', { class: 'row-sub' }, statusBadge(e), ' ', t('versionShort', { v: e.questionnaireVersion }))),
        h('td', { class: 'num' }, integer(e.included, lang)),
        h('td', { class: 'num strong cell-heat', style: heat(e.overall), dataset: { value: e.overall ?? '' } }, score(e.overall)),
        h('td', { class: ['num', change === null ? null : change > 0.004 ? 'up' : change < -0.004 ? 'down' : null] }, change === null ? '—' : delta(change),
          changeMark(e, lang).mark ? h('span', { class: 'change-mark', dataset: { mark: 'significant' } }, ` ★ ${changeMark(e, lang).markLabel}`) : null),
        h('td', {}, e.grade ? h('span', { class: 'grade-badge' }, gradeText(e.grade)) : '—'),
        dims.map((d) => {
          const v = e.dimensions?.[d.id];
          return h('td', { class: 'num cell-heat', style: heat(isNum(v) ? v : null) }, score(isNum(v) ? v : null));
        }),
        followUpCells(e, lang));
    })));

  fill(ctx.root, head,
    h('div', { class: 'report report-single' }, h('div', { class: 'report-body' },
      h('section', { class: 'panel', 'aria-labelledby': 'compare-trend-title' },
        h('h2', { id: 'compare-trend-title' }, t('compare.trend')),
        summary),
      h('section', { class: 'panel', 'aria-labelledby': 'compare-chart-title' },
        h('div', { class: 'panel-head' }, h('h2', { id: 'compare-chart-title' }, t('compare.chart')), zoom),
        legend,
        h('figure', { class: 'figure' }, chartBoxEl, h('figcaption', {}, t('compare.figcaption')))),
      h('section', { class: 'panel', 'aria-labelledby': 'compare-table-title' },
        h('h2', { id: 'compare-table-title' }, t('compare.table')),
        h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': 'compare-table-title', tabindex: '0' }, table),
        h('p', { class: 'note' }, t('compare.tableNote', { n: integer(evaluations.length, lang) }))))));
}
