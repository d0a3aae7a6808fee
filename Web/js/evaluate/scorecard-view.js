// #/evaluations/ID: the scorecard in the page — overall result, dimensions, rater groups,
// venues, every question with its answer distribution, data quality, comments, downloads.

import { fill, h, icon, uid } from '../shared/dom.js';
import { getEvaluation, getQuestionnaireVersion, getScorecard, getScreening, paths } from './api.js';
import { barChart, gradeGauge, responsive } from './charts.js';
import { may } from '../shared/session.js';
import {
  DEFAULT_BANDS, bandIndex, dateTime, decimal, delta, downloadLinks, evaluationHeader, gradeBadge, heat,
  integer, localized, note, percent, score, section,
  scrollRegion,
} from './common.js';

const COMMENTS_PAGE = 20;

/** Loads what an evaluation's views need: the evaluation, its scorecard, its questionnaire. */
export async function loadEvaluation(ctx, id) {
  const [evaluation, scorecard, screening] = await Promise.all([
    getEvaluation(id), getScorecard(id, ctx.lang), may('readRawData') ? getScreening(id).catch(() => null) : null,
  ]);
  let definition = null;
  try {
    const stored = await getQuestionnaireVersion(evaluation.questionnaire.id, evaluation.questionnaire.version);
    definition = stored?.definition ?? null;
  } catch {
    definition = null; // labels then fall back to the ids in the scorecard
  }
  return { evaluation, scorecard, screening, definition };
}

export function gradeBands(definition) {
  const bands = Array.isArray(definition?.grades) && definition.grades.length ? definition.grades : DEFAULT_BANDS;
  return bands.map((band) => ({ min: band.min, label: band.label }));
}

/** Draws `draw(width)` into a box now and whenever the box changes width. */
export function chartBox(ctx, draw, className = '') {
  const box = h('div', { class: ['chart-box', className] });
  const stop = responsive(box, (width) => fill(box, draw(width)));
  ctx.onCleanup(stop);
  return box;
}

export async function renderScorecard(ctx, id) {
  const { t } = ctx;
  const data = await loadEvaluation(ctx, id);
  if (!ctx.isCurrent()) return;
  const { evaluation, scorecard } = data;
  ctx.setTitle(`${evaluation.title} · ${t('view.scorecard')}`);
  const flagged = data.screening?.responses?.length ?? 0;

  const sections = [
    { id: 'sc-overall', title: t('sc.overall'), build: () => overallSection(ctx, data) },
    { id: 'sc-dimensions', title: t('sc.dimensions'), build: () => dimensionsSection(ctx, data) },
    { id: 'sc-groups', title: t('sc.raterGroups'), build: () => groupsSection(ctx, data), skip: !scorecard.raterGroups?.length },
    { id: 'sc-venues', title: t('sc.venues'), build: () => venuesSection(ctx, data), skip: !scorecard.venues?.length },
    { id: 'sc-questions', title: t('sc.questions'), build: () => questionsSection(ctx, data) },
    { id: 'sc-quality', title: t('sc.quality'), build: () => qualitySection(ctx, data) },
    { id: 'sc-comments', title: t('sc.comments'), build: () => commentsSection(ctx, data) },
    { id: 'sc-downloads', title: t('sc.downloads'), build: () => section('sc-downloads', t('sc.downloads'), downloadLinks(ctx, evaluation.id)) },
  ].filter((item) => !item.skip);

  const toc = h('nav', { class: 'toc', 'aria-label': t('toc') },
    h('p', { class: 'toc-title', 'aria-hidden': 'true' }, t('toc')),
    h('ol', {}, sections.map((item) => h('li', {}, h('a', {
      href: location.hash,
      dataset: { target: item.id },
      on: {
        click: (event) => {
          event.preventDefault();
          const target = document.getElementById(`${item.id}-title`);
          if (!target) return;
          target.scrollIntoView({ block: 'start', behavior: 'smooth' });
          target.focus({ preventScroll: true });
        },
      },
    }, item.title)))));

  const header = evaluationHeader(ctx, {
    evaluation, scorecard, questionnaireTitle: scorecard.questionnaire?.title, active: 'scorecard', flaggedCount: flagged,
  });
  header.append(h('div', { class: 'head-actions' },
    h('a', { class: 'button button-secondary button-small', href: paths.scorecard(evaluation.id, 'html', ctx.lang), target: '_blank', rel: 'noopener' },
      icon('print'), t('dl.printable'), h('span', { class: 'sr-only' }, t('opensNewTab'))),
    h('a', { class: 'button button-secondary button-small', href: paths.scorecard(evaluation.id, 'csv', ctx.lang), download: '' },
      icon('download'), t('dl.csvShort')),
    h('button', {
      type: 'button', class: 'button button-ghost button-small', id: 'refresh-scorecard',
      on: { click: () => { ctx.rerender(); ctx.announce(t('refreshing')); } },
    }, icon('refresh'), t('refresh'))));

  fill(ctx.root, header,
    h('div', { class: 'report' }, toc, h('div', { class: 'report-body' }, sections.map((item) => item.build()))));
}

