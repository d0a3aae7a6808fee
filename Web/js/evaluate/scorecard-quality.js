// The scorecard's data quality: responses received and included, screening flags,
// exclusions and their history.

import { h, icon } from '../shared/dom.js';
import { dateTime, decimal, integer, note, section, scrollRegion } from './common.js';
import { may } from '../shared/session.js';

// ------------------------------------------------------------------ data quality

export function qualitySection(ctx, { evaluation, scorecard }) {
  const { t, lang } = ctx;
  const r = scorecard.responses ?? {};
  const scr = scorecard.screening ?? {};
  const received = r.received ?? 0;
  const included = r.included ?? 0;
  const share = received ? (included / received) * 100 : 0;
  const bar = h('div', { class: 'split-bar', 'aria-hidden': 'true' },
    h('span', { class: 'split-in', style: { width: `${share}%` } }),
    h('span', { class: 'split-out', style: { width: `${100 - share}%` } }));
  const row = (label, value, cls, id) => h('tr', { class: cls },
    h('th', { scope: 'row' }, label), h('td', { class: 'num', id }, integer(value, lang)));
  const counts = h('table', { class: 'data-table compact', id: 'quality-table' },
    h('caption', {}, t('quality.caption')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('quality.figure')), h('th', { scope: 'col', class: 'num' }, t('quality.count')))),
    h('tbody', {},
      row(t('quality.received'), r.received, null, 'quality-received'),
      row(t('quality.included'), r.included, 'strong', 'quality-included'),
      row(t('quality.excludedTotal'), r.excludedTotal, null, 'quality-excluded'),
      row(t('quality.excludedSpeeder'), r.excluded?.speeder, 'sub'),
      row(t('quality.excludedStraight'), r.excluded?.straightLining, 'sub'),
      row(t('quality.excludedManual'), r.excluded?.manual, 'sub'),
      row(t('quality.flaggedSpeeder'), r.flagged?.speeder),
      row(t('quality.flaggedStraight'), r.flagged?.straightLining),
      row(t('quality.expected'), r.expected)));
  const settings = h('ul', { class: 'plain-list' },
    h('li', {}, scr.minSeconds ? t('quality.minSeconds', { n: decimal(scr.minSeconds, lang) }) : t('quality.noMinSeconds')),
    h('li', {}, scr.excludeFlagged ? t('quality.excludeFlagged') : t('quality.flagOnly')));
  const exclusions = scr.exclusions ?? [];
  const exclusionList = exclusions.length
    ? scrollRegion(t('quality.manualCaption'), h('table', { class: 'data-table compact' },
      h('caption', {}, t('quality.manualCaption')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('responseId')),
        h('th', { scope: 'col' }, t('reason')),
        h('th', { scope: 'col' }, t('by')),
        h('th', { scope: 'col' }, t('at')))),
      h('tbody', {}, exclusions.map((x) => h('tr', {},
        h('th', { scope: 'row' }, h('code', { title: x.response }, x.response.slice(0, 8))),
        h('td', {}, x.reason),
        h('td', {}, x.by),
        h('td', {}, dateTime(x.at, lang)))))))
    : h('p', { class: 'muted' }, t('quality.noManual'));
  // Every exclusion and every one taken back, from the audit log, oldest first.
  const history = scr.exclusionHistory ?? [];
  const historyList = history.length
    ? scrollRegion(t('quality.historyCaption'), h('table', { class: 'data-table compact', id: 'exclusion-history' },
      h('caption', {}, t('quality.historyCaption')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('at')),
        h('th', { scope: 'col' }, t('quality.action')),
        h('th', { scope: 'col' }, t('responseId')),
        h('th', { scope: 'col' }, t('reason')),
        h('th', { scope: 'col' }, t('by')))),
      h('tbody', {}, history.map((x) => h('tr', { 'data-action': x.action },
        h('td', {}, dateTime(x.at, lang)),
        h('td', {}, t(x.action === 'included' ? 'quality.included.action' : 'quality.excluded.action')),
        h('th', { scope: 'row' }, h('code', { title: x.response }, x.response.slice(0, 8))),
        h('td', {}, x.reason || '—'),
        h('td', {}, x.by))))))
    : null;
  return section('sc-quality', t('sc.quality'),
    h('div', { class: 'split' },
      h('p', { class: 'split-legend' },
        h('span', { class: 'key key-in', 'aria-hidden': 'true' }), t('quality.legendIncluded', { n: integer(included, lang) }), ' ',
        h('span', { class: 'key key-out', 'aria-hidden': 'true' }), t('quality.legendExcluded', { n: integer(r.excludedTotal, lang) })),
      bar),
    h('div', { class: 'two-col' },
      scrollRegion(t('quality.caption'), counts),
      h('div', {},
        h('h3', {}, t('quality.settings')), settings,
        h('h3', {}, t('quality.manual')), exclusionList,
        historyList ? h('h3', {}, t('quality.history')) : null, historyList,
        may('readRawData')
          ? h('p', {}, h('a', { class: 'button button-secondary button-small', href: `#/evaluations/${encodeURIComponent(evaluation.id)}/screening` },
            icon('filter'), t('quality.toScreening')))
          : null)),
    note(t('quality.note')),
    scorecard.includedResponsesDigest
      ? h('p', { class: 'digest' }, h('span', {}, t('quality.digest')), ' ', h('code', {}, scorecard.includedResponsesDigest))
      : null);
}
