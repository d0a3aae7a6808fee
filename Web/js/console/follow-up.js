// The follow-up tab of an evaluation (督办): the implementation rate and on-time share now and
// at each round, which units reported within each round and which did not, the overdue tasks,
// every task with its latest status, and — for whoever may manage the evaluation — adding tasks
// by hand or from a CSV file, correcting or removing a task nobody reported on yet, issuing or
// reissuing a responsible unit's link (shown once: the server keeps only its digest) and
// setting the rounds' offsets.

import { t } from '../shared/i18n.js';
import { formatDate, formatDateTime, formatNumber, formatPercent } from '../shared/format.js';
import { announce, fill, h, icon } from '../shared/dom.js';
import { request } from '../shared/http.js';
import { may } from '../shared/session.js';
import { confirmDialog } from './dialog.js';
import { errorBlock, failureMessage, loadingBlock, notice, toast } from './dom.js';

const enc = encodeURIComponent;

const followUpApi = {
  overview: (id) => request('GET', `/api/evaluations/${enc(id)}/follow-up`),
  addTasks: (id, tasks) => request('POST', `/api/evaluations/${enc(id)}/tasks`, { json: { tasks } }),
  importTasks: (id, csv) => request('POST', `/api/evaluations/${enc(id)}/tasks/import`, { text: csv, contentType: 'text/csv' }),
  correctTask: (id, task, body) => request('PATCH', `/api/evaluations/${enc(id)}/tasks/${enc(task)}`, { json: body }),
  deleteTask: (id, task) => request('DELETE', `/api/evaluations/${enc(id)}/tasks/${enc(task)}`),
  setRounds: (id, offsets) => request('PUT', `/api/evaluations/${enc(id)}/follow-up`, { json: { offsets } }),
  issueLink: (id, unit) => request('POST', `/api/evaluations/${enc(id)}/follow-up/links`, { json: { unit } }),
};

/** Links issued in this page, per evaluation and unit: shown until the page is left. */
const issuedLinks = new Map();

export async function drawFollowUp(page, body, { focus = null } = {}) {
  const { evaluation } = page;
  fill(body, loadingBlock());
  const result = await followUpApi.overview(evaluation.id);
  if (!body.isConnected) return;
  if (!result.ok) {
    fill(body, errorBlock(t('loadFailed', { message: failureMessage(result) }), () => drawFollowUp(page, body)));
    return;
  }
  const overview = result.data;
  const manage = may('manageEvaluations');
  const redraw = (target) => drawFollowUp(page, body, { focus: target });
  fill(
    body,
    h('p', { class: 'section-hint' }, t('fu.lead')),
    figures(overview.summary),
    roundsCard(overview.summary, manage ? (offsets) => saveRounds(page, offsets, redraw) : null),
    overdueCard(overview.summary),
    unitsCard(page, overview.units, manage, redraw),
    tasksCard(page, overview.tasks, manage, redraw),
    manage ? addTasksCard(page, redraw) : null,
  );
  if (focus) body.querySelector(focus)?.focus();
}

function stat(id, label, value, note) {
  return h(
    'section',
    { class: 'card stat-card', 'aria-labelledby': `${id}-label` },
    h('h2', { class: 'stat-label', id: `${id}-label` }, label),
    h('p', { class: 'stat-value' }, h('span', { class: 'stat-number', id }, value)),
    note ? h('p', { class: 'stat-note' }, note) : null,
  );
}

function figures(summary) {
  return h(
    'div',
    { class: 'stat-grid stat-grid-3' },
    stat('fu-rate', t('fu.rate'), formatPercent(summary.implementationRate, { digits: 1 }), t('fu.rateNote', { done: formatNumber(summary.done), tasks: formatNumber(summary.tasks) })),
    stat('fu-on-time', t('fu.onTime'), formatPercent(summary.onTimeShare, { digits: 1 }), t('fu.onTimeNote', { n: formatNumber(summary.doneOnTime) })),
    stat('fu-overdue', t('fu.overdue'), formatNumber(summary.overdue), t('fu.statusNote', { progress: formatNumber(summary.inProgress), blocked: formatNumber(summary.blocked), none: formatNumber(summary.notReported) })),
  );
}

