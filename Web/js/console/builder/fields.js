// Labelled controls of the builder form: every field carries its definition path
// (`data-path`), so the validator's messages find it, and an issue slot for them.

import { h, icon } from '../../shared/dom.js';
import { idFor, issueSlot } from '../dom.js';
import { move, numberText, parseNumber } from '../model.js';
import { LOCALE_NAMES, state } from './state.js';
import { edited, structural } from './sync.js';

// ---------------------------------------------------------------- form pieces

/** Localized text inputs, one per locale, under one visible label. */
export function localizedField(path, label, text, { multiline = false, required = false, hint = null, onText = null } = {}) {
  const labelId = idFor(path, 'label');
  const slotId = idFor(path, 'issue');
  const hintId = hint ? idFor(path, 'hint') : null;
  const locales = state.model.locales.length ? state.model.locales : ['zh'];
  return h(
    'div',
    { class: 'field field-localized', 'data-path': path },
    h('span', { class: 'field-label', id: labelId }, label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    h(
      'div',
      { class: locales.length > 1 ? 'loc-inputs is-multi' : 'loc-inputs' },
      locales.map((locale, index) => {
        const inputId = idFor(path, locale);
        const tagId = idFor(path, `${locale}-tag`);
        const attrs = {
          id: inputId,
          lang: locale,
          'aria-labelledby': `${labelId} ${tagId}`,
          'aria-describedby': [hintId, slotId].filter(Boolean).join(' '),
          'data-locale': locale,
          'aria-required': required && index === 0 ? 'true' : null,
        };
        const control = multiline ? h('textarea', { ...attrs, rows: '2' }) : h('input', { ...attrs, type: 'text' });
        control.value = text[locale] ?? '';
        control.addEventListener('input', () => {
          text[locale] = control.value;
          onText?.();
          edited();
        });
        return h(
          'div',
          { class: 'loc-row' },
          h('label', { class: 'loc-tag', for: inputId, id: tagId }, LOCALE_NAMES[locale] ?? locale),
          control,
        );
      }),
    ),
    hint ? h('p', { class: 'field-hint', id: hintId }, hint) : null,
    issueSlot(slotId),
  );
}

export function textInput(value, onValue, attrs = {}) {
  const input = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', ...attrs });
  input.value = value ?? '';
  input.addEventListener('input', () => {
    onValue(input.value);
    edited();
  });
  return input;
}

export function numberInput(value, onValue, attrs = {}) {
  const input = h('input', { type: 'number', inputmode: 'decimal', step: 'any', ...attrs });
  input.value = numberText(value);
  input.addEventListener('input', () => {
    onValue(parseNumber(input.value));
    edited();
  });
  return input;
}

export function selectInput(options, value, onValue) {
  const select = h(
    'select',
    {},
    options.map((option) => h('option', { value: option.value, selected: option.value === value }, option.label)),
  );
  select.addEventListener('change', () => onValue(select.value));
  return select;
}

export function checkField(path, label, checked, onValue, { hint = null } = {}) {
  const inputId = idFor(path);
  const slotId = idFor(path, 'issue');
  const input = h('input', { type: 'checkbox', id: inputId, checked, 'aria-describedby': slotId });
  input.addEventListener('change', () => onValue(input.checked));
  return h(
    'div',
    { class: 'field field-check', 'data-path': path },
    h('label', { class: 'check', for: inputId }, input, h('span', {}, label)),
    hint ? h('p', { class: 'field-hint' }, hint) : null,
    issueSlot(slotId),
  );
}

export function iconButton(name, label, onClick, attrs = {}) {
  return h(
    'button',
    { type: 'button', class: 'icon-btn', 'aria-label': label, title: label, onclick: onClick, ...attrs },
    icon(name),
  );
}

/** Up, down and remove buttons of a list item. */
export function itemTools(list, index, labels, { onChange, focusId, min = 0 }) {
  const path = labels.path;
  return h(
    'div',
    { class: 'item-tools' },
    iconButton('up', labels.up, () => {
      if (move(list, index, -1)) structural(focusId(index - 1, 'up'));
    }, { disabled: index === 0, id: `${idFor(path)}-up` }),
    iconButton('down', labels.down, () => {
      if (move(list, index, 1)) structural(focusId(index + 1, 'down'));
    }, { disabled: index === list.length - 1, id: `${idFor(path)}-down` }),
    iconButton('trash', labels.remove, () => {
      if (list.length <= min) return;
      list.splice(index, 1);
      onChange?.();
      structural(focusId(Math.min(index, list.length - 1), 'remove'));
    }, { class: 'icon-btn icon-btn-danger', id: `${idFor(path)}-remove` }),
  );
}

export function hasAny(text) {
  return Object.values(text ?? {}).some((value) => typeof value === 'string' && value.trim() !== '');
}

export function details(summary, children, open) {
  return h('details', { class: 'more', open: open || null }, h('summary', {}, summary), h('div', { class: 'more-body' }, children));
}

/** Gives a bare control the id and description of its path. */
export function wire(control, path) {
  control.id = idFor(path);
  control.setAttribute('aria-describedby', idFor(path, 'issue'));
  return control;
}
