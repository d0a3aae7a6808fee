// The type-specific parts of a question in the builder: the rating scale and its point
// labels, the options of choice questions (text per language, id, score, "not applicable"),
// the maximum length of text answers, and the show-if condition on an earlier question.

import { localized, t } from '../../shared/i18n.js';
import { h, icon } from '../../shared/dom.js';
import { field, idFor, issueSlot } from '../dom.js';
import { earlierChoiceQuestions, editableText, newOption, standardLabels } from '../model.js';
import { checkField, iconButton, numberInput, textInput, wire } from './fields.js';
import { LOCALE_NAMES } from './state.js';
import { edited, structural } from './sync.js';

export function ratingFields(model, question, path) {
  const scale = question.scale ?? (question.scale = { min: 1, max: 5, labels: {} });
  scale.labels = scale.labels ?? {};
  const rebuildOnChange = (input) => {
    input.addEventListener('change', () => structural(input.id));
    return input;
  };
  const min = rebuildOnChange(numberInput(scale.min, (v) => (scale.min = v), { step: '1', inputmode: 'numeric' }));
  const max = rebuildOnChange(numberInput(scale.max, (v) => (scale.max = v), { step: '1', inputmode: 'numeric' }));
  const points = [];
  if (Number.isInteger(scale.min) && Number.isInteger(scale.max) && scale.max >= scale.min && scale.max - scale.min <= 10) {
    for (let p = scale.min; p <= scale.max; p += 1) points.push(p);
  }
  const locales = model.locales.length ? model.locales : ['zh'];
  const labelsPath = `${path}.scale.labels`;
  const standard = scale.min === 1 && scale.max === 5;
  return h(
    'div',
    { class: 'type-box', 'data-path': `${path}.scale` },
    issueSlot(idFor(`${path}.scale`, 'issue')),
    h(
      'div',
      { class: 'field-grid field-grid-4' },
      field(`${path}.scale.min`, t('b.scaleMin'), min),
      field(`${path}.scale.max`, t('b.scaleMax'), max),
      checkField(`${path}.allowNotApplicable`, t('b.allowNA'), Boolean(question.allowNotApplicable), (v) => {
        question.allowNotApplicable = v;
        edited();
      }),
    ),
    points.length
      ? h(
          'fieldset',
          { class: 'labels-box', 'data-path': labelsPath },
          h(
            'legend',
            { class: 'field-label' },
            t('b.scaleLabels'),
          ),
          standard
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-ghost btn-small labels-fill',
                  id: idFor(labelsPath, 'standard'),
                  onclick: () => {
                    scale.labels = standardLabels(locales);
                    structural(idFor(labelsPath, 'standard'));
                  },
                },
                t('b.standardLabels'),
              )
            : null,
          issueSlot(idFor(labelsPath, 'issue')),
          h(
            'div',
            { class: 'label-rows' },
            points.map((point) => {
              const text = (scale.labels[String(point)] = editableText(scale.labels[String(point)], locales));
              const rowPath = `${labelsPath}.${point}`;
              return h(
                'div',
                { class: 'label-row', 'data-path': rowPath, style: `--locales: ${locales.length}` },
                h('span', { class: 'point', id: idFor(rowPath, 'point'), 'aria-hidden': 'true' }, String(point)),
                locales.map((locale) => {
                  const input = h('input', {
                    type: 'text',
                    id: idFor(rowPath, locale),
                    lang: locale,
                    'aria-label': `${t('b.scaleLabelFor', { point })} (${LOCALE_NAMES[locale] ?? locale})`,
                    placeholder: LOCALE_NAMES[locale] ?? locale,
                    'aria-describedby': idFor(rowPath, 'issue'),
                  });
                  input.value = text[locale] ?? '';
                  input.addEventListener('input', () => {
                    text[locale] = input.value;
                    edited();
                  });
                  return input;
                }),
                issueSlot(idFor(rowPath, 'issue')),
              );
            }),
          ),
        )
      : null,
  );
}