function table(id, caption, columns, rows) {
  return h(
    'table',
    { class: 'data-table', id },
    h('caption', { class: 'sr-only' }, caption),
    h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col', class: column.className ?? null }, column.label)))),
    h('tbody', {}, rows),
  );
}

function roundsCard(summary, onSave) {
  const rows = summary.rounds.map((round) =>
    h(
      'tr',
      { 'data-round': round.round },
      h('th', { scope: 'row', class: 'cell-main' }, t('fu.roundName', { n: round.round, days: round.offsetDays })),
      h('td', { 'data-label': t('fu.colDue') }, h('time', { datetime: round.dueDate }, formatDate(round.dueDate))),
      h('td', { 'data-label': t('fu.colState') }, t(`fu.state.${round.state}`)),
      h('td', { 'data-label': t('fu.colRate'), class: 'col-count', 'data-rate': round.figures?.implementationRate ?? '' }, formatPercent(round.figures?.implementationRate, { digits: 1 })),
      h('td', { 'data-label': t('fu.colOnTime'), class: 'col-count' }, formatPercent(round.figures?.onTimeShare, { digits: 1 })),
      h('td', { 'data-label': t('fu.colReported') }, round.state === 'upcoming' ? '—' : round.reportedUnits.join('、') || '—'),
      h('td', { 'data-label': t('fu.colMissing'), class: round.missingUnits.length ? 'attention' : null }, round.state === 'upcoming' ? '—' : round.missingUnits.join('、') || t('fu.allReported')),
    ),
  );
  let form = null;
  if (onSave) {
    const input = h('input', { type: 'text', id: 'fu-offsets', inputmode: 'numeric', value: summary.offsets.join(', '), 'aria-describedby': 'fu-offsets-hint', class: 'mono' });
    form = h(
      'form',
      { class: 'inline-form', id: 'fu-rounds-form', novalidate: true, onsubmit: (event) => {
        event.preventDefault();
        const offsets = input.value.split(/[\s,，、]+/).filter(Boolean).map(Number);
        onSave(offsets);
      } },
      h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'fu-offsets' }, t('fu.offsets')), input, h('p', { class: 'field-hint', id: 'fu-offsets-hint' }, t('fu.offsetsHint'))),
      h('button', { type: 'submit', class: 'btn btn-secondary', id: 'fu-save-rounds' }, t('fu.saveRounds')),
    );
  }
  return h(
    'section',
    { class: 'card table-card', 'aria-labelledby': 'fu-rounds-title' },
    h('h2', { class: 'section-title table-card-title', id: 'fu-rounds-title' }, t('fu.rounds')),
    h('p', { class: 'section-hint' }, t('fu.roundsLead', { zone: summary.timeZone })),
    table(
      'fu-round-table',
      t('fu.rounds'),
      [
        { label: t('fu.colRound') }, { label: t('fu.colDue') }, { label: t('fu.colState') }, { label: t('fu.colRate'), className: 'col-count' },
        { label: t('fu.colOnTime'), className: 'col-count' }, { label: t('fu.colReported') }, { label: t('fu.colMissing') },
      ],
      rows,
    ),
    form,
  );
}

function statusText(task) {
  return t(`fu.status.${task.status ?? 'none'}`);
}