// ------------------------------------------------------------------ overall

function kpi(label, value, extra, attrs = {}) {
  return h('div', { class: 'kpi', ...attrs }, h('dt', {}, label), h('dd', {}, value, extra ?? null));
}

function overallSection(ctx, { evaluation, scorecard, definition }) {
  const { t, lang } = ctx;
  const overall = scorecard.overall ?? {};
  const r = scorecard.responses ?? {};
  const ci = Array.isArray(overall.ci95) ? overall.ci95 : null;
  const bands = gradeBands(definition).map((band) => ({ min: band.min, label: localized(band.label, lang) }));
  const level = bandIndex(overall.score, bands);

  const tiles = h('dl', { class: 'kpis' },
    kpi(t('overallScore'),
      h('span', { class: 'kpi-score', id: 'overall-score', dataset: { value: overall.score ?? '' } }, score(overall.score)),
      h('span', { class: 'kpi-extra' }, gradeBadge(overall.grade) ?? t('noGrade')),
      { class: ['kpi', 'kpi-main', level >= 0 ? `level-${level}` : null] }),
    kpi(t('ci95'),
      h('span', { class: 'kpi-value', id: 'overall-ci' }, ci ? `${score(ci[0])} – ${score(ci[1])}` : '—'),
      h('span', { class: 'kpi-sub' }, ci ? t('ciHalf', { v: score((ci[1] - ci[0]) / 2) }) : t('ciNone'))),
    kpi(t('included'),
      h('span', { class: 'kpi-value', id: 'included-count', dataset: { value: r.included ?? '' } }, integer(r.included, lang)),
      h('span', { class: 'kpi-sub' }, t('includedOfReceived', { received: integer(r.received, lang), excluded: integer(r.excludedTotal, lang) }))),
    kpi(t('responseRate'),
      h('span', { class: 'kpi-value', id: 'response-rate' }, percent(r.responseRate, lang)),
      r.expected
        ? h('span', { class: 'kpi-sub' }, t('rateDetail', { received: integer(r.received, lang), expected: integer(r.expected, lang) }),
          h('span', { class: 'meter', 'aria-hidden': 'true' }, h('span', { style: { width: `${Math.min(100, (r.responseRate ?? 0) * 100)}%` } })))
        : h('span', { class: 'kpi-sub' }, t('noExpected'))));

  const children = [];
  if (evaluation.status !== 'closed') {
    children.push(h('p', { class: 'notice notice-warn' }, icon('info'), t(evaluation.status === 'open' ? 'provisionalOpen' : 'provisionalDraft')));
  }
  children.push(tiles);
  if (overall.score !== null && overall.score !== undefined) {
    children.push(h('figure', { class: 'figure' },
      chartBox(ctx, (width) => gradeGauge({
        score: overall.score, ci, bands, width,
        title: t('gauge.title'),
        desc: t('gauge.desc', {
          score: score(overall.score), grade: overall.grade ?? '—',
          ci: ci ? `${score(ci[0])}–${score(ci[1])}` : t('ciNone'),
          bands: bands.map((b) => `${b.label} ≥ ${b.min}`).join(', '),
        }),
      })),
      h('figcaption', {}, t('gauge.caption'))));
  } else {
    children.push(h('p', { class: 'empty' }, t('noScoreYet')));
  }
  return section('sc-overall', t('sc.overall'), children);
}

// ------------------------------------------------------------------ dimensions

