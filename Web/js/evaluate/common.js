// Pieces every evaluator view uses: texts in the reader's language, number formats,
// the evaluation header with its view tabs, the download links, loading and error cards.

import { h, icon } from '../shared/dom.js';
import { formatCompactDateTime, formatDate, formatDateTime, formatNumber, formatPercent } from '../shared/format.js';
import { localized } from '../shared/i18n.js';
import { phaseBadge } from '../shared/phase.js';
import { may } from '../shared/session.js';
import { paths } from './api.js';

/** A LocalizedText (plain string or {zh, en, …}) in `lang`, falling back sensibly. */
export { localized };

const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);

/** A 0–100 score with two decimals, or a dash. */
export function score(value) {
  return isNumber(value) ? value.toFixed(2) : '—';
}

export function integer(value, lang) {
  return isNumber(value) ? formatNumber(value, { lang }) : '—';
}

/** A fraction as a percentage: 0.15 → 15%, 0.6667 → 66.7%, 0.8696 → 86.96%. */
export function percent(value, lang, digits = 2) {
  return isNumber(value) ? formatPercent(value, { digits, minDigits: 0, lang }) : '—';
}

export function decimal(value, lang, digits = 2) {
  return isNumber(value) ? formatNumber(value, { digits, minDigits: 0, lang }) : '—';
}

