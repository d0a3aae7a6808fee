// #/evaluations/ID: the scorecard in the page — overall result, dimensions, rater groups,
// venues, every question with its answer distribution, data quality, comments, downloads.
// The sections are drawn by scorecard-groups.js, scorecard-questions.js and scorecard-quality.js.

import { fill, h, icon } from '../shared/dom.js';
import { chartBox, gradeGauge } from './charts.js';
import {
  DEFAULT_BANDS, bandIndex, downloadLinks, evaluationHeader, gradeBadge, integer, localized, percent, score, section,
} from './common.js';
import { may } from '../shared/session.js';
import { getEvaluation, getQuestionnaireVersion, getScorecard, getScreening, paths } from './api.js';
import { dimensionsSection, groupsSection, venuesSection } from './scorecard-groups.js';
import { commentsSection, questionsSection } from './scorecard-questions.js';
import { qualitySection } from './scorecard-quality.js';
import { firmnessSection } from './scorecard-firmness.js';
import { reportSection } from './scorecard-report.js';
import { factsSection } from './scorecard-facts.js';
import { followUpSection } from './scorecard-follow-up.js';
import { observationSection } from './scorecard-observation.js';

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

export async function renderScorecard(ctx, id) {
  const { t } = ctx;
  const data = await loadEvaluation(ctx, id);
  if (!ctx.isCurrent()) return;
  const { evaluation, scorecard } = data;
  ctx.setTitle(`${evaluation.title} · ${t('view.scorecard')}`);
  const flagged = data.screening?.responses?.length ?? 0;

  const sections = [
    { id: 'sc-overall', title: t('sc.overall'), build: () => overallSection(ctx, data) },
    { id: 'sc-report', title: t('report.title'), build: () => reportSection(ctx, data) },
    { id: 'sc-firmness', title: t('firm.title'), build: () => firmnessSection(ctx, data), skip: scorecard.overall?.score == null },
    { id: 'sc-dimensions', title: t('sc.dimensions'), build: () => dimensionsSection(ctx, data) },
    { id: 'sc-groups', title: t('sc.raterGroups'), build: () => groupsSection(ctx, data), skip: !scorecard.raterGroups?.length },
    { id: 'sc-venues', title: t('sc.venues'), build: () => venuesSection(ctx, data), skip: !scorecard.venues?.length },
    { id: 'sc-facts', title: t('facts.title'), build: () => factsSection(ctx, data), skip: !scorecard.facts },
    { id: 'sc-observation', title: t('obs.title'), build: () => observationSection(ctx, data), skip: !scorecard.observation },
    { id: 'sc-questions', title: t('sc.questions'), build: () => questionsSection(ctx, data) },
    { id: 'sc-quality', title: t('sc.quality'), build: () => qualitySection(ctx, data) },
    { id: 'sc-comments', title: t('sc.comments'), build: () => commentsSection(ctx, data) },
    { id: 'sc-follow-up', title: t('fu.title'), build: () => followUpSection(ctx, data), skip: !scorecard.followUp },
    { id: 'sc-downloads', title: t('sc.downloads'), build: () => section('sc-downloads', t('sc.downloads'), downloadLinks(ctx, evaluation.id, { pdf: evaluation.pdfReport === true, exportable: evaluation.status !== 'draft' })) },
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