function overdueCard(summary) {
  const tasks = summary.overdueTasks;
  return h(
    'section',
    { class: 'card table-card', 'aria-labelledby': 'fu-overdue-title' },
    h('h2', { class: 'section-title table-card-title', id: 'fu-overdue-title' }, t('fu.overdueTitle', { n: formatNumber(tasks.length) })),
    tasks.length
      ? table(
          'fu-overdue-table',
          t('fu.overdueTitle', { n: tasks.length }),
          [{ label: t('fu.colNumber') }, { label: t('fu.colTask') }, { label: t('fu.colUnit') }, { label: t('fu.colDeadline') }, { label: t('fu.colDays'), className: 'col-count' }, { label: t('fu.colStatus') }],
          tasks.map((task) =>
            h(
              'tr',
              { 'data-task': task.id },
              h('td', {}, formatNumber(task.position)),
              h('th', { scope: 'row', class: 'cell-main' }, task.task),
              h('td', { 'data-label': t('fu.colUnit') }, task.unit),
              h('td', { 'data-label': t('fu.colDeadline') }, formatDate(task.deadline)),
              h('td', { 'data-label': t('fu.colDays'), class: 'col-count' }, formatNumber(task.daysOverdue)),
              h('td', { 'data-label': t('fu.colStatus') }, statusText(task), task.reason ? `：${task.reason}` : ''),
            ),
          ),
        )
      : h('p', { class: 'empty-note' }, t('fu.noOverdue')),
  );
}

function unitsCard(page, units, manage, redraw) {
  const { evaluation } = page;
  const links = issuedLinks.get(evaluation.id) ?? new Map();
  const rows = units.map((unit, index) => {
    const link = links.get(unit.unit);
    return h(
      'tr',
      { 'data-unit': unit.unit },
      h('th', { scope: 'row', class: 'cell-main' }, unit.unit),
      h('td', { 'data-label': t('fu.colTasks'), class: 'col-count' }, formatNumber(unit.tasks)),
      h('td', { 'data-label': t('fu.colLastReport') }, unit.lastReportAt ? formatDateTime(unit.lastReportAt) : '—'),
      h('td', { 'data-label': t('fu.colLink') }, unit.linkIssuedAt ? t('fu.linkIssued', { time: formatDateTime(unit.linkIssuedAt) }) : t('fu.noLink'),
        link ? h('div', { class: 'field' },
          h('label', { class: 'field-label small', for: `fu-link-${index}` }, t('fu.linkFor', { unit: unit.unit })),
          h('input', { type: 'text', readonly: true, id: `fu-link-${index}`, class: 'mono fu-link', style: { width: '100%', 'min-width': '16em' }, value: link, onfocus: (event) => event.target.select() })) : null),
      manage
        ? h('td', { class: 'col-actions' }, h('button', {
            type: 'button', class: 'btn btn-secondary btn-small', id: `fu-issue-${index}`,
            onclick: () => issueLink(page, unit, index, redraw),
          }, icon('link'), unit.linkIssuedAt ? t('fu.reissue') : t('fu.issue')))
        : null,
    );
  });
  return h(
    'section',
    { class: 'card table-card', 'aria-labelledby': 'fu-units-title' },
    h('h2', { class: 'section-title table-card-title', id: 'fu-units-title' }, t('fu.units')),
    h('p', { class: 'section-hint' }, t('fu.unitsLead')),
    units.length
      ? table('fu-unit-table', t('fu.units'), [{ label: t('fu.colUnit') }, { label: t('fu.colTasks'), className: 'col-count' }, { label: t('fu.colLastReport') }, { label: t('fu.colLink') }, manage ? { label: t('fu.colActions'), className: 'col-actions' } : null].filter(Boolean), rows)
      : h('p', { class: 'empty-note' }, t('fu.noTasks')),
  );
}

async function issueLink(page, unit, index, redraw) {
  if (unit.linkIssuedAt) {
    const ok = await confirmDialog({ title: t('fu.reissueTitle'), body: t('fu.reissueBody', { unit: unit.unit }), confirmLabel: t('fu.reissue'), tone: 'danger' });
    if (!ok) return;
  }
  const result = await followUpApi.issueLink(page.evaluation.id, unit.unit);
  if (!result.ok) {
    const message = t('fu.failed', { message: failureMessage(result) });
    toast(message, 'error');
    announce(message);
    return;
  }
  const links = issuedLinks.get(page.evaluation.id) ?? new Map();
  links.set(unit.unit, `${location.origin}${result.data.path}`);
  issuedLinks.set(page.evaluation.id, links);
  announce(t('fu.linkMade', { unit: unit.unit }));
  await redraw(`#fu-link-${index}`);
}

