// One response's answers in a modal dialog: each question's text and the answer given (as the
// scores read it: answers that showIf hides are left out), so the evaluator can look before
// excluding it or counting it again. A native <dialog>: Escape and the Close button close it.

import { h, uid } from '../shared/dom.js';
import { getQuestionnaireVersion, getResponse } from './api.js';
import { errorDetails, localized, seconds } from './common.js';

/** The text of one answer, in `lang`. */
function answerText(question, value, t, lang) {
  if (value === undefined || value === null) return null;
  const option = (id) => {
    const found = (question.options ?? []).find((o) => o.id === id);
    return found ? localized(found.text, lang) : id;
  };
  switch (question.type) {
    case 'rating': {
      if (value === 'na') return t('answers.na');
      const label = question.scale?.labels?.[String(value)];
      const range = t('answers.ofScale', { v: value, max: question.scale?.max ?? '' });
      return label ? `${range} · ${localized(label, lang)}` : range;
    }
    case 'single':
      return option(value);
    case 'multiple':
      return (Array.isArray(value) ? value : [value]).map(option).join(t('listSep'));
    default:
      return String(value);
  }
}

/** Opens the dialog for `responseId`; resolves when it is closed. */
export async function openAnswersDialog(ctx, { evaluation, responseId, describe }) {
  const { t, lang } = ctx;
  const titleId = uid('answers-title');
  // It scrolls when long, so the keyboard can reach it too.
  const body = h('div', { class: 'answers-body', role: 'status', tabindex: '0', 'aria-labelledby': titleId }, t('loading'));
  const close = h('button', { type: 'button', class: 'button button-secondary', dataset: { action: 'close' } }, t('close'));
  const dialog = h('dialog', { class: 'dialog dialog-wide', 'aria-labelledby': titleId, id: 'answers-dialog' },
    h('div', { class: 'dialog-form' },
      h('h2', { id: titleId, class: 'dialog-title' }, t('answers.title', { id: responseId.slice(0, 8) })),
      describe ?? null,
      body,
      h('div', { class: 'dialog-actions' }, close)));
  let done;
  const closed = new Promise((resolve) => { done = resolve; });
  const finish = () => {
    dialog.close();
    dialog.remove();
    done();
  };
  close.addEventListener('click', finish);
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    finish();
  });
  document.body.append(dialog);
  dialog.showModal();
  close.focus();

  try {
    const ref = evaluation.questionnaire ?? {};
    const [detail, version] = await Promise.all([
      getResponse(evaluation.id, responseId),
      getQuestionnaireVersion(ref.id, ref.version),
    ]);
    const definition = version?.definition ?? version;
    const answers = detail?.answers ?? {};
    const response = detail?.response ?? {};
    const facts = [
      [t('duration'), seconds(response.durationSeconds, t)],
      [t('flags'), response.flags?.length ? response.flags.map((f) => t(`flag.${f}`)).join(t('listSep')) : t('flag.none')],
    ];
    body.removeAttribute('role');
    body.replaceChildren(
      h('dl', { class: 'dialog-facts' }, facts.map(([label, value]) => h('div', {}, h('dt', {}, label), h('dd', {}, value)))),
      ...(definition?.dimensions ?? []).map((dimension) => h('section', { class: 'answers-dimension' },
        h('h3', {}, localized(dimension.title, lang)),
        h('dl', { class: 'answers-list' }, (dimension.questions ?? []).map((question) => {
          const text = answerText(question, answers[question.id], t, lang);
          const other = answers[`${question.id}.other`];
          return h('div', { class: text === null ? 'is-unanswered' : null, dataset: { question: question.id } },
            h('dt', {}, localized(question.text, lang)),
            h('dd', {}, text ?? t('answers.none'),
              typeof other === 'string' ? h('span', { class: 'answer-other' }, t('answers.other', { text: other })) : null));
        })))),
    );
  } catch (problem) {
    body.replaceChildren(...errorDetails(t, problem).filter(Boolean));
  }
  return closed;
}