/** A signed difference of two scores: +2.30 / −1.05. */
export function delta(value) {
  if (!isNumber(value)) return '';
  const rounded = Math.round(value * 100) / 100;
  if (rounded === 0) return '±0.00';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(2)}`;
}

export function longDate(iso, lang) {
  return formatDate(iso, { style: 'long', lang });
}

export function dateTime(iso, lang) {
  return formatDateTime(iso, { dateStyle: 'medium', timeStyle: 'medium', lang });
}

/** A moment in the reader's time zone, compact for tables: 2026-11-20 09:58:02. */
export const compactDateTime = formatCompactDateTime;

/** A duration in seconds for people: 12.3 s, 2 min 38 s. */
export function seconds(value, t) {
  if (!isNumber(value)) return '—';
  if (Math.abs(value) < 60) return t('unit.seconds', { n: (Math.round(value * 10) / 10).toString() });
  const whole = Math.round(value);
  const sign = whole < 0 ? '−' : '';
  const abs = Math.abs(whole);
  return sign + t('unit.minSec', { m: Math.floor(abs / 60), s: abs % 60 });
}

/** The evaluation's state in the one vocabulary of every page (shared/phase.js). */
export function statusBadge(evaluation) {
  return phaseBadge(evaluation);
}

export function gradeBadge(grade) {
  return grade ? h('span', { class: 'grade-badge' }, grade) : null;
}

/** The first grade band whose minimum the rounded score reaches (docs/scoring.md §4). */
export function bandIndex(value, bands) {
  if (!isNumber(value) || !bands.length) return -1;
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  const found = sorted.findIndex((band) => value >= band.min);
  if (found < 0) return 0;
  return sorted.length === 1 ? 3 : Math.round(((sorted.length - 1 - found) / (sorted.length - 1)) * 3);
}

export const DEFAULT_BANDS = [
  { min: 90, label: { zh: '优秀', en: 'Excellent' } },
  { min: 80, label: { zh: '良好', en: 'Good' } },
  { min: 60, label: { zh: '合格', en: 'Fair' } },
  { min: 0, label: { zh: '较差', en: 'Poor' } },
];

/** A soft background for a score cell: the stronger the blue, the higher the score. */
export function heat(value) {
  if (!isNumber(value)) return null;
  const v = Math.max(0, Math.min(100, value));
  const lightness = 97 - (v / 100) * 26;
  return { '--heat': `hsl(212 62% ${lightness.toFixed(1)}%)` };
}

/** What went wrong, in the reader's language, plus the server's own words and issues. */
export function describeError(t, error) {
  const status = error?.status ?? -1;
  const code = error?.code ?? '';
  let summary;
  if (status === 0) summary = t('err.unreachable');
  else if (status === 401) summary = t('err.sessionEnded');
  else if (status === 403 && code === 'csrf') summary = t('err.csrf');
  else if (status === 403) summary = t('err.forbidden');
  else if (code === 'already_excluded') summary = t('err.alreadyExcluded');
  else if (code === 'not_excluded') summary = t('err.notExcluded');
  else if (status === 404) summary = t('err.notFound');
  else if (status === 422) summary = t('err.invalid');
  else if (status === 413) summary = t('err.tooLarge');
  else if (status === 409) summary = t('err.conflict');
  else if (status >= 500) summary = t('err.server', { status });
  else if (status > 0) summary = t('err.http', { status });
  else summary = t('err.unexpected');
  return {
    summary,
    detail: error?.serverMessage ?? (status === -1 ? String(error?.message ?? '') : ''),
    code,
    issues: error?.issues ?? [],
  };
}

/** The error's texts as nodes: summary, the server's message and issues, the code. */
export function errorDetails(t, error) {
  const info = describeError(t, error);
  return [
    h('p', { class: 'error-summary' }, info.summary),
    info.detail || info.code
      ? h('p', { class: 'error-detail' },
        t('serverSaid'), ' ',
        info.detail ? h('span', { lang: 'en' }, info.detail) : null,
        info.code ? h('code', {}, info.code) : null)
      : null,
    info.issues.length
      ? h('ul', { class: 'error-issues' }, info.issues.map((issue) => h('li', {},
        h('code', {}, issue.path ?? ''), ' ', h('span', { lang: 'en' }, issue.message ?? ''))))
      : null,
  ];
}

export function loadingCard(t) {
  return h('div', { class: 'state-card' },
    h('div', { class: 'spinner', 'aria-hidden': 'true' }),
    h('p', {}, t('loading')));
}

export function errorCard(ctx, error, retry) {
  const { t } = ctx;
  return h('section', { class: 'state-card state-error', 'aria-labelledby': 'error-title' },
    h('div', { class: 'state-icon', 'aria-hidden': 'true' }, icon('error')),
    h('h1', { id: 'error-title' }, error?.status === 404 ? t('notFoundTitle') : t('errorTitle')),
    h('div', { role: 'alert' }, errorDetails(t, error)),
    h('div', { class: 'state-actions' },
      retry && error?.status !== 404 ? h('button', { type: 'button', class: 'button button-primary', on: { click: retry } }, t('retry')) : null,
      h('a', { class: 'button button-secondary', href: '#/evaluations' }, t('backToList'))));
}

export function meetingTypeLabel(type, t) {
  return t(`type.${type}`) === `type.${type}` ? type : t(`type.${type}`);
}

/**
 * The head of an evaluation's views: breadcrumb, title, facts and the view tabs.
 * active: 'scorecard' | 'screening'.
 */
export function evaluationHeader(ctx, { evaluation, scorecard, questionnaireTitle, active, flaggedCount }) {
  const { t, lang } = ctx;
  const id = evaluation.id;
  const tab = (key, href, label, extra) => h('a', {
    href, class: 'view-tab', 'aria-current': key === active ? 'page' : null,
  }, label, extra ?? null);
  const sc = scorecard;
  return h('header', { class: 'page-head' },
    h('nav', { class: 'crumbs', 'aria-label': t('breadcrumb') },
      h('ol', {},
        h('li', {}, h('a', { href: '#/evaluations' }, t('nav.evaluations'))),
        h('li', {}, h('span', { 'aria-current': 'page' }, active === 'screening' ? t('view.screening') : t('view.scorecard'))))),
    h('div', { class: 'head-kicker' },
      h('span', { class: 'chip' }, meetingTypeLabel(evaluation.meetingType, t)),
      statusBadge(evaluation)),
    h('h1', { class: 'page-title' }, evaluation.title),
    h('dl', { class: 'facts' },
      h('div', {}, h('dt', {}, t('meetingDate')), h('dd', {}, longDate(evaluation.meetingDate, lang))),
      h('div', {}, h('dt', {}, t('questionnaire')),
        h('dd', {}, questionnaireTitle || evaluation.questionnaire.id, ' ',
          h('span', { class: 'muted' }, t('versionShort', { v: evaluation.questionnaire.version })))),
      h('div', {}, h('dt', {}, t('responsesReceived')), h('dd', {}, integer(evaluation.counts?.responses, lang),
        evaluation.expectedRespondents ? h('span', { class: 'muted' }, ` / ${integer(evaluation.expectedRespondents, lang)}`) : null)),
      sc ? h('div', {}, h('dt', {}, t('generatedAt')), h('dd', { id: 'generated-at' }, dateTime(sc.generatedAt, lang))) : null),
    h('nav', { class: 'view-tabs', 'aria-label': t('evaluationViews') },
      tab('scorecard', `#/evaluations/${encodeURIComponent(id)}`, t('view.scorecard')),
      may('readRawData')
        ? tab('screening', `#/evaluations/${encodeURIComponent(id)}/screening`, t('view.screening'), reviewCount(t, flaggedCount))
        : null,
      tab('compare', `#/compare/${encodeURIComponent(evaluation.questionnaire.id)}`, t('view.compare'))));
}

