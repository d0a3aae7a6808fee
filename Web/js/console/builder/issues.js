// The validator's answer on screen: the status pill, each problem next to the field its
// path names, and the folded summary of all problems with links to them.

import { t } from '../../shared/i18n.js';
import { fill, h, icon } from '../../shared/dom.js';
import { parentPath } from '../yaml.js';
import { revealPath } from './form.js';
import { els, state } from './state.js';
import { markYAMLLine, renderYAMLDecor, selectTab } from './yaml-pane.js';

export function renderCheck() {
  if (!els) return;
  const { status, errors, warnings } = state.check;
  const labels = {
    idle: t('b.checking'),
    checking: t('b.checking'),
    valid: warnings.length ? t('b.validWarnings', { n: warnings.length }) : t('b.valid'),
    invalid: state.quiet ? t('b.todo', { n: errors.length }) : t('b.invalid', { n: errors.length }),
    syntax: t('b.syntax'),
    offline: t('b.offline'),
  };
  let kind = status === 'valid' ? (warnings.length ? 'warn' : 'ok') : status === 'invalid' || status === 'syntax' ? 'error' : 'muted';
  if (kind === 'error' && state.quiet) kind = 'warn';
  const text = labels[status] ?? '';
  els.statusPill.className = `check-pill is-${kind} is-${status}`;
  els.statusPill.dataset.status = status;
  // Only a change of words is announced (the region is polite).
  const symbol = status === 'checking' || status === 'idle' ? h('span', { class: 'spinner spinner-small', 'aria-hidden': 'true' }) : icon(kind === 'ok' ? 'check' : kind === 'muted' ? 'info' : kind === 'warn' ? 'alert' : 'error');
  const current = els.statusPill.querySelector('.pill-text')?.textContent;
  if (status === 'checking' && current) {
    // While checking, the words stay (nothing new to announce); only the symbol turns.
    els.statusPill.firstChild.replaceWith(symbol);
  } else if (current !== text) fill(els.statusPill, symbol, h('span', { class: 'pill-text' }, text));
  else els.statusPill.firstChild.replaceWith(symbol);
  if (status !== 'checking') {
    applyIssues();
    renderSummary();
    renderYAMLDecor();
  }
}

// ---------------------------------------------------------------- issues on the form, the summary and the YAML

function findTarget(path) {
  if (!els) return null;
  let current = path;
  while (current) {
    const found = els.form.querySelector(`[data-path="${CSS.escape(current)}"]`);
    if (found) return found;
    current = parentPath(current);
  }
  return null;
}

function ownSlot(element) {
  return [...element.children].find((child) => child.classList.contains('issue-slot')) ?? null;
}

