// The follow-up of the meeting's decisions (督办) on the evaluator's scorecard page: the
// scorecard's `followUp` — implementation rate and on-time share now, each round's, and the
// overdue tasks (docs/scoring.md, "Follow-up of decisions"). Shown only when the evaluation
// has tasks; the organizer manages them in the console.

import { h } from '../shared/dom.js';
import { addMessages } from '../shared/i18n.js';
import { integer, longDate, percent, scrollRegion, section } from './common.js';

addMessages({
  zh: {
    'fu.title': '决定事项督办',
    'fu.asOf': '截至报告生成时；日期按 {zone} 计。',
    'fu.rate': '落实率',
    'fu.rateDetail': '已完成 {done} / 共 {tasks} 项',
    'fu.onTime': '按期完成率',
    'fu.onTimeDetail': '按期完成 {n} / 已完成 {done} 项',
    'fu.overdue': '逾期未完成',
    'fu.overdueDetail': '推进中 {progress}，受阻 {blocked}，未报送 {none}',
    'fu.rounds': '督办轮次',
    'fu.round': '第{n}轮（会后{days}天）',
    'fu.due': '督办日期',
    'fu.state': '状态',
    'fu.missing': '未报送单位',
    'fu.state.upcoming': '未开始',
    'fu.state.open': '进行中',
    'fu.state.closed': '已截止',
    'fu.allReported': '均已报送',
    'fu.overdueTasks': '逾期事项',
    'fu.noOverdue': '没有逾期事项。',
    'fu.task': '事项',
    'fu.unit': '责任单位',
    'fu.deadline': '完成时限',
    'fu.days': '逾期天数',
    'fu.status': '最新情况',
    'fu.status.none': '未报送',
    'fu.status.done': '已完成',
    'fu.status.in_progress': '推进中',
    'fu.status.blocked': '受阻',
  },
  en: {
    'fu.title': 'Follow-up of decisions',
    'fu.asOf': 'As of the scorecard’s time; dates in {zone}.',
    'fu.rate': 'Implementation rate',
    'fu.rateDetail': '{done} of {tasks} tasks done',
    'fu.onTime': 'On-time share',
    'fu.onTimeDetail': '{n} of {done} done on time',
    'fu.overdue': 'Overdue',
    'fu.overdueDetail': '{progress} in progress, {blocked} blocked, {none} not reported',
    'fu.rounds': 'Follow-up rounds',
    'fu.round': 'Round {n} ({days} days)',
    'fu.due': 'Due',
    'fu.state': 'State',
    'fu.missing': 'Units not reported',
    'fu.state.upcoming': 'Upcoming',
    'fu.state.open': 'Open',
    'fu.state.closed': 'Closed',
    'fu.allReported': 'All reported',
    'fu.overdueTasks': 'Overdue tasks',
    'fu.noOverdue': 'No task is overdue.',
    'fu.task': 'Task',
    'fu.unit': 'Responsible unit',
    'fu.deadline': 'Deadline',
    'fu.days': 'Days overdue',
    'fu.status': 'Latest status',
    'fu.status.none': 'Not reported',
    'fu.status.done': 'Done',
    'fu.status.in_progress': 'In progress',
    'fu.status.blocked': 'Blocked',
  },
});

function kpi(label, value, detail, id) {
  return h('div', { class: 'kpi' }, h('dt', {}, label), h('dd', {}, h('span', { class: 'kpi-value', id }, value), h('span', { class: 'kpi-sub' }, detail)));
}

export function followUpSection(ctx, { scorecard }) {
  const { t, lang } = ctx;
  const fu = scorecard.followUp;
  const tiles = h('dl', { class: 'kpis' },
    kpi(t('fu.rate'), percent(fu.implementationRate, lang), t('fu.rateDetail', { done: integer(fu.done, lang), tasks: integer(fu.tasks, lang) }), 'follow-up-rate'),
    kpi(t('fu.onTime'), percent(fu.onTimeShare, lang), t('fu.onTimeDetail', { n: integer(fu.doneOnTime, lang), done: integer(fu.done, lang) }), 'follow-up-on-time'),
    kpi(t('fu.overdue'), integer(fu.overdue, lang), t('fu.overdueDetail', { progress: integer(fu.inProgress, lang), blocked: integer(fu.blocked, lang), none: integer(fu.notReported, lang) }), 'follow-up-overdue'));
  const rounds = h('table', { class: 'data-table', id: 'follow-up-rounds' },
    h('caption', { class: 'sr-only' }, t('fu.rounds')),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('fu.rounds')), h('th', { scope: 'col' }, t('fu.due')), h('th', { scope: 'col' }, t('fu.state')),
      h('th', { scope: 'col', class: 'num' }, t('fu.rate')), h('th', { scope: 'col', class: 'num' }, t('fu.onTime')), h('th', { scope: 'col' }, t('fu.missing')))),
    h('tbody', {}, fu.rounds.map((round) => h('tr', { dataset: { round: round.round } },
      h('th', { scope: 'row' }, t('fu.round', { n: round.round, days: round.offsetDays })),
      h('td', {}, longDate(round.dueDate, lang)),
      h('td', {}, t(`fu.state.${round.state}`)),
      h('td', { class: 'num strong' }, percent(round.figures?.implementationRate, lang)),
      h('td', { class: 'num' }, percent(round.figures?.onTimeShare, lang)),
      h('td', {}, round.state === 'upcoming' ? '—' : round.missingUnits.join('、') || t('fu.allReported'))))));
  const overdue = fu.overdueTasks.length
    ? scrollRegion(t('fu.overdueTasks'), h('table', { class: 'data-table', id: 'follow-up-overdue' },
      h('caption', { class: 'sr-only' }, t('fu.overdueTasks')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('fu.task')), h('th', { scope: 'col' }, t('fu.unit')), h('th', { scope: 'col' }, t('fu.deadline')),
        h('th', { scope: 'col', class: 'num' }, t('fu.days')), h('th', { scope: 'col' }, t('fu.status')))),
      h('tbody', {}, fu.overdueTasks.map((task) => h('tr', { dataset: { task: task.id } },
        h('th', { scope: 'row' }, task.task),
        h('td', {}, task.unit),
        h('td', {}, longDate(task.deadline, lang)),
        h('td', { class: 'num' }, integer(task.daysOverdue, lang)),
        h('td', {}, t(`fu.status.${task.status ?? 'none'}`), task.reason ? `：${task.reason}` : ''))))))
    : h('p', { class: 'empty' }, t('fu.noOverdue'));
  return section('sc-follow-up', t('fu.title'),
    h('p', { class: 'note' }, t('fu.asOf', { zone: fu.timeZone })),
    tiles,
    h('h3', {}, t('fu.rounds')),
    scrollRegion(t('fu.rounds'), rounds),
    h('h3', {}, t('fu.overdueTasks')),
    overdue);
}

/** The comparison table's two follow-up cells of one evaluation. */
export function followUpCells(evaluation, lang) {
  const rates = evaluation.followUp;
  const has = rates && rates.tasks > 0;
  return [
    h('td', { class: 'num', dataset: { followUp: 'rate', value: has ? rates.implementationRate ?? '' : '' } }, has ? percent(rates.implementationRate, lang) : '—'),
    h('td', { class: 'num', dataset: { followUp: 'onTime', value: has ? rates.onTimeShare ?? '' : '' } }, has ? percent(rates.onTimeShare, lang) : '—'),
  ];
}
