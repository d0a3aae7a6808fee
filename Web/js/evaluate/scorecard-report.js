// The report's conclusions on the evaluator's scorecard page: the findings the server derived
// from the figures (docs/scoring.md §11) and the evaluator's opinion (评估意见), which an
// evaluator or admin writes here (PUT /api/evaluations/{id}/opinion). Until an opinion is
// written the report is a draft.

import { h, icon, uid } from '../shared/dom.js';
import { may } from '../shared/session.js';
import { putOpinion } from './api.js';
import { dateTime, errorDetails, section } from './common.js';

const MAX_OPINION = 20000;

export function reportSection(ctx, { evaluation, scorecard }) {
  const { t } = ctx;
  const findings = Array.isArray(scorecard.findings) ? scorecard.findings : [];
  const list = findings.length
    ? h('ul', { class: 'findings-list', id: 'findings' }, findings.map((finding) => h('li', {
      class: ['finding', finding.attention ? 'finding-attention' : null], dataset: { kind: finding.kind },
    }, finding.attention ? h('span', { class: 'finding-mark', title: t('report.attention') }, '!', h('span', { class: 'sr-only' }, t('report.attention'))) : null,
    finding.text)))
    : h('p', { class: 'empty' }, t('report.noFindings'));
  return section('sc-report', t('report.title'),
    h('h3', {}, t('report.findings')),
    list,
    h('p', { class: 'note' }, t('report.findingsNote')),
    h('h3', {}, t('report.opinion')),
    opinionEditor(ctx, evaluation, scorecard));
}

function opinionEditor(ctx, evaluation, scorecard) {
  const { t, lang } = ctx;
  const ids = { text: uid('opinion-text'), status: uid('opinion-status'), error: uid('opinion-error') };
  let opinion = scorecard.opinion ?? evaluation.opinion ?? null;
  const status = h('p', { class: 'opinion-status', id: ids.status, role: 'status' });
  function showStatus() {
    status.replaceChildren(opinion
      ? t('report.opinionBy', { author: opinion.author, at: dateTime(opinion.updatedAt, lang) })
      : h('strong', { class: 'draft-badge' }, t('report.draft')));
  }
  showStatus();
  if (!may('writeOpinion')) {
    return h('div', { class: 'opinion-view' },
      opinion ? h('div', { class: 'opinion-text', id: 'opinion-text' }, opinion.text) : null, status);
  }
  const textarea = h('textarea', {
    id: ids.text, name: 'opinion', rows: '8', maxlength: String(MAX_OPINION), class: 'opinion-input',
    'aria-describedby': `${ids.status} ${ids.error}`,
  });
  textarea.value = opinion?.text ?? '';
  const error = h('div', { class: 'form-error', id: ids.error, role: 'alert' });
  const save = h('button', { type: 'submit', class: 'button button-primary', id: 'save-opinion' }, icon('check'), t('report.save'));
  const form = h('form', {
    class: 'opinion-form', novalidate: true,
    on: {
      submit: async (event) => {
        event.preventDefault();
        error.replaceChildren();
        save.disabled = true;
        try {
          const updated = await putOpinion(evaluation.id, textarea.value);
          opinion = updated?.opinion ?? null;
          showStatus();
          ctx.announce(t('report.saved'));
        } catch (failure) {
          error.replaceChildren(...errorDetails(t, failure).filter(Boolean));
        } finally {
          save.disabled = false;
        }
      },
    },
  },
  h('label', { for: ids.text }, t('report.opinionLabel')),
  textarea,
  h('p', { class: 'hint' }, t('report.opinionHint')),
  error,
  h('div', { class: 'form-actions' }, save),
  status);
  return form;
}