export function applyIssues() {
  if (!els) return;
  for (const element of els.form.querySelectorAll('.has-issue')) element.classList.remove('has-issue', 'has-warning');
  for (const slot of els.form.querySelectorAll('.issue-slot')) slot.replaceChildren();
  for (const control of els.form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  const all = [
    ...state.check.errors.map((issue) => ({ ...issue, kind: 'error' })),
    ...state.check.warnings.map((issue) => ({ ...issue, kind: 'warning' })),
  ];
  for (const issue of all) {
    if (!issue.path) continue;
    const target = findTarget(issue.path);
    if (!target) continue;
    if (state.quiet && !state.touched.has(target.dataset.path)) continue;
    const slot = ownSlot(target);
    if (!slot) continue;
    target.classList.add('has-issue');
    if (issue.kind === 'warning') target.classList.add('has-warning');
    slot.append(h('span', { class: `issue issue-${issue.kind}` }, icon(issue.kind === 'error' ? 'error' : 'alert'), h('span', {}, issue.message)));
    if (issue.kind === 'error') {
      for (const control of controlsOf(target)) control.setAttribute('aria-invalid', 'true');
    }
  }
}

/** The inputs that belong to a field itself (not to fields nested in it). */
function controlsOf(target) {
  return [...target.querySelectorAll('input, select, textarea')].filter((control) => control.closest('[data-path]') === target);
}

/** "Dimension 2 › Question 3 › Option 1 › score" for a path. */
function describePath(path) {
  if (!path) return '';
  const names = {
    id: t('b.qId'),
    title: t('b.titleField'),
    text: t('b.qText'),
    weight: t('b.dimWeight'),
    score: t('b.optionScore'),
    version: t('b.version'),
    locales: t('b.locales'),
    meetingType: t('b.meetingType'),
    description: t('q.description'),
    min: t('b.scaleMin'),
    max: t('b.scaleMax'),
    labels: t('b.scaleLabels'),
    options: t('b.options'),
    maxSelections: t('b.maxSelections'),
    maxLength: t('b.maxLength'),
    showIf: t('b.showIf'),
    grades: t('b.grades'),
    dimensions: t('b.dimensions'),
    label: t('b.gradeLabel'),
    required: t('b.qRequired'),
    allowNotApplicable: t('b.allowNA'),
    notApplicable: t('b.optionNA'),
    other: t('b.optionOther'),
  };
  // The same key means different things at different levels.
  const byLevel = {
    top: { id: t('b.id'), title: t('b.titleField'), description: t('b.descriptionField') },
    dimension: { id: t('b.dimId'), title: t('b.dimTitle'), weight: t('b.dimWeight'), description: t('b.dimDescription') },
    question: { id: t('b.qId'), weight: t('b.qWeight'), description: t('b.qDescription') },
    option: { id: t('b.optionId'), text: t('b.optionText') },
    grade: { min: t('b.gradeMin') },
  };
  const parts = [];
  let dimension = null;
  let level = 'top';
  const regex = /([A-Za-z0-9_-]+)(?:\[(\d+)\])?/g;
  let match;
  while ((match = regex.exec(path))) {
    const [, name, index] = match;
    if (index === undefined && byLevel[level]?.[name]) {
      parts.push(byLevel[level][name]);
      continue;
    }
    if (index !== undefined) {
      level = { dimensions: 'dimension', questions: 'question', options: 'option', grades: 'grade' }[name] ?? level;
      const i = Number(index);
      if (name === 'dimensions') {
        dimension = i;
        parts.push(t('b.dimensionN', { n: i + 1 }));
      } else if (name === 'questions') {
        let number = i + 1;
        if (dimension !== null) {
          number = state.model.dimensions.slice(0, dimension).reduce((sum, d) => sum + d.questions.length, 0) + i + 1;
        }
        parts.push(t('b.questionN', { n: number }));
      } else if (name === 'options') parts.push(t('b.optionN', { n: i + 1 }));
      else if (name === 'grades') parts.push(t('b.gradeN', { n: i + 1 }));
      else parts.push(`${names[name] ?? name} ${i + 1}`);
    } else if (name !== 'scale' && name !== 'in') {
      parts.push(names[name] ?? name);
    }
  }
  return parts.join(' › ');
}

/**
 * The list of every problem, folded away until opened (the status pill already counts
 * them and the fields show them); a refused save opens it.
 */
function renderSummary() {
  if (!els) return;
  const { errors, warnings, status } = state.check;
  if ((status !== 'invalid' && status !== 'syntax' && warnings.length === 0) || (errors.length === 0 && warnings.length === 0)) {
    els.summary.replaceChildren();
    els.summary.classList.remove('is-visible');
    return;
  }
  els.summary.classList.add('is-visible');
  els.summary.classList.toggle('has-errors', errors.length > 0 && !state.quiet);
  const item = (issue, kind) =>
    h(
      'li',
      { class: `issue-item issue-${kind}`, 'data-issue-path': issue.path ?? '' },
      h(
        'button',
        { type: 'button', class: 'issue-link', onclick: () => goToIssue(issue) },
        icon(kind === 'error' ? 'error' : 'alert'),
        h(
          'span',
          { class: 'issue-words' },
          issue.path ? h('span', { class: 'issue-where' }, describePath(issue.path)) : null,
          h('span', { class: 'issue-message' }, issue.message),
          h('span', { class: 'issue-meta mono' }, [issue.path, issue.line ? t('b.line', { n: issue.line }) : null].filter(Boolean).join(' · ')),
        ),
      ),
    );
  const block = (kind, list, title, id) => {
    const box = h(
      'details',
      { class: `summary-block summary-${kind}`, open: state.summaryOpen[kind] ? true : null },
      h('summary', { class: 'summary-title' }, `${title}（${list.length}）`),
      h('ul', { class: 'issue-list', id }, list.map((issue) => item(issue, kind))),
    );
    box.addEventListener('toggle', () => {
      state.summaryOpen[kind] = box.open;
    });
    return box;
  };
  fill(
    els.summary,
    errors.length ? block('error', errors, t('b.issuesTitle'), 'issue-list') : null,
    warnings.length ? block('warning', warnings, t('b.warningsTitle'), 'warning-list') : null,
  );
}

export function openSummary() {
  state.summaryOpen.error = true;
  renderSummary();
  els.summary.querySelector('summary')?.focus();
}

function goToIssue(issue) {
  if (issue.path) revealPath(issue.path);
  const target = issue.path ? findTarget(issue.path) : null;
  if (issue.line) markYAMLLine(issue.line, !target);
  if (target) {
    const control = controlsOf(target)[0] ?? target.querySelector('input, select, textarea, button');
    target.scrollIntoView({ block: 'center' });
    control?.focus({ preventScroll: true });
  } else if (!issue.line) {
    selectTab('yaml', false);
    els.yaml.focus();
  }
}