/** The number of responses to review, on the screening tab (nothing when there are none). */
export function reviewCount(t, n) {
  if (!n) return null;
  return h('span', { class: 'tab-badge' },
    h('span', { class: 'tab-count', 'aria-hidden': 'true' }, String(n)),
    h('span', { class: 'sr-only' }, ` ${t('reviewCountLabel', { n })}`));
}

/** The download links: real links to the server's files. The workbook and the SPSS pair are
 * offered once the evaluation has left draft (the server refuses them for a draft); the PDF
 * where the server can print one. */
export function downloadLinks(ctx, evaluationId, { pdf = false, exportable = false } = {}) {
  const { t, lang } = ctx;
  const items = [
    pdf ? { key: 'dl.scorecardPDF', href: paths.scorecard(evaluationId, 'pdf', lang), kind: 'PDF', download: true, id: 'download-scorecard-pdf' } : null,
    { key: 'dl.scorecardCSV', href: paths.scorecard(evaluationId, 'csv', lang), kind: 'CSV', download: true, id: 'download-scorecard-csv' },
    exportable ? { key: 'dl.scorecardXLSX', href: paths.scorecard(evaluationId, 'xlsx', lang), kind: 'XLSX', download: true, id: 'download-scorecard-xlsx' } : null,
    { key: 'dl.scorecardHTML', href: paths.scorecard(evaluationId, 'html', lang), kind: 'HTML', download: false, id: 'download-scorecard-html' },
    { key: 'dl.scorecardJSON', href: paths.scorecard(evaluationId, 'json', lang), kind: 'JSON', download: true, id: 'download-scorecard-json' },
    may('readRawData') ? { key: 'dl.responsesCSV', href: paths.responsesCSV(evaluationId), kind: 'CSV', download: true, id: 'download-responses-csv' } : null,
    { key: 'dl.codebookCSV', href: paths.codebookCSV(evaluationId), kind: 'CSV', download: true, id: 'download-codebook-csv' },
    exportable && may('readRawData') ? { key: 'dl.responsesWideCSV', href: paths.responsesWideCSV(evaluationId, lang), kind: 'CSV', download: true, id: 'download-responses-wide-csv' } : null,
    exportable ? { key: 'dl.responsesSPS', href: paths.responsesSPS(evaluationId, lang), kind: 'SPS', download: true, id: 'download-responses-sps' } : null,
  ].filter(Boolean);
  return h('ul', { class: 'downloads' }, items.map((item) => h('li', {},
    h('a', {
      id: item.id,
      class: 'download',
      href: item.href,
      download: item.download ? '' : null,
      target: item.download ? null : '_blank',
      rel: item.download ? null : 'noopener',
    },
    icon(item.download ? 'download' : 'print'),
    h('span', { class: 'download-text' },
      h('span', { class: 'download-name' }, t(item.key)),
      h('span', { class: 'download-hint' }, t(`${item.key}.hint`))),
    h('span', { class: 'file-kind' }, item.kind),
    item.download ? null : h('span', { class: 'sr-only' }, t('opensNewTab'))))));
}

/** A titled card section; the heading can be reached from the table of contents. */
export function section(id, title, ...children) {
  return h('section', { class: 'panel', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title`, tabindex: '-1' }, title),
    children);
}

/** A small note under a chart or table. */
export function note(text) {
  return h('p', { class: 'note' }, text);
}

/** A region that scrolls sideways when its table is wider than the screen; keyboard-scrollable. */
export function scrollRegion(label, table) {
  return h('div', { class: 'table-scroll', role: 'region', 'aria-label': label, tabindex: '0' }, table);
}