export function optionFields(model, question, path) {
  const locales = model.locales.length ? model.locales : ['zh'];
  const single = question.type === 'single';
  const optionsPath = `${path}.options`;
  question.options = question.options ?? [];
  return h(
    'div',
    { class: 'type-box' },
    h(
      'fieldset',
      { class: 'options-box', 'data-path': optionsPath },
      h('legend', { class: 'field-label' }, t('b.options'), single ? h('span', { class: 'legend-hint' }, ` · ${t('b.optionScoreHint')}`) : null),
      issueSlot(idFor(optionsPath, 'issue')),
      h(
        'ol',
        { class: `option-rows ${single ? 'is-single' : 'is-multiple'}` },
        question.options.map((option, k) => {
          const rowPath = `${optionsPath}[${k}]`;
          const n = k + 1;
          const score = numberInput(option.score, (v) => {
            if (v === undefined) delete option.score;
            else option.score = v;
          }, {
            min: '0',
            max: '100',
            placeholder: option.notApplicable ? '—' : t('b.optionScore'),
            disabled: option.notApplicable || null,
            'aria-label': `${t('b.optionN', { n })} · ${t('b.optionScore')}`,
          });
          const na = h('input', { type: 'checkbox', id: idFor(rowPath, 'na'), checked: Boolean(option.notApplicable) });
          na.addEventListener('change', () => {
            if (na.checked) {
              option.notApplicable = true;
              delete option.score;
            } else delete option.notApplicable;
            structural(na.id);
          });
          // "Other, please say": the attendee gets a text box; its text is kept and never scored.
          const other = h('input', { type: 'checkbox', id: idFor(rowPath, 'other'), checked: Boolean(option.other) });
          other.addEventListener('change', () => {
            if (other.checked) {
              option.other = true;
              delete option.notApplicable;
            } else delete option.other;
            structural(other.id);
          });
          const idInput = textInput(option.id, (v) => (option.id = v.trim()), {
            autocapitalize: 'off',
            placeholder: t('b.optionId'),
            'aria-label': `${t('b.optionN', { n })} · ${t('b.optionId')}`,
          });
          return h(
            'li',
            { class: 'option-row', 'data-path': rowPath },
            h('span', { class: 'option-n', 'aria-hidden': 'true' }, String(n)),
            h(
              'div',
              { class: 'option-texts', 'data-path': `${rowPath}.text`, style: `--locales: ${locales.length}` },
              locales.map((locale) => {
                const input = h('input', {
                  type: 'text',
                  id: idFor(`${rowPath}.text`, locale),
                  lang: locale,
                  placeholder: `${t('b.optionText')} · ${LOCALE_NAMES[locale] ?? locale}`,
                  'aria-label': `${t('b.optionN', { n })} · ${t('b.optionText')} (${LOCALE_NAMES[locale] ?? locale})`,
                  'aria-describedby': idFor(`${rowPath}.text`, 'issue'),
                });
                input.value = option.text[locale] ?? '';
                input.addEventListener('input', () => {
                  option.text[locale] = input.value;
                  edited();
                });
                return input;
              }),
              issueSlot(idFor(`${rowPath}.text`, 'issue')),
            ),
            h('div', { class: 'option-id', 'data-path': `${rowPath}.id` }, wire(idInput, `${rowPath}.id`), issueSlot(idFor(`${rowPath}.id`, 'issue'))),
            single
              ? h('div', { class: 'option-score', 'data-path': `${rowPath}.score` }, wire(score, `${rowPath}.score`), issueSlot(idFor(`${rowPath}.score`, 'issue')))
              : null,
            single
              ? h(
                  'div',
                  { class: 'option-na', 'data-path': `${rowPath}.notApplicable` },
                  h('label', { class: 'check check-small', for: na.id }, na, h('span', {}, t('b.optionNA'))),
                )
              : null,
            h(
              'div',
              { class: 'option-other', 'data-path': `${rowPath}.other` },
              h('label', { class: 'check check-small', for: other.id }, other, h('span', {}, t('b.optionOther'))),
            ),
            h(
              'div',
              { class: 'option-tools' },
              iconButton('trash', t('b.removeOption', { n }), () => {
                question.options.splice(k, 1);
                structural(idFor(optionsPath, 'add'));
              }, { class: 'icon-btn icon-btn-danger', id: idFor(rowPath, 'remove') }),
            ),
            issueSlot(idFor(rowPath, 'issue')),
          );
        }),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-ghost btn-small',
          id: idFor(optionsPath, 'add'),
          onclick: () => {
            question.options.push(newOption(question, locales));
            structural(idFor(`${optionsPath}[${question.options.length - 1}].text`, locales[0]));
          },
        },
        icon('plus'),
        t('b.addOption'),
      ),
    ),
    question.type === 'multiple'
      ? h(
          'div',
          { class: 'field-grid' },
          field(
            `${path}.maxSelections`,
            t('b.maxSelections'),
            numberInput(question.maxSelections, (v) => {
              if (v === undefined) delete question.maxSelections;
              else question.maxSelections = v;
            }, { min: '1', step: '1', inputmode: 'numeric' }),
            { hint: t('b.maxSelectionsHint') },
          ),
        )
      : null,
  );
}

