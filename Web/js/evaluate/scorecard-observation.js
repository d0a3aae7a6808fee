// The scorecard's observation section: each venue's observed discipline score (the observers'
// checklist), ranked, beside the attendees' score of the same venue and the gap between them.

import { h } from '../shared/dom.js';
import { barChart, chartBox } from './charts.js';
import { delta, gradeBadge, heat, integer, note, score, section, scrollRegion } from './common.js';

export function observationSection(ctx, { scorecard }) {
  const { t, lang } = ctx;
  const observation = scorecard.observation;
  const venues = observation.venues ?? [];
  const observed = venues.filter((v) => v.n > 0);
  const chart = chartBox(ctx, (width) => barChart({
    width,
    rows: observed.map((v) => ({ label: v.name, value: v.score, note: t('obs.rankNote', { rank: v.rank ?? '—' }) })),
    reference: null,
    title: t('obs.chartTitle'),
    desc: t('chartSeeTable', { list: observed.map((v) => `${v.name} ${score(v.score)}`).join(', ') }),
    emptyLabel: t('obs.none'),
  }));
  const table = h('table', { class: 'data-table', id: 'observation-table' },
    h('caption', {}, t('obs.caption')),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'num' }, t('obs.rank')),
      h('th', { scope: 'col' }, t('obs.venue')),
      h('th', { scope: 'col', class: 'num' }, t('obs.observed')),
      h('th', { scope: 'col' }, t('obs.grade')),
      h('th', { scope: 'col', class: 'num' }, t('obs.perception')),
      h('th', { scope: 'col', class: 'num' }, t('obs.gap')))),
    h('tbody', {}, venues.map((v) => h('tr', { dataset: { venue: v.id } },
      h('td', { class: 'num rank' }, v.rank == null ? '—' : String(v.rank)),
      h('th', { scope: 'row' }, v.name),
      h('td', { class: 'num strong cell-heat', style: heat(v.score) }, v.n > 0 ? score(v.score) : h('span', { class: 'muted' }, t('obs.notObserved'))),
      h('td', {}, v.grade ? gradeBadge(v.grade) : '—'),
      h('td', { class: 'num' }, score(v.perception)),
      h('td', { class: 'num', dataset: { gap: v.gap ?? '' } }, v.gap == null ? '—' : delta(v.gap))))));
  const notes = venues.flatMap((v) => (v.notes ?? []).map((n) => ({ venue: v.name, ...n })));
  const records = notes.length
    ? scrollRegion(t('obs.notesCaption'), h('table', { class: 'data-table', id: 'observation-notes' },
      h('caption', {}, t('obs.notesCaption')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('obs.venue')),
        h('th', { scope: 'col' }, t('obs.item')),
        h('th', { scope: 'col' }, t('obs.record')))),
      h('tbody', {}, notes.map((n) => h('tr', {}, h('td', {}, n.venue), h('td', {}, n.label), h('td', {}, n.text))))))
    : null;
  return section('sc-observation', t('obs.title'),
    h('p', {}, t('obs.intro', {
      checklist: observation.checklist?.title ?? '',
      observed: integer(observed.length, lang),
      venues: integer(venues.length, lang),
    })),
    h('figure', { class: 'figure' }, chart),
    scrollRegion(t('obs.caption'), table),
    note(t('obs.note')),
    records);
}
