// A responsible unit's follow-up page (/f/{token}): the unit's tasks of one evaluation, read
// from GET /api/public/follow-up/{token}, each with a form to report done, in progress or
// blocked (with a reason) and evidence (POST …/reports). No account: the link is the access.
// Bilingual with the shared language switch; every status change is announced.

import { h, fill, languageButtons } from '../shared/dom.js';
import { formatDate, formatDateTime } from '../shared/format.js';
import { request } from '../shared/http.js';
import { LANGUAGES, language, setLanguage, t } from '../shared/i18n.js';
import './messages.js';

const STATUSES = ['done', 'in_progress', 'blocked'];

const token = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? '');
const apiPath = `/api/public/follow-up/${encodeURIComponent(token)}`;

const els = {
  switcher: document.getElementById('lang-switch'),
  intro: document.getElementById('fu-intro'),
  notice: document.getElementById('fu-notice'),
  tasks: document.getElementById('fu-tasks'),
};

/** What is on screen, kept so that a language switch draws it again in the other language. */
const state = {
  view: null, // the API's answer
  failure: null, // {key, params}
  notice: null, // {key, params}
  drafts: {}, // task id → {status, reason, evidence, error, busy}
};

// ---------------------------------------------------------------- drawing

function drawTexts() {
  document.documentElement.lang = LANGUAGES.find((l) => l.code === language()).tag;
  document.title = `${t('pageTitle')} · MeetingEval`;
  const set = (id, text) => {
    const element = document.getElementById(id);
    if (element) element.textContent = text;
  };
  set('brand-text', t('brand'));
  set('fu-title', t('title'));
  set('skip-link', t('skip'));
  set('footer-text', t('footer'));
  els.switcher.setAttribute('aria-label', `${t('language')} / Language`);
  els.switcher.replaceChildren(...languageButtons(LANGUAGES.map((choice) => choice.code), language(), switchLanguage));
  draw();
}

function switchLanguage(code) {
  if (code === language()) return;
  setLanguage(code);
  drawTexts();
  els.switcher.querySelector(`[data-lang="${code}"]`)?.focus();
}

function draw() {
  els.notice.textContent = state.notice ? t(state.notice.key, state.notice.params) : '';
  if (state.failure) {
    fill(els.intro);
    fill(els.tasks, h('p', { class: 'fu-error', role: 'alert' }, t(state.failure.key, state.failure.params)));
    return;
  }
  const view = state.view;
  if (!view) {
    fill(els.intro, h('p', {}, t('loading')));
    fill(els.tasks);
    return;
  }
  fill(
    els.intro,
    h('p', {}, t('intro', { unit: view.unit, title: view.evaluation.title, date: formatDate(view.evaluation.meetingDate) })),
    view.evaluation.archived ? h('p', { class: 'fu-error' }, t('archived')) : null,
  );
  if (view.tasks.length === 0) {
    fill(els.tasks, h('p', {}, t('none')));
    return;
  }
  fill(els.tasks, ...view.tasks.map((task) => taskCard(task, view.evaluation.archived)));
}

function statusBadge(task) {
  const key = task.status ?? 'none';
  return h('span', { class: `fu-badge ${task.status ?? ''}`, 'data-status': key }, t(`status.${key}`));
}

function taskCard(task, archived) {
  const titleId = `task-${task.id}-title`;
  const draft = state.drafts[task.id] ?? (state.drafts[task.id] = { status: '', reason: '', evidence: '', error: null, busy: false });
  const meta = h(
    'p',
    { class: 'fu-meta' },
    h('span', {}, t('number', { n: task.position })),
    h('span', {}, t('deadline', { date: formatDate(task.deadline) })),
    statusBadge(task),
    task.overdue ? h('span', { class: 'fu-badge overdue' }, t('overdue', { n: task.daysOverdue })) : null,
  );
  const latest = task.reportedAt
    ? h(
        'p',
        { class: 'fu-latest' },
        t('latest', { time: formatDateTime(task.reportedAt) }),
        task.reason ? `\n${t('reasonShown', { text: task.reason })}` : '',
        task.evidence ? `\n${t('evidenceShown', { text: task.evidence })}` : '',
      )
    : null;
  return h(
    'section',
    { class: 'fu-task', 'aria-labelledby': titleId, 'data-task': task.id },
    h('h2', { id: titleId }, task.task),
    meta,
    latest,
    archived ? null : reportForm(task, draft),
  );
}