function dimensionsSection(ctx, { scorecard }) {
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

function groupsSection(ctx, { scorecard }) {
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

function venuesSection(ctx, { scorecard }) {
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
    rows: chartRows.map((v) => ({ label: v.name, value: v.score, note: `n = ${v.n}` })),
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

// ------------------------------------------------------------------ questions

function questionDefinitions(definition) {
  const map = new Map();
  for (const dimension of definition?.dimensions ?? []) {
    for (const question of dimension.questions ?? []) map.set(question.id, question);
  }
  return map;
}

/** The answer distribution rows of a question, labelled from the questionnaire. */
function distributionRows(ctx, question, def) {
  const { t, lang } = ctx;
  const dist = question.distribution ?? {};
  const rows = [];
  if (question.type === 'rating') {
    const min = def?.scale?.min ?? Math.min(...Object.keys(dist).map(Number));
    const max = def?.scale?.max ?? Math.max(...Object.keys(dist).map(Number));
    if (Number.isFinite(min) && Number.isFinite(max)) {
      for (let point = min; point <= max; point += 1) {
        const caption = localized(def?.scale?.labels?.[point] ?? def?.scale?.labels?.[String(point)], lang);
        rows.push({ label: caption ? `${point} · ${caption}` : String(point), count: dist[String(point)] ?? 0, level: max > min ? (point - min) / (max - min) : 1 });
      }
    }
    if (question.notApplicable || def?.allowNotApplicable) {
      rows.push({ label: t('q.notApplicable'), count: question.notApplicable ?? 0, na: true });
    }
  } else if (question.type === 'single' || question.type === 'multiple') {
    const options = def?.options ?? Object.keys(dist).map((id) => ({ id, text: id }));
    for (const option of options) {
      rows.push({
        label: localized(option.text, lang) || option.id,
        count: dist[option.id] ?? 0,
        na: Boolean(option.notApplicable),
        level: typeof option.score === 'number' ? option.score / 100 : null,
      });
    }
  }
  return rows;
}

function distributionTable(ctx, question, def) {
  const { t, lang } = ctx;
  const rows = distributionRows(ctx, question, def);
  if (!rows.length) return null;
  const base = question.type === 'multiple' ? question.n : rows.reduce((sum, row) => sum + row.count, 0);
  return h('table', { class: 'dist' },
    h('caption', { class: 'sr-only' }, t('q.distCaption', { q: question.text })),
    h('thead', { class: 'sr-only' }, h('tr', {},
      h('th', { scope: 'col' }, t('q.answer')),
      h('th', { scope: 'col' }, t('q.count')),
      h('th', { scope: 'col' }, t('q.share')))),
    h('tbody', {}, rows.map((row) => {
      const share = base ? row.count / base : 0;
      const level = row.na || row.level === null || row.level === undefined ? null : Math.round(row.level * 4);
      return h('tr', { class: row.na ? 'is-na' : null },
        h('th', { scope: 'row' }, row.label),
        h('td', { class: 'dist-bar-cell' },
          h('span', { class: 'dist-track', 'aria-hidden': 'true' },
            row.count ? h('span', { class: ['dist-bar', level === null ? 'lvl-na' : `lvl-${level}`], style: { width: `${(share * 100).toFixed(1)}%` } }) : null),
          h('span', { class: 'dist-count' }, integer(row.count, lang))),
        h('td', { class: 'num dist-share' }, base ? percent(share, lang, 1) : '—'));
    })));
}

function questionCard(ctx, question, def, onShowComments) {
  const { t, lang } = ctx;
  const scored = question.weight !== null && question.weight !== undefined;
  const typeLabel = t(`qtype.${question.type}`);
  const stats = scored
    ? h('dl', { class: 'q-stats' },
      h('div', { class: 'q-stat-main' }, h('dt', {}, t('score')), h('dd', {}, score(question.score))),
      h('div', {}, h('dt', {}, t('q.mean')), h('dd', {}, score(question.mean))),
      h('div', {}, h('dt', {}, t('q.sd')), h('dd', {}, question.sd === null || question.sd === undefined ? '—' : decimal(question.sd, lang))),
      h('div', {}, h('dt', {}, t('n')), h('dd', {}, integer(question.n, lang))),
      h('div', {}, h('dt', {}, t('q.na')), h('dd', {}, integer(question.notApplicable, lang))),
      h('div', {}, h('dt', {}, t('weight')), h('dd', {}, percent(question.weight, lang, 1))))
    : h('dl', { class: 'q-stats' },
      h('div', {}, h('dt', {}, t('q.answered')), h('dd', {}, integer(question.n, lang))),
      h('div', {}, h('dt', {}, t('weight')), h('dd', {}, t('q.unscored'))));
  const body = question.type === 'text'
    ? h('p', { class: 'q-text-answers' },
      question.n
        ? h('button', { type: 'button', class: 'link-button', on: { click: () => onShowComments(question.id) } },
          t('q.showComments', { n: question.n }))
        : h('span', { class: 'muted' }, t('q.noText')))
    : distributionTable(ctx, question, def);
  return h('article', { class: 'q-card', id: `q-${question.id}`, 'aria-labelledby': `q-${question.id}-title` },
    h('h4', { class: 'q-title', id: `q-${question.id}-title` }, question.text),
    h('p', { class: 'q-meta' }, h('span', { class: 'chip chip-soft' }, typeLabel), ' ', h('code', {}, question.id),
      question.type === 'multiple' ? h('span', { class: 'muted' }, ` · ${t('q.multipleNote')}`) : null),
    stats,
    body);
}

let showCommentsFor = null;

function questionsSection(ctx, { scorecard, definition }) {
  const { t, lang } = ctx;
  const defs = questionDefinitions(definition);
  const scoredDims = new Map((scorecard.dimensions ?? []).map((d) => [d.id, d]));
  const order = [];
  const groups = new Map();
  for (const question of scorecard.questions ?? []) {
    if (!groups.has(question.dimension)) {
      groups.set(question.dimension, []);
      order.push(question.dimension);
    }
    groups.get(question.dimension).push(question);
  }
  const dimTitle = (id) => scoredDims.get(id)?.title
    ?? localized((definition?.dimensions ?? []).find((d) => d.id === id)?.title, lang) ?? id;
  const onShowComments = (questionId) => showCommentsFor?.(questionId);
  return section('sc-questions', t('sc.questions'),
    note(t('q.intro')),
    order.map((dimId, index) => {
      const dim = scoredDims.get(dimId);
      return h('details', { class: 'q-group', open: index < 2 ? true : null },
        h('summary', {},
          h('span', { class: 'q-group-title' }, dimTitle(dimId)),
          h('span', { class: 'q-group-meta' },
            dim ? t('q.groupMeta', { score: score(dim.score), w: percent(dim.weight, lang, 1), n: groups.get(dimId).length })
              : t('q.groupUnscored', { n: groups.get(dimId).length }))),
        h('div', { class: 'q-grid' }, groups.get(dimId).map((q) => questionCard(ctx, q, defs.get(q.id), onShowComments))));
    }),
    h('p', { class: 'q-expand' },
      h('button', {
        type: 'button', class: 'button button-ghost button-small',
        on: {
          click: (event) => {
            const all = [...document.querySelectorAll('#sc-questions details.q-group')];
            const open = all.some((d) => !d.open);
            all.forEach((d) => { d.open = open; });
            event.currentTarget.textContent = open ? t('q.collapseAll') : t('q.expandAll');
          },
        },
      }, t('q.expandAll'))));
}

// ------------------------------------------------------------------ data quality

function qualitySection(ctx, { evaluation, scorecard }) {
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

// ------------------------------------------------------------------ comments

function commentsSection(ctx, { scorecard }) {
  const { t, lang } = ctx;
  const comments = scorecard.comments ?? [];
  const questions = new Map((scorecard.questions ?? []).map((q) => [q.id, q]));
  const venues = new Map((scorecard.venues ?? []).map((v) => [v.id, v.name]));
  const groups = new Map((scorecard.raterGroups ?? []).map((g) => [g.id, g.name]));
  const state = { question: '', venue: '', group: '', query: '', shown: COMMENTS_PAGE };

  if (!comments.length) {
    return section('sc-comments', t('sc.comments'), h('p', { class: 'muted' }, t('comments.none')));
  }
  const ids = { q: uid('c-q'), v: uid('c-v'), g: uid('c-g'), s: uid('c-s') };
  const questionIds = [...new Set(comments.map((c) => c.question))];
  const qSelect = h('select', { id: ids.q },
    h('option', { value: '' }, t('comments.allQuestions')),
    questionIds.map((id) => h('option', { value: id }, questions.get(id)?.text ?? id)));
  const venueIds = [...new Set(comments.map((c) => c.venue).filter(Boolean))];
  const vSelect = venueIds.length ? h('select', { id: ids.v },
    h('option', { value: '' }, t('comments.allVenues')),
    venueIds.map((id) => h('option', { value: id }, venues.get(id) ?? id))) : null;
  const groupIds = [...new Set(comments.map((c) => c.raterGroup).filter(Boolean))];
  const gSelect = groupIds.length ? h('select', { id: ids.g },
    h('option', { value: '' }, t('comments.allGroups')),
    groupIds.map((id) => h('option', { value: id }, groups.get(id) ?? id))) : null;
  const search = h('input', { id: ids.s, type: 'search', autocomplete: 'off', placeholder: t('comments.searchPlaceholder') });
  const count = h('p', { class: 'result-count', id: 'comments-count' });
  const list = h('ol', { class: 'comments', id: 'comments-list' });
  const moreButton = h('button', { type: 'button', class: 'button button-secondary', id: 'comments-more' });

  const filtered = () => {
    const query = state.query.trim().toLowerCase();
    return comments.filter((c) => (!state.question || c.question === state.question)
      && (!state.venue || c.venue === state.venue)
      && (!state.group || c.raterGroup === state.group)
      && (!query || c.text.toLowerCase().includes(query)));
  };
  const draw = (focusFrom = -1) => {
    const items = filtered();
    const visible = items.slice(0, state.shown);
    fill(list, visible.map((c, index) => h('li', { class: 'comment', tabindex: index === focusFrom ? '-1' : null },
      h('p', { class: 'comment-text' }, c.text),
      h('p', { class: 'comment-question' }, questions.get(c.question)?.text ?? c.question),
      h('p', { class: 'comment-meta' },
        c.venue ? h('span', {}, venues.get(c.venue) ?? c.venue) : null,
        c.raterGroup ? h('span', {}, groups.get(c.raterGroup) ?? c.raterGroup) : null))));
    count.textContent = items.length === comments.length
      ? t('comments.countAll', { shown: integer(visible.length, lang), n: integer(items.length, lang) })
      : t('comments.countFiltered', { shown: integer(visible.length, lang), n: integer(items.length, lang), total: integer(comments.length, lang) });
    const rest = items.length - visible.length;
    moreButton.hidden = rest <= 0;
    moreButton.textContent = t('comments.more', { n: integer(Math.min(rest, COMMENTS_PAGE), lang), rest: integer(rest, lang) });
    if (!items.length) list.append(h('li', { class: 'comment empty' }, t('comments.noMatch')));
    if (focusFrom >= 0) list.children[focusFrom]?.focus();
  };
  let timer = 0;
  const refilter = () => {
    state.shown = COMMENTS_PAGE;
    draw();
    clearTimeout(timer);
    timer = setTimeout(() => ctx.announce(count.textContent), 600);
  };
  ctx.onCleanup(() => clearTimeout(timer));
  qSelect.addEventListener('change', () => { state.question = qSelect.value; refilter(); });
  vSelect?.addEventListener('change', () => { state.venue = vSelect.value; refilter(); });
  gSelect?.addEventListener('change', () => { state.group = gSelect.value; refilter(); });
  search.addEventListener('input', () => { state.query = search.value; refilter(); });
  moreButton.addEventListener('click', () => {
    const from = state.shown;
    state.shown += COMMENTS_PAGE;
    draw(from);
    ctx.announce(count.textContent);
  });
  showCommentsFor = (questionId) => {
    if (!questionIds.includes(questionId)) return;
    qSelect.value = questionId;
    state.question = questionId;
    refilter();
    const heading = document.getElementById('sc-comments-title');
    heading?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    heading?.focus({ preventScroll: true });
  };
  ctx.onCleanup(() => { showCommentsFor = null; });
  draw();

  return section('sc-comments', t('sc.comments'),
    h('form', { class: 'filters', role: 'search', 'aria-label': t('comments.filters'), on: { submit: (e) => e.preventDefault() } },
      h('div', { class: 'field' }, h('label', { for: ids.q }, t('comments.question')), qSelect),
      vSelect ? h('div', { class: 'field' }, h('label', { for: ids.v }, t('venue')), vSelect) : null,
      gSelect ? h('div', { class: 'field' }, h('label', { for: ids.g }, t('raterGroup')), gSelect) : null,
      h('div', { class: 'field grow' }, h('label', { for: ids.s }, t('comments.search')), search)),
    count,
    list,
    h('p', { class: 'more-row' }, moreButton));
}

