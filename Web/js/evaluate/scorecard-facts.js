// What the meeting did, on the evaluator's scorecard page (docs/scoring.md §12): the facts
// score against the evaluation's meeting standard, each rule's check and deduction, the
// measured quantities (person-hours, cost), and the combined index of survey and facts.
// Recorded on the console's "会议实况" tab.

import { addMessages } from '../shared/i18n.js';
import { h } from '../shared/dom.js';
import { may } from '../shared/session.js';
import { formatNumber } from '../shared/format.js';
import { gradeBadge, score, section } from './common.js';

addMessages({
  zh: {
    'facts.title': '会议实况与规范核查',
    'facts.standard': '依据：{standard}',
    'facts.noStandard': '这项评价未选会议规范：实况只列出，不计实况得分。',
    'facts.score': '实况得分',
    'facts.deducted': '共扣{n}分（100 − 扣分，最低0分）',
    'facts.combined': '综合指数',
    'facts.combinedDetail': '{ws} × 问卷总分 {survey} + {wf} × 实况得分 {facts}，加权平均',
    'facts.incomplete': '部分规则所需的实况未记录，这些规则未计扣分。',
    'facts.rule': '规则',
    'facts.value': '实况',
    'facts.limit': '限额',
    'facts.outcome': '结果',
    'facts.deduction': '扣分',
    'facts.kept': '符合',
    'facts.broken': '违反',
    'facts.notMeasured': '未记录',
    'facts.duration': '实际时长（分钟）',
    'facts.startDelay': '开始延迟（分钟）',
    'facts.attendance': '实到 / 应到',
    'facts.personHours': '人时',
    'facts.cost': '费用（元）',
    'facts.costPerPersonHour': '每人时费用（元）',
    'facts.mergeable': '可合并或以文件代替',
    'facts.yes': '是',
    'facts.no': '否',
    'facts.record': '记录或修改会议实况',
  },
  en: {
    'facts.title': 'What the meeting did, checked against its standard',
    'facts.standard': 'Standard: {standard}',
    'facts.noStandard': 'This evaluation names no meeting standard: the facts are listed, not scored.',
    'facts.score': 'Facts score',
    'facts.deducted': '{n} points deducted (100 − deductions, at least 0)',
    'facts.combined': 'Combined index',
    'facts.combinedDetail': 'weighted mean of the survey {survey} (weight {ws}) and the facts score {facts} (weight {wf})',
    'facts.incomplete': 'Some rules need facts that are not recorded; they deduct nothing.',
    'facts.rule': 'Rule',
    'facts.value': 'Fact',
    'facts.limit': 'Limit',
    'facts.outcome': 'Result',
    'facts.deduction': 'Deducted',
    'facts.kept': 'kept',
    'facts.broken': 'broken',
    'facts.notMeasured': 'not recorded',
    'facts.duration': 'Actual length (min)',
    'facts.startDelay': 'Start delay (min)',
    'facts.attendance': 'Present / expected',
    'facts.personHours': 'Person-hours',
    'facts.cost': 'Cost (yuan)',
    'facts.costPerPersonHour': 'Cost per person-hour (yuan)',
    'facts.mergeable': 'Could have been merged or a document',
    'facts.yes': 'yes',
    'facts.no': 'no',
    'facts.record': 'Record or correct the meeting facts',
  },
});

const number = (value, lang) => (value == null ? '—' : formatNumber(value, { digits: 2, minDigits: 0, lang }));

export function factsSection(ctx, { evaluation, scorecard }) {
  const { t, lang } = ctx;
  const facts = scorecard.facts;
  const measured = facts.measured ?? {};
  const combined = scorecard.combined;
  const tiles = h('dl', { class: 'kpis' },
    h('div', { class: 'kpi' }, h('dt', {}, t('facts.score')),
      h('dd', {}, h('span', { class: 'kpi-value', id: 'facts-score' }, score(facts.score)),
        h('span', { class: 'kpi-sub' }, t('facts.deducted', { n: number(facts.deducted, lang) })))),
    combined
      ? h('div', { class: 'kpi' }, h('dt', {}, t('facts.combined')),
        h('dd', {}, h('span', { class: 'kpi-value', id: 'combined-score' }, score(combined.score)),
          h('span', { class: 'kpi-extra' }, gradeBadge(combined.grade)),
          h('span', { class: 'kpi-sub' }, t('facts.combinedDetail', {
            ws: number(combined.index.survey, lang), survey: score(combined.survey),
            wf: number(combined.index.facts, lang), facts: score(combined.facts),
          }))))
      : null);
  const limit = (check) => `${check.limit.max != null ? '≤' : '≥'} ${number(check.limit.max ?? check.limit.min, lang)}`;
  const checks = facts.checks ?? [];
  const table = checks.length
    ? h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('facts.title') }, h('table', { class: 'data-table', id: 'facts-checks' },
      h('thead', {}, h('tr', {}, [t('facts.rule'), t('facts.value'), t('facts.limit'), t('facts.outcome'), t('facts.deduction')]
        .map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, checks.map((check) => h('tr', { dataset: { rule: check.rule }, class: check.passed === false ? 'facts-broken' : null },
        h('th', { scope: 'row' }, check.title),
        h('td', { class: 'num' }, number(check.value, lang)),
        h('td', {}, limit(check)),
        h('td', {}, check.passed == null ? t('facts.notMeasured') : t(check.passed ? 'facts.kept' : 'facts.broken')),
        h('td', { class: 'num' }, check.deducted ? `−${number(check.deducted, lang)}` : '0'))))))
    : null;
  const yesNo = (value) => (value == null ? '—' : t(value ? 'facts.yes' : 'facts.no'));
  const quantities = h('dl', { class: 'facts-quantities' }, [
    [t('facts.duration'), number(measured.durationMinutes, lang)],
    [t('facts.startDelay'), number(measured.startDelayMinutes, lang)],
    [t('facts.attendance'), measured.present == null ? '—' : `${number(measured.present, lang)} / ${number(measured.expected, lang)}`],
    [t('facts.personHours'), number(measured.personHours, lang)],
    [t('facts.cost'), number(measured.cost, lang)],
    [t('facts.costPerPersonHour'), number(measured.costPerPersonHour, lang)],
    [t('facts.mergeable'), yesNo(measured.mergeable == null && measured.replaceable == null ? null : Boolean(measured.mergeable || measured.replaceable))],
  ].flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
  return section('sc-facts', t('facts.title'),
    facts.standard
      ? h('p', {}, t('facts.standard', { standard: `${facts.standard.title} (${facts.standard.id} v${facts.standard.version})` }))
      : h('p', { class: 'notice' }, t('facts.noStandard')),
    tiles,
    facts.complete ? null : h('p', { class: 'notice notice-warn' }, t('facts.incomplete')),
    table,
    quantities,
    may('recordFacts') ? h('p', {}, h('a', { href: `/console#/evaluations/${encodeURIComponent(evaluation.id)}/facts` }, t('facts.record'))) : null);
}