function tasksCard(page, tasks, manage, redraw) {
  const rows = tasks.map((task, index) =>
    h(
      'tr',
      { 'data-task': task.id, 'data-status': task.status ?? 'none' },
      h('td', {}, formatNumber(task.position)),
      h('th', { scope: 'row', class: 'cell-main fu-task-text' }, task.task),
      h('td', { 'data-label': t('fu.colUnit') }, task.unit),
      h('td', { 'data-label': t('fu.colDeadline') }, formatDate(task.deadline), task.overdue ? h('span', { class: 'chip chip-small attention' }, t('fu.overdueMark')) : null),
      h('td', { 'data-label': t('fu.colStatus'), class: 'fu-status' }, statusText(task), task.reason ? `：${task.reason}` : '', task.evidence ? h('div', { class: 'muted' }, t('fu.evidence', { text: task.evidence })) : null),
      manage
        ? h(
            'td',
            { class: 'col-actions' },
            task.reports === 0
              ? [
                  h('button', { type: 'button', class: 'btn btn-ghost btn-small', id: `fu-edit-${index}`, onclick: () => editTask(page, task, redraw) }, icon('edit'), h('span', { class: 'sr-only' }, `${t('fu.edit')} ${task.position}`), t('fu.edit')),
                  h('button', { type: 'button', class: 'btn btn-ghost btn-small', id: `fu-delete-${index}`, onclick: () => deleteTask(page, task, redraw) }, icon('trash'), t('fu.delete')),
                ]
              : h('span', { class: 'muted' }, t('fu.reported', { n: task.reports })),
          )
        : null,
    ),
  );
  return h(
    'section',
    { class: 'card table-card', 'aria-labelledby': 'fu-tasks-title' },
    h('h2', { class: 'section-title table-card-title', id: 'fu-tasks-title' }, t('fu.tasks', { n: formatNumber(tasks.length) })),
    tasks.length
      ? table(
          'fu-task-table',
          t('fu.tasks', { n: tasks.length }),
          [{ label: t('fu.colNumber') }, { label: t('fu.colTask') }, { label: t('fu.colUnit') }, { label: t('fu.colDeadline') }, { label: t('fu.colStatus') }, manage ? { label: t('fu.colActions'), className: 'col-actions' } : null].filter(Boolean),
          rows,
        )
      : h('p', { class: 'empty-note' }, t('fu.noTasks')),
  );
}

/** The add form, or the correction of one task when `editing` is set. */
let editing = null;

function editTask(page, task, redraw) {
  editing = task;
  redraw('#fu-new-task');
}

async function deleteTask(page, task, redraw) {
  const ok = await confirmDialog({ title: t('fu.deleteTitle'), body: t('fu.deleteBody', { task: task.task }), confirmLabel: t('fu.delete'), tone: 'danger' });
  if (!ok) return;
  const result = await followUpApi.deleteTask(page.evaluation.id, task.id);
  const message = result.ok ? t('fu.deleted') : t('fu.failed', { message: failureMessage(result) });
  toast(message, result.ok ? 'ok' : 'error');
  announce(message);
  if (result.ok) await redraw('#fu-tasks-title');
}

function showError(slot, result) {
  const issues = result.error?.issues ?? [];
  fill(
    slot,
    icon('error'),
    h('div', {}, h('p', {}, result.error?.message || t('fu.failed', { message: failureMessage(result) })),
      issues.length ? h('ul', {}, issues.map((issue) => h('li', {}, issue.line ? t('fu.issueLine', { line: issue.line, path: issue.path, message: issue.message }) : `${issue.path}: ${issue.message}`))) : null),
  );
  slot.classList.add('is-visible');
  slot.setAttribute('tabindex', '-1');
  slot.focus();
}

