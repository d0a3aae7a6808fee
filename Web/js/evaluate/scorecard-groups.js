// The scorecard's dimensions, rater groups and venues: tables with the difference to the
// overall score, and bar charts.

import { h } from '../shared/dom.js';
import { barChart, chartBox } from './charts.js';
import {
  decimal, delta, gradeBadge, heat, integer, note, percent, score, section, scrollRegion,
} from './common.js';
import { flaggedName } from './scorecard-firmness.js';

// ------------------------------------------------------------------ dimensions

export function dimensionsSection(ctx, { scorecard }) {
  const { t, lang } = ctx;
  const dims = scorecard.dimensions ?? [];
  const overall = scorecard.overall?.score;
  const table = h('table', { class: 'data-table', id: 'dimensions-table' },
    h('caption', {}, t('dim.caption')),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('dim.name')),
      h('th', { scope: 'col', class: 'num' }, t('weight')),
      h('th', { scope: 'col', class: 'num' }, t('score')),
      h('th', { scope: 'col', class: 'num' }, t('vsOverall')),
      h('th', { scope: 'col', class: 'num' }, t('n')),
      h('th', { scope: 'col', class: 'num' }, h('abbr', { title: t('alphaLong') }, t('alpha'))))),
    h('tbody', {}, dims.map((d) => h('tr', { dataset: { dimension: d.id } },
      h('th', { scope: 'row' }, d.title),
      h('td', { class: 'num' }, percent(d.weight, lang, 1)),
      h('td', { class: 'num strong cell-heat', style: heat(d.score) }, score(d.score)),
      h('td', { class: ['num', deltaClass(d.score, overall)] }, d.score !== null && overall !== null ? delta(d.score - overall) : '—'),
      h('td', { class: 'num' }, integer(d.n, lang)),
      h('td', { class: 'num' }, d.alpha === null || d.alpha === undefined ? '—' : decimal(d.alpha, lang),
        d.alpha !== null && d.alpha !== undefined ? h('span', { class: 'muted' }, ` (${integer(d.alphaN, lang)})`) : null)))));
  const chart = chartBox(ctx, (width) => barChart({
    width,
    rows: dims.map((d) => ({ label: d.title, value: d.score, note: t('weightNote', { w: percent(d.weight, lang, 1) }) })),
    reference: overall !== null && overall !== undefined ? { value: overall, label: t('overallShort') } : null,
    title: t('dim.chartTitle'),
    desc: t('chartSeeTable', { list: dims.map((d) => `${d.title} ${score(d.score)}`).join(', ') }),
    emptyLabel: t('noData'),
  }));
  return section('sc-dimensions', t('sc.dimensions'),
    h('figure', { class: 'figure' }, chart, overall !== null && overall !== undefined ? h('figcaption', {}, t('dim.figcaption')) : null),
    scrollRegion(t('dim.caption'), table),
    note(t('dim.note')));
}

function deltaClass(value, reference) {
  if (value === null || value === undefined || reference === null || reference === undefined) return null;
  const diff = Math.round((value - reference) * 100) / 100;
  return diff > 0 ? 'up' : diff < 0 ? 'down' : null;
}

// ------------------------------------------------------------------ rater groups

export function groupsSection(ctx, { scorecard }) {
  const { t, lang } = ctx;
  const groups = scorecard.raterGroups ?? [];
  const dims = scorecard.dimensions ?? [];
  const weights = h('table', { class: 'data-table', id: 'groups-table' },
    h('caption', {}, t('groups.caption')),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('groups.name')),
      h('th', { scope: 'col', class: 'num' }, t('groups.weight')),
      h('th', { scope: 'col', class: 'num' }, t('groups.applied')),
      h('th', { scope: 'col', class: 'num' }, t('n')),
      h('th', { scope: 'col', class: 'num' }, t('score')))),
    h('tbody', {}, groups.map((g) => h('tr', { dataset: { group: g.id } },
      h('th', { scope: 'row' }, g.name),
      h('td', { class: 'num' }, percent(g.weight, lang, 1)),
      h('td', { class: 'num' }, g.appliedWeight === null || g.appliedWeight === undefined ? h('span', { class: 'muted' }, t('groups.notApplied')) : percent(g.appliedWeight, lang, 1)),
      h('td', { class: 'num' }, integer(g.n, lang)),
      h('td', { class: 'num strong cell-heat', style: heat(g.score) }, score(g.score))))));

  const groupDim = (g, dimId) => (g.dimensions ?? []).find((x) => x.id === dimId)?.score ?? null;
  const matrix = h('table', { class: 'data-table matrix', id: 'groups-matrix' },
    h('caption', {}, t('groups.matrixCaption')),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('dim.name')),
      h('th', { scope: 'col', class: 'num' }, t('allGroups')),
      groups.map((g) => h('th', { scope: 'col', class: 'num' }, g.name)))),
    h('tbody', {},
      dims.map((d) => h('tr', {},
        h('th', { scope: 'row' }, d.title),
        h('td', { class: 'num strong cell-heat', style: heat(d.score) }, score(d.score)),
        groups.map((g) => {
          const v = groupDim(g, d.id);
          return h('td', { class: 'num cell-heat', style: heat(v) }, score(v));
        }))),
      h('tr', { class: 'total-row' },
        h('th', { scope: 'row' }, t('overallShort')),
        h('td', { class: 'num strong cell-heat', style: heat(scorecard.overall?.score) }, score(scorecard.overall?.score)),
        groups.map((g) => h('td', { class: 'num strong cell-heat', style: heat(g.score) }, score(g.score))))));

  return section('sc-groups', t('sc.raterGroups'),
    scrollRegion(t('groups.caption'), weights),
    note(t('groups.note')),
    scrollRegion(t('groups.matrixCaption'), matrix),
    note(t('heatNote')));
}