export function showIfFields(model, question, d, q, path) {
  const candidates = earlierChoiceQuestions(model, d, q);
  const enabled = Boolean(question.showIf);
  const toggle = checkField(`${path}.showIf-toggle`, t('b.showIf'), enabled, (on) => {
    if (on) question.showIf = { question: candidates[0]?.id ?? '', in: [] };
    else delete question.showIf;
    structural(idFor(`${path}.showIf-toggle`));
  });
  if (!enabled) return h('div', { class: 'showif' }, toggle);
  const numbering = new Map();
  let n = 0;
  for (const dimension of model.dimensions) for (const other of dimension.questions) numbering.set(other, (n += 1));
  const target = candidates.find((c) => c.id === question.showIf.question);
  const select = h(
    'select',
    {},
    h('option', { value: '' }, t('b.choose')),
    candidates.map((c) =>
      h('option', { value: c.id, selected: c.id === question.showIf.question }, `${t('b.questionN', { n: numbering.get(c) })} · ${localized(c.text) || c.id}`),
    ),
    // A reference the form does not offer (typed in YAML) stays visible so it can be fixed.
    question.showIf.question && !target ? h('option', { value: question.showIf.question, selected: true }, question.showIf.question) : null,
  );
  select.addEventListener('change', () => {
    question.showIf.question = select.value;
    question.showIf.in = [];
    structural(select.id);
  });
  const inPath = `${path}.showIf.in`;
  return h(
    'div',
    { class: 'showif is-on', 'data-path': `${path}.showIf` },
    toggle,
    issueSlot(idFor(`${path}.showIf`, 'issue')),
    candidates.length === 0 ? h('p', { class: 'field-hint' }, t('b.showIfNone')) : null,
    field(`${path}.showIf.question`, t('b.showIfQuestion'), select),
    target
      ? h(
          'fieldset',
          { class: 'showif-options', 'data-path': inPath },
          h('legend', { class: 'field-label' }, t('b.showIfOptions')),
          h(
            'div',
            { class: 'check-list' },
            (target.options ?? []).map((option, k) => {
              const inputId = idFor(inPath, `o${k}`);
              const box = h('input', { type: 'checkbox', id: inputId, value: option.id, checked: question.showIf.in.includes(option.id) });
              box.addEventListener('change', () => {
                const chosen = new Set(question.showIf.in);
                if (box.checked) chosen.add(option.id);
                else chosen.delete(option.id);
                question.showIf.in = (target.options ?? []).map((o) => o.id).filter((id) => chosen.has(id));
                edited();
              });
              return h('label', { class: 'check check-chip', for: inputId }, box, h('span', {}, localized(option.text) || option.id));
            }),
          ),
          issueSlot(idFor(inPath, 'issue')),
        )
      : null,
  );
}
