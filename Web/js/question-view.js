// How a questionnaire's questions look to attendees: the DOM of dimensions and questions,
// shared by the attendee page and the organizer console's live preview, so the preview is
// exactly what attendees get. Styled by css/attendee.css. No state of its own: the caller
// passes the language and the current answers.

import {
  codePointLength,
  flattenQuestions,
  hasAnswer,
  isRequired,
  localize,
  scalePoints,
  textMaxLength,
  visibleQuestionIds,
} from './form-logic.js';
import { t } from './i18n.js';

// ---------------------------------------------------------------- DOM helpers

/** Builds an element; text is always set as text, never parsed as HTML. */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'style') applyStyle(element, value);
    else if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  appendChildren(element, children);
  return element;
}

/**
 * Sets inline style through the CSSOM (`element.style`), which the Content-Security-Policy
 * allows, never as a `style` attribute, which it blocks. Takes `{name: value}` or the text
 * of declarations (`'--locales: 2'`).
 */
export function applyStyle(element, value) {
  if (typeof value === 'object') {
    for (const [name, css] of Object.entries(value)) element.style.setProperty(name, String(css));
    return;
  }
  for (const declaration of String(value).split(';')) {
    const colon = declaration.indexOf(':');
    if (colon > 0) element.style.setProperty(declaration.slice(0, colon).trim(), declaration.slice(colon + 1).trim());
  }
}

export function appendChildren(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendChildren(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

const ICON_PATHS = {
  check: 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z',
  clock: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16zm.5-13H11v6l5.2 3.2.8-1.3-4.5-2.7z',
  lock: 'M18 8h-1V6a5 5 0 0 0-10 0v2H6a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V10a2 2 0 0 0-2-2zM9 6a3 3 0 0 1 6 0v2H9zm9 14H6V10h12z',
  link: 'M3.9 12a3.1 3.1 0 0 1 3.1-3.1h4V7H7a5 5 0 0 0 0 10h4v-1.9H7A3.1 3.1 0 0 1 3.9 12zM8 13h8v-2H8zm9-6h-4v1.9h4a3.1 3.1 0 0 1 0 6.2h-4V17h4a5 5 0 0 0 0-10z',
  alert: 'M1 21h22L12 2zm12-3h-2v-2h2zm0-4h-2v-4h2z',
  wifi: 'M1 9l2 2c5-5 13-5 18 0l2-2C16.9 2.9 7.1 2.9 1 9zm8 8 3 3 3-3a4.2 4.2 0 0 0-6 0zm-4-4 2 2a7 7 0 0 1 10 0l2-2a9.9 9.9 0 0 0-14 0z',
  error: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm1 15h-2v-2h2zm0-4h-2V7h2z',
};

/** A small decorative icon drawn from one SVG path. */
export function icon(name) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `icon icon-${name}`);
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', ICON_PATHS[name] ?? ICON_PATHS.alert);
  svg.append(path);
  return svg;
}

/** The element id of a question's block (its controls' ids start with it). */
export function domId(questionId) {
  return `q-${String(questionId).replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

// ---------------------------------------------------------------- pieces

export function requiredMark(locale) {
  return [h('span', { class: 'req', 'aria-hidden': 'true' }, '*'), h('span', { class: 'sr-only' }, t(locale, 'requiredMark'))];
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
      h('label', { class: 'choice choice-na', for: id }, radio('na', id), h('span', { class: 'choice-text' }, t(view.locale, 'notApplicable'))),
    );
  }
  return nodes;
}

function renderSingle(question, base, value, extra, view) {
  const required = isRequired(question);
  return h(
    'div',
    { class: 'choices' },
    (question.options ?? []).map((option, index) => {
      const id = `${base}-o${index}`;
      return h(
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
    }),
  );
}

function renderMultiple(question, base, value, extra, view) {
  const chosen = Array.isArray(value) ? value : [];
  const max = Number.isInteger(question.maxSelections) ? question.maxSelections : null;
  const hintId = max ? `${base}-max` : null;
  return [
    max ? h('p', { class: 'field-hint', id: hintId }, t(view.locale, 'maxSelections', { n: max })) : null,
    h(
      'div',
      { class: 'choices' },
      (question.options ?? []).map((option, index) => {
        const id = `${base}-o${index}`;
        return h(
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
      }),
    ),
  ];
}

/** One question block (a fieldset, or a labelled textarea for text questions). */
export function renderQuestion(question, position, view) {
  const base = domId(question.id);
  const value = view.answers?.[question.id];
  const descriptionId = question.description ? `${base}-desc` : null;
  const description = question.description ? h('p', { class: 'q-description', id: descriptionId }, textIn(view, question.description)) : null;
  const common = {
    class: `question question-${question.type}`,
    id: base,
    'data-question': question.id,
    'data-type': question.type,
    'data-anchor': '',
  };
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
    hint.textContent = count > 0 ? t(locale, 'selectedCount', { k: count, n: max }) : t(locale, 'maxSelections', { n: max });
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