function reportForm(task, draft) {
  const name = `status-${task.id}`;
  const errorId = `error-${task.id}`;
  const reasonId = `reason-${task.id}`;
  const evidenceId = `evidence-${task.id}`;
  const choices = STATUSES.map((status) =>
    h(
      'label',
      { class: 'fu-choice' },
      h('input', {
        type: 'radio',
        name,
        value: status,
        checked: draft.status === status,
        onchange: () => {
          draft.status = status;
          draft.error = null;
          draw();
          document.querySelector(`input[name="${name}"][value="${status}"]`)?.focus();
        },
      }),
      t(`status.${status}`),
    ),
  );
  const blocked = draft.status === 'blocked';
  const reason = blocked
    ? h(
        'div',
        { class: 'fu-field' },
        h('label', { for: reasonId }, t('reason')),
        h('textarea', {
          id: reasonId,
          maxlength: 1000,
          required: true,
          'aria-required': 'true',
          'aria-invalid': draft.error === 'reasonRequired' ? 'true' : 'false',
          'aria-describedby': `${reasonId}-hint ${errorId}`,
          value: draft.reason,
          oninput: (event) => {
            draft.reason = event.target.value;
          },
        }),
        h('span', { class: 'fu-hint', id: `${reasonId}-hint` }, t('reasonHint')),
      )
    : null;
  const evidence = h(
    'div',
    { class: 'fu-field' },
    h('label', { for: evidenceId }, t('evidence')),
    h('textarea', {
      id: evidenceId,
      maxlength: 4000,
      'aria-describedby': `${evidenceId}-hint`,
      value: draft.evidence,
      oninput: (event) => {
        draft.evidence = event.target.value;
      },
    }),
    h('span', { class: 'fu-hint', id: `${evidenceId}-hint` }, t('evidenceHint')),
  );
  const errorText = draft.error ? (typeof draft.error === 'string' ? t(draft.error) : t('rejected', { message: draft.error.message })) : '';
  return h(
    'form',
    { class: 'fu-form', novalidate: true, onsubmit: (event) => submit(event, task, draft) },
    h('fieldset', { 'aria-describedby': errorId }, h('legend', {}, t('legend')), h('div', { class: 'fu-choices' }, ...choices)),
    reason,
    evidence,
    h('p', { class: 'fu-form-error', id: errorId, role: 'alert' }, errorText),
    h('button', { type: 'submit', class: 'fu-submit', disabled: draft.busy }, t(draft.busy ? 'submitting' : 'submit')),
  );
}

// ---------------------------------------------------------------- talking to the server

function failureOf(result) {
  if (result.status === 404) return { key: 'invalid' };
  if (result.status === 429) return { key: 'tooMany', params: { n: Number(result.headers?.get('Retry-After')) || 60 } };
  if (result.status === 0) return { key: 'network' };
  return { key: 'failed', params: { status: result.status } };
}

async function load() {
  const result = await request('GET', apiPath, { auth: false });
  if (!result.ok) {
    state.failure = failureOf(result);
  } else {
    state.view = result.data;
    state.failure = null;
  }
  draw();
}

async function submit(event, task, draft) {
  event.preventDefault();
  if (draft.busy) return;
  if (!draft.status) {
    draft.error = 'chooseStatus';
  } else if (draft.status === 'blocked' && !draft.reason.trim()) {
    draft.error = 'reasonRequired';
  } else {
    draft.error = null;
  }
  if (draft.error) {
    draw();
    focusTask(task.id, draft.error === 'reasonRequired' ? `#reason-${task.id}` : 'input[type="radio"]');
    return;
  }
  draft.busy = true;
  draw();
  const body = { task: task.id, status: draft.status };
  if (draft.status === 'blocked') body.reason = draft.reason.trim();
  if (draft.evidence.trim()) body.evidence = draft.evidence.trim();
  const result = await request('POST', `${apiPath}/reports`, { json: body, auth: false });
  draft.busy = false;
  if (result.ok) {
    const index = state.view.tasks.findIndex((item) => item.id === task.id);
    if (index >= 0) state.view.tasks[index] = result.data;
    state.drafts[task.id] = { status: '', reason: '', evidence: '', error: null, busy: false };
    state.notice = { key: 'saved', params: { n: task.position } };
    draw();
    focusTask(task.id, 'h2');
    return;
  }
  if (result.status === 404 || result.status === 429 || result.status === 0) {
    state.failure = failureOf(result);
  } else {
    const issues = result.error?.issues ?? [];
    const message = [result.error?.message, ...issues.map((issue) => `${issue.path}: ${issue.message}`)].filter(Boolean).join(' ');
    draft.error = { message };
  }
  draw();
  focusTask(task.id, '.fu-form-error');
}

function focusTask(taskId, selector) {
  const card = els.tasks.querySelector(`[data-task="${taskId}"]`);
  const target = card?.querySelector(selector);
  if (!target) return;
  if (!target.hasAttribute('tabindex') && !['INPUT', 'TEXTAREA', 'BUTTON'].includes(target.tagName)) target.setAttribute('tabindex', '-1');
  target.focus();
}

drawTexts();
load();