function addTasksCard(page, redraw) {
  const current = editing;
  const text = h('textarea', { id: 'fu-new-task', rows: 2, maxlength: 1000, required: true, 'aria-required': 'true' });
  text.value = current?.task ?? '';
  const unit = h('input', { type: 'text', id: 'fu-new-unit', maxlength: 100, required: true, 'aria-required': 'true', value: current?.unit ?? '' });
  const deadline = h('input', { type: 'date', id: 'fu-new-deadline', required: true, 'aria-required': 'true', value: current?.deadline ?? '' });
  const error = h('div', { class: 'form-error', id: 'fu-add-error', role: 'alert' });
  const form = h(
    'form',
    { class: 'card stack-form', id: 'fu-add-form', novalidate: true, 'aria-labelledby': 'fu-add-title' },
    h('h2', { class: 'section-title', id: 'fu-add-title' }, current ? t('fu.editTitle', { n: current.position }) : t('fu.addTitle')),
    h('p', { class: 'section-hint' }, t('fu.addLead')),
    error,
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'fu-new-task' }, t('fu.colTask')), text),
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'fu-new-unit' }, t('fu.colUnit')), unit),
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'fu-new-deadline' }, t('fu.colDeadline')), deadline),
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'fu-add' }, icon(current ? 'check' : 'plus'), current ? t('fu.saveTask') : t('fu.addTask')),
      current ? h('button', { type: 'button', class: 'btn btn-ghost', id: 'fu-cancel-edit', onclick: () => { editing = null; redraw('#fu-new-task'); } }, t('cancel')) : null,
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { task: text.value, unit: unit.value, deadline: deadline.value };
    const result = current
      ? await followUpApi.correctTask(page.evaluation.id, current.id, body)
      : await followUpApi.addTasks(page.evaluation.id, [body]);
    if (!result.ok) {
      showError(error, result);
      return;
    }
    editing = null;
    const message = current ? t('fu.saved') : t('fu.added', { n: 1 });
    toast(message);
    announce(message);
    await redraw('#fu-new-task');
  });

  const file = h('input', { type: 'file', id: 'fu-csv', accept: '.csv,text/csv', 'aria-describedby': 'fu-csv-hint' });
  const importError = h('div', { class: 'form-error', id: 'fu-import-error', role: 'alert' });
  const importForm = h(
    'form',
    { class: 'card stack-form', id: 'fu-import-form', novalidate: true, 'aria-labelledby': 'fu-import-title' },
    h('h2', { class: 'section-title', id: 'fu-import-title' }, t('fu.importTitle')),
    importError,
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'fu-csv' }, t('fu.csvFile')), file, h('p', { class: 'field-hint', id: 'fu-csv-hint' }, t('fu.csvHint'))),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-secondary', id: 'fu-import' }, icon('doc'), t('fu.import'))),
  );
  importForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) {
      showError(importError, { error: { message: t('fu.chooseFile'), issues: [] } });
      return;
    }
    const result = await followUpApi.importTasks(page.evaluation.id, await chosen.text());
    if (!result.ok) {
      showError(importError, result);
      return;
    }
    const message = t('fu.added', { n: result.data.added });
    toast(message);
    announce(message);
    await redraw('#fu-tasks-title');
  });
  return h('div', { class: 'fu-forms' }, form, importForm);
}

async function saveRounds(page, offsets, redraw) {
  const result = await followUpApi.setRounds(page.evaluation.id, offsets);
  const message = result.ok ? t('fu.roundsSaved') : t('fu.failed', { message: failureMessage(result) });
  toast(message, result.ok ? 'ok' : 'error');
  announce(message);
  if (result.ok) await redraw('#fu-rounds-title');
}
