// How a questionnaire's questions look to attendees: the DOM of dimensions and questions,
// shared by the attendee page and the organizer console's live preview, so the preview is
// exactly what attendees get. Styled by css/attendee.css. No state of its own: the caller
// passes the language and the current answers.

import {
  OTHER_MAX_LENGTH,
  codePointLength,
  conditionalCount,
  flattenQuestions,
  hasAnswer,
  isRequired,
  localize,
  otherChosen,
  otherKey,
  scalePoints,
  textMaxLength,
  visibleQuestionIds,
} from './form-logic.js';
import { h } from '../shared/dom.js';
import { text } from './messages.js';

/** The element id of a question's block (its controls' ids start with it). */
export function domId(questionId) {
  return `q-${String(questionId).replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

// ---------------------------------------------------------------- pieces

export function requiredMark(locale) {
  return [h('span', { class: 'req', 'aria-hidden': 'true' }, '*'), h('span', { class: 'sr-only' }, text('requiredMark', {}, locale))];
}

export function errorSlot(id) {
  return h('p', { class: 'field-error', id }, '');
}

function describedBy(...ids) {
  return ids.filter(Boolean).join(' ');
}

/**
 * view: `{locale, defaultLocale, answers}`: the language to show, the questionnaire's
 * default locale (the fallback for missing texts) and the answers to show as chosen.
 */
function textIn(view, value) {
  return localize(value, view.locale, view.defaultLocale);
}

function questionTitle(question, position, view) {
  return [
    h('span', { class: 'q-number', 'data-number': '' }, String(position)),
    h('span', { class: 'q-text' }, h('span', {}, textIn(view, question.text)), isRequired(question) ? requiredMark(view.locale) : null),
  ];
}

function renderRating(question, base, value, extra, view) {
  const labels = question.scale?.labels ?? {};
  const points = scalePoints(question);
  const required = isRequired(question);
  const radio = (val, id) =>
    h('input', {
      type: 'radio',
      id,
      name: base,
      value: String(val),
      required,
      checked: value === val,
      'data-question': question.id,
      'aria-describedby': describedBy(extra, `${base}-err`),
    });
  const segments = points.map((point) => {
    const caption = labels[String(point)] ? textIn(view, labels[String(point)]) : '';
    const id = `${base}-v${point}`;
    return h(
      'label',
      { class: caption ? 'segment has-caption' : 'segment', for: id },
      radio(point, id),
      h(
        'span',
        { class: 'segment-face' },
        h('span', { class: 'segment-number' }, String(point)),
        caption ? ' ' : null,
        caption ? h('span', { class: 'segment-caption' }, caption) : null,
      ),
    );
  });
  const wide = points.length > 7;
  const nodes = [h('div', { class: wide ? 'scale scale-wide' : 'scale' }, segments)];
  if (wide) {
    // Captions do not fit in narrow segments: repeat them once under the scale.
    const legend = points
      .filter((point) => labels[String(point)])
      .map((point) => h('span', { class: 'scale-legend-item' }, h('b', {}, String(point)), ` ${textIn(view, labels[String(point)])}`));
    if (legend.length > 0) nodes.push(h('p', { class: 'scale-legend', 'aria-hidden': 'true' }, legend));
  }
  if (question.allowNotApplicable) {
    const id = `${base}-na`;
    nodes.push(
      h('label', { class: 'choice choice-na', for: id }, radio('na', id), h('span', { class: 'choice-text' }, text('notApplicable', {}, view.locale))),
    );
  }
  return nodes;
}

/** The text box of an `other: true` option, shown while that option is chosen. */
function otherField(question, base, view) {
  const id = `${base}-other`;
  const value = view.answers?.[otherKey(question.id)];
  const input = h('input', {
    type: 'text',
    id,
    class: 'other-text',
    maxlength: String(OTHER_MAX_LENGTH),
    'data-question': question.id,
    'data-other': '',
    autocomplete: 'off',
  });
  input.value = typeof value === 'string' ? value : '';
  return h(
    'div',
    { class: 'other-field', hidden: !otherChosen(question, view.answers?.[question.id]) },
    h('label', { class: 'other-label', for: id }, text('otherLabel', {}, view.locale)),
    input,
  );
}

function renderSingle(question, base, value, extra, view) {
  const required = isRequired(question);
  return h(
    'div',
    { class: 'choices' },
    (question.options ?? []).map((option, index) => {
      const id = `${base}-o${index}`;
      const choice = h(
        'label',
        { class: option.notApplicable ? 'choice choice-na' : 'choice', for: id },
        h('input', {
          type: 'radio',
          id,
          name: base,
          value: option.id,
          required,
          checked: value === option.id,
          'data-question': question.id,
          'aria-describedby': describedBy(extra, `${base}-err`),
        }),
        h('span', { class: 'choice-text' }, textIn(view, option.text)),
      );
      return option.other === true ? [choice, otherField(question, base, view)] : choice;
    }),
  );
}

function renderMultiple(question, base, value, extra, view) {
  const chosen = Array.isArray(value) ? value : [];
  const max = Number.isInteger(question.maxSelections) ? question.maxSelections : null;
  const hintId = max ? `${base}-max` : null;
  return [
    max ? h('p', { class: 'field-hint', id: hintId }, text('maxSelections', { n: max }, view.locale)) : null,
    h(
      'div',
      { class: 'choices' },
      (question.options ?? []).map((option, index) => {
        const id = `${base}-o${index}`;
        const choice = h(
          'label',
          { class: 'choice choice-multiple', for: id },
          h('input', {
            type: 'checkbox',
            id,
            name: base,
            value: option.id,
            checked: chosen.includes(option.id),
            'data-question': question.id,
            'aria-describedby': describedBy(extra, hintId, `${base}-err`),
          }),
          h('span', { class: 'choice-text' }, textIn(view, option.text)),
        );
        return option.other === true ? [choice, otherField(question, base, view)] : choice;
      }),
    ),
  ];
}

/** One question block (a fieldset, or a labelled textarea for text questions). */
export function renderQuestion(question, position, view) {
  const base = domId(question.id);
  const value = view.answers?.[question.id];
  const descriptionId = question.description ? `${base}-desc` : null;
  const description = [
    question.description ? h('p', { class: 'q-description', id: descriptionId }, textIn(view, question.description)) : null,
    // Why a question appeared: it follows an earlier answer (and the count grows with it).
    question.showIf ? h('p', { class: 'q-condition' }, text('conditionalNote', {}, view.locale)) : null,
  ];
  const common = {
    class: `question question-${question.type}`,
    id: base,
    'data-question': question.id,
    'data-type': question.type,
    'data-anchor': '',
  };
  if (question.type === 'text' && question.format === 'time') {
    // A clock time (`format: time`): the phone's own time picker, sent as HH:MM.
    const inputId = `${base}-input`;
    const input = h('input', {
      id: inputId,
      name: base,
      type: 'time',
      class: 'time-input',
      required: isRequired(question),
      'data-question': question.id,
      'aria-describedby': describedBy(descriptionId, `${base}-err`),
    });
    input.value = typeof value === 'string' ? value : '';
    return h(
      'div',
      common,
      h('label', { class: 'q-title', for: inputId }, questionTitle(question, position, view)),
      description,
      input,
      errorSlot(`${base}-err`),
    );
  }
  if (question.type === 'text') {
    const max = textMaxLength(question);
    const inputId = `${base}-input`;
    const counterId = `${base}-count`;
    const current = typeof value === 'string' ? value : '';
    const area = h('textarea', {
      id: inputId,
      name: base,
      rows: '4',
      maxlength: String(max),
      required: isRequired(question),
      'data-question': question.id,
      'aria-describedby': describedBy(descriptionId, counterId, `${base}-err`),
    });
    area.value = current;
    return h(
      'div',
      common,
      h('label', { class: 'q-title', for: inputId }, questionTitle(question, position, view)),
      description,
      area,
      h('div', { class: 'q-foot' }, h('span', { class: 'counter', id: counterId }, `${codePointLength(current)}/${max}`)),
      errorSlot(`${base}-err`),
    );
  }
  let body;
  if (question.type === 'rating') body = renderRating(question, base, value, descriptionId, view);
  else if (question.type === 'single') body = renderSingle(question, base, value, descriptionId, view);
  else body = renderMultiple(question, base, value, descriptionId, view);
  return h(
    'fieldset',
    common,
    h('legend', { class: 'q-title' }, questionTitle(question, position, view)),
    description,
    body,
    errorSlot(`${base}-err`),
  );
}

/** A dimension: its heading and a card of its questions. `positions`: question id → number. */
export function renderDimension(dimension, index, positions, view) {
  const titleId = `dim-${index}`;
  return h(
    'section',
    { class: 'dimension', 'aria-labelledby': titleId },
    h(
      'div',
      { class: 'dimension-head' },
      h('h2', { id: titleId, class: 'dimension-title' }, textIn(view, dimension.title)),
      dimension.description ? h('p', { class: 'dimension-description' }, textIn(view, dimension.description)) : null,
    ),
    h(
      'div',
      { class: 'card' },
      (dimension.questions ?? []).map((question) => renderQuestion(question, positions.get(question.id), view)),
    ),
  );
}

/** "N questions" as the progress counter counts them (the questions shown before any answer),
 *  naming apart the ones that appear only for some answers. */
export function questionCountText(questionnaire, locale) {
  const conditional = conditionalCount(questionnaire);
  const n = flattenQuestions(questionnaire).length - conditional;
  return text(conditional > 0 ? 'questionCountConditional' : 'questionCount', { n, k: conditional }, locale);
}

/** Question id → its 1-based position in the questionnaire. */
export function questionPositions(questionnaire) {
  return new Map(flattenQuestions(questionnaire).map((entry) => [entry.question.id, entry.position]));
}

// ---------------------------------------------------------------- live updates

/** Disables the boxes past `maxSelections` and says how many are chosen. */
export function refreshMultipleLimit(question, element, locale) {
  const max = question.maxSelections;
  if (!Number.isInteger(max)) return;
  const boxes = [...element.querySelectorAll('input[type="checkbox"]')];
  const count = boxes.filter((box) => box.checked).length;
  const full = count >= max;
  for (const box of boxes) {
    box.disabled = full && !box.checked;
    box.closest('label')?.classList.toggle('is-disabled', box.disabled);
  }
  const hint = element.querySelector('.field-hint');
  if (hint) {
    hint.textContent = count > 0 ? text('selectedCount', { k: count, n: max }, locale) : text('maxSelections', { n: max }, locale);
    hint.classList.toggle('is-full', full);
  }
}

export function refreshCounter(question, element) {
  const area = element.querySelector('textarea');
  const counter = element.querySelector('.counter');
  if (!area || !counter) return;
  const max = textMaxLength(question);
  const length = codePointLength(area.value);
  counter.textContent = `${length}/${max}`;
  counter.classList.toggle('is-near', length >= max * 0.9 && length <= max);
  counter.classList.toggle('is-over', length > max);
}

/**
 * Shows and hides showIf questions, renumbers the shown ones, updates limits and counters.
 * `find(questionId)` returns a question's block. Returns `{shown, answered}` counts.
 */
export function refreshQuestions(questionnaire, answers, find, locale) {
  const visible = visibleQuestionIds(questionnaire, answers);
  let shown = 0;
  let answered = 0;
  for (const { question } of flattenQuestions(questionnaire)) {
    const element = find(question.id);
    if (!element) continue;
    const isShown = visible.has(question.id);
    element.hidden = !isShown;
    if (!isShown) continue;
    shown += 1;
    const badge = element.querySelector('[data-number]');
    if (badge) badge.textContent = String(shown);
    if (hasAnswer(question, answers[question.id])) answered += 1;
    if (question.type === 'multiple') refreshMultipleLimit(question, element, locale);
    const otherBox = element.querySelector('.other-field');
    if (otherBox) otherBox.hidden = !otherChosen(question, answers[question.id]);
    if (question.type === 'text') refreshCounter(question, element);
  }
  return { shown, answered };
}

/** The value an answer control stands for (`root` is the question's block). */
export function readAnswer(question, control, root) {
  switch (question.type) {
    case 'rating':
      return control.value === 'na' ? 'na' : Number.parseInt(control.value, 10);
    case 'single':
      return control.value;
    case 'multiple': {
      const chosen = [...root.querySelectorAll('input[type="checkbox"]:checked')].map((box) => box.value);
      const order = (question.options ?? []).map((option) => option.id);
      return chosen.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    }
    default:
      return control.value;
  }
}