// ------------------------------------------------------------------ venues

export function venuesSection(ctx, { scorecard }) {
  const { t, lang } = ctx;
  const overall = scorecard.overall?.score;
  const ranked = [...(scorecard.venues ?? [])].sort((a, b) => {
    if (a.score === null && b.score === null) return 0;
    if (a.score === null) return 1;
    if (b.score === null) return -1;
    return b.score - a.score;
  });
  const scoredVenues = ranked.filter((v) => v.score !== null && v.score !== undefined);
  const LIMIT = 30;
  const chartRows = scoredVenues.length > LIMIT
    ? [...scoredVenues.slice(0, LIMIT / 2), ...scoredVenues.slice(-LIMIT / 2)]
    : ranked;
  const chart = chartBox(ctx, (width) => barChart({
    width,
    rows: chartRows.map((v) => ({ label: flaggedName(v, lang), value: v.score, note: `n = ${v.n}` })),
    reference: overall !== null && overall !== undefined ? { value: overall, label: t('overallShort') } : null,
    title: t('venues.chartTitle'),
    desc: t('chartSeeTable', { list: chartRows.map((v) => `${v.name} ${score(v.score)}`).join(', ') }),
    emptyLabel: t('venues.noResponses'),
  }));

  let rank = 0;
  const rows = ranked.map((v) => {
    const hasScore = v.score !== null && v.score !== undefined;
    if (hasScore) rank += 1;
    return h('tr', { dataset: { venue: v.id } },
      h('td', { class: 'num rank' }, hasScore ? String(rank) : '—'),
      h('th', { scope: 'row' }, v.name),
      h('td', { class: 'num' }, integer(v.n, lang)),
      h('td', { class: 'num strong cell-heat', style: heat(v.score) }, hasScore ? score(v.score) : h('span', { class: 'muted' }, t('venues.noResponses'))),
      h('td', { class: ['num', deltaClass(v.score, overall)] }, hasScore && overall !== null ? delta(v.score - overall) : '—'),
      h('td', {}, v.grade ? gradeBadge(v.grade) : '—'));
  });
  const tbody = h('tbody', {}, rows);
  const table = h('table', { class: 'data-table', id: 'venues-table' },
    h('caption', {}, t('venues.caption')),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'num' }, t('venues.rank')),
      h('th', { scope: 'col' }, t('venues.name')),
      h('th', { scope: 'col', class: 'num' }, t('n')),
      h('th', { scope: 'col', class: 'num' }, t('score')),
      h('th', { scope: 'col', class: 'num' }, t('vsOverall')),
      h('th', { scope: 'col' }, t('grade')))),
    tbody);

  const TABLE_LIMIT = 15;
  let more = null;
  if (rows.length > TABLE_LIMIT) {
    rows.slice(TABLE_LIMIT).forEach((row) => { row.hidden = true; });
    more = h('button', {
      type: 'button', class: 'button button-ghost button-small', 'aria-controls': 'venues-table',
      on: {
        click: () => {
          rows.forEach((row) => { row.hidden = false; });
          more.remove();
          rows[TABLE_LIMIT].querySelector('th').setAttribute('tabindex', '-1');
          rows[TABLE_LIMIT].querySelector('th').focus();
          ctx.announce(t('venues.allShown', { n: rows.length }));
        },
      },
    }, t('venues.showAll', { n: rows.length }));
  }

  const dims = scorecard.dimensions ?? [];
  const venueDim = (v, dimId) => (v.dimensions ?? []).find((x) => x.id === dimId)?.score ?? null;
  const matrix = h('table', { class: 'data-table matrix' },
    h('caption', {}, t('venues.matrixCaption')),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('venues.name')),
      h('th', { scope: 'col', class: 'num' }, t('overallShort')),
      dims.map((d) => h('th', { scope: 'col', class: 'num' }, d.title)))),
    h('tbody', {}, ranked.map((v) => h('tr', {},
      h('th', { scope: 'row' }, v.name),
      h('td', { class: 'num strong cell-heat', style: heat(v.score) }, score(v.score)),
      dims.map((d) => {
        const value = venueDim(v, d.id);
        return h('td', { class: 'num cell-heat', style: heat(value) }, score(value));
      })))));

  return section('sc-venues', t('sc.venues'),
    h('figure', { class: 'figure' }, chart,
      h('figcaption', {}, scoredVenues.length > LIMIT ? t('venues.figcaptionLimited', { n: LIMIT / 2 }) : t('venues.figcaption'))),
    scrollRegion(t('venues.caption'), table),
    more,
    h('details', { class: 'more-details' },
      h('summary', {}, t('venues.byDimension')),
      scrollRegion(t('venues.matrixCaption'), matrix),
      note(t('heatNote'))));
}
