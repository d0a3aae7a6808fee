// The form while it is being filled in: answers into the draft, showIf, counters and progress,
// and the problems (the page's own rules, then the server's) next to their questions and in
// the summary.

import { appendChildren, h, icon } from '../shared/dom.js';
import { otherKey, validateDraft, visibleQuestionIds } from './form-logic.js';
import { domId, readAnswer, refreshCounter, refreshQuestions } from './question-view.js';
import { setProgress } from './chrome.js';
import { app, page, persist, questionnaire, render, tr } from './state.js';

function questionElement(questionId) {
  return document.getElementById(domId(questionId));
}

/** Shows and hides showIf questions, renumbers, updates limits, counters and progress. */
export function refreshForm() {
  const q = questionnaire();
  if (!q || !document.getElementById('evaluation-form')) return;
  const { shown: number, answered } = refreshQuestions(q, page.draft.answers, questionElement, page.locale);
  setProgress(true, answered, number);
  const count = document.getElementById('answered-count');
  if (count) count.textContent = tr('progress', { a: answered, n: number });
  refreshErrors();
}

function clientIssues() {
  return page.showErrors ? validateDraft(page.evaluation, page.draft) : [];
}

export function issueMessage(issue) {
  return tr(`err.${issue.code}`, issue.params ?? {});
}

/** The problems to show now, by path, in page order: the client's rules first, then the server's. */
function currentIssues() {
  const issues = new Map();
  for (const issue of clientIssues()) issues.set(issue.path, issueMessage(issue));
  const visible = visibleQuestionIds(questionnaire(), page.draft.answers);
  for (const [path, message] of page.serverIssues) {
    if (path.startsWith('answers.') && !visible.has(path.slice(8)) && page.questions.has(path.slice(8))) continue;
    if (!issues.has(path)) issues.set(path, message);
  }
  return issues;
}

function pathTarget(path) {
  if (path === 'venue') return { element: document.getElementById('venue-field'), errorId: 'venue-err', label: tr('venue') };
  if (path === 'raterGroup') {
    return { element: document.getElementById('rater-group-field'), errorId: 'rater-group-err', label: tr('raterGroup') };
  }
  if (path.startsWith('answers.')) {
    const id = path.slice(8).replace(/\.other$/, '');
    const element = questionElement(id);
    if (!element) return null;
    const number = element.querySelector('[data-number]')?.textContent ?? '';
    return { element, errorId: `${domId(id)}-err`, label: tr('questionLabel', { n: number }) };
  }
  return null;
}

export function refreshErrors() {
  const issues = currentIssues();
  for (const element of app.querySelectorAll('.has-error')) {
    element.classList.remove('has-error');
    for (const control of element.querySelectorAll('input, select, textarea')) control.removeAttribute('aria-invalid');
    const slot = element.querySelector('.field-error');
    if (slot) slot.replaceChildren();
  }
  const items = [];
  const general = [];
  for (const [path, message] of issues) {
    const target = pathTarget(path);
    if (!target || !target.element) {
      general.push(message);
      continue;
    }
    target.element.classList.add('has-error');
    for (const control of target.element.querySelectorAll('input, select, textarea')) control.setAttribute('aria-invalid', 'true');
    const slot = document.getElementById(target.errorId);
    if (slot) slot.replaceChildren(icon('error'), h('span', {}, message));
    items.push({ path, target, message });
  }
  items.sort((a, b) =>
    a.target.element.compareDocumentPosition(b.target.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
  );
  renderSummary(items, general);
  return { items, general };
}

function renderSummary(items, general) {
  const summary = document.getElementById('summary');
  if (!summary) return;
  const count = items.length + general.length;
  if (count === 0 && !page.serverMessage) {
    summary.replaceChildren();
    summary.classList.remove('is-visible');
    return;
  }
  summary.classList.add('is-visible');
  const heading = items.length + general.length > 0 ? tr('summary', { n: count }) : tr('serverSummary');
  summary.replaceChildren();
  appendChildren(summary, [
    h('p', { class: 'summary-title' }, icon('alert'), h('span', {}, heading)),
    page.serverMessage && count === 0 ? h('p', { class: 'summary-message' }, page.serverMessage) : null,
    count > 0
      ? h(
          'ul',
          { class: 'summary-list' },
          items.map(({ path, target, message }) =>
            h(
              'li',
              {},
              h(
                'a',
                {
                  href: `#${target.element.id}`,
                  'data-path': path,
                  onclick: (event) => {
                    event.preventDefault();
                    focusPath(path);
                  },
                },
                `${target.label}：${message}`,
              ),
            ),
          ),
          general.map((message) => h('li', {}, message)),
        )
      : null,
  ]);
}

/** Moves focus to the control of a question (its chosen radio, or the first one). */
export function focusPath(path) {
  const target = pathTarget(path);
  if (!target?.element) return;
  const element = target.element;
  const control =
    element.querySelector('input:checked:not([disabled])') ??
    element.querySelector('select, textarea, input:not([disabled])');
  element.scrollIntoView({ block: 'center', behavior: 'instant' });
  if (control) control.focus({ preventScroll: true });
}

export function onChange(event) {
  const control = event.target;
  if (control.id === 'venue' || control.id === 'rater-group') {
    const key = control.id === 'venue' ? 'venue' : 'raterGroup';
    const shown = questionnaire();
    page.draft[key] = control.value || null;
    page.serverIssues.delete(key);
    persist();
    if (questionnaire() !== shown) {
      // An observer group answers the observation checklist: the form changes with the group.
      render();
      document.getElementById(control.id)?.focus({ preventScroll: true });
      return;
    }
    refreshErrors();
    return;
  }
  const question = page.questions.get(control.dataset.question);
  if (!question || question.type === 'text' || control.dataset.other !== undefined) return;
  const value = readAnswer(question, control, questionElement(question.id));
  if (question.type === 'multiple' && value.length === 0) delete page.draft.answers[question.id];
  else page.draft.answers[question.id] = value;
  page.serverIssues.delete(`answers.${question.id}`);
  persist();
  refreshForm();
}

export function onInput(event) {
  const control = event.target;
  if (control.dataset.other !== undefined) {
    // The text of an `other` option: kept under `<question>.other`, never scored.
    const key = otherKey(control.dataset.question);
    if (control.value === '') delete page.draft.answers[key];
    else page.draft.answers[key] = control.value;
    page.serverIssues.delete(`answers.${key}`);
    persist();
    refreshErrors();
    return;
  }
  if (control.tagName !== 'TEXTAREA' && control.type !== 'time') return;
  const question = page.questions.get(control.dataset.question);
  if (!question) return;
  if (control.value === '') delete page.draft.answers[question.id];
  else page.draft.answers[question.id] = control.value;
  page.serverIssues.delete(`answers.${question.id}`);
  persist();
  const element = questionElement(question.id);
  refreshCounter(question, element);
  // Progress and errors follow; visibility never depends on text.
  refreshForm();
}
