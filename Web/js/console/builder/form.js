// The builder form: basics, the dimensions with their questions, and the grades; and the
// values derived from it (normalized weights next to the typed ones, card headings).

import { localized, t } from '../../shared/i18n.js';
import { formatPercent } from '../../shared/format.js';
import { fill, h, icon } from '../../shared/dom.js';
import { field, idFor, issueSlot } from '../dom.js';
import { applyType, DEFAULT_GRADES, dimensionShares, editableText, ensureLocales, isScored, isScoredSingle, MEETING_TYPES, newDimension, newGrade, newQuestion, parseLocales, QUESTION_TYPES, questionShares } from '../model.js';
import { checkField, details, hasAny, iconButton, itemTools, localizedField, numberInput, selectInput, textInput } from './fields.js';
import { applyIssues } from './issues.js';
import { optionFields, ratingFields, showIfFields } from './options.js';
import { markDerivedWeights, pairwiseSection } from './pairwise.js';
import { els, state } from './state.js';
import { edited, structural } from './sync.js';

// ---------------------------------------------------------------- the form

export function renderForm() {
  if (!els) return;
  ensureLocales(state.model);
  const active = document.activeElement && els.form.contains(document.activeElement) ? document.activeElement.id : null;
  const model = state.model;
  fill(els.form, basicsSection(model), dimensionsSection(model), pairwiseSection(model), gradesSection(model));
  applyIssues();
  refreshDerived();
  markDerivedWeights(model);
  if (active) document.getElementById(active)?.focus({ preventScroll: true });
}

function basicsSection(model) {
  const localesInput = textInput(model.locales.join(', '), () => {}, { autocapitalize: 'off' });
  localesInput.addEventListener('change', () => {
    const locales = parseLocales(localesInput.value);
    model.locales = locales.length ? locales : ['zh'];
    ensureLocales(model);
    structural(localesInput.id);
  });
  return h(
    'section',
    { class: 'card form-section', 'aria-labelledby': 'basics-title', 'data-path': '' },
    h('h2', { class: 'section-title', id: 'basics-title' }, t('b.basics')),
    localizedField('title', t('b.titleField'), model.title, { required: true }),
    h(
      'div',
      { class: 'field-grid' },
      field('id', t('b.id'), textInput(model.id, (v) => (model.id = v.trim()), { placeholder: 'work-conference', autocapitalize: 'off' }), {
        hint: t('b.idHint'),
        required: true,
        className: 'span-2',
      }),
      field(
        'meetingType',
        t('b.meetingType'),
        selectInput(
          MEETING_TYPES.map((type) => ({ value: type, label: t(`type.${type}`) })),
          model.meetingType,
          (v) => {
            model.meetingType = v;
            edited();
          },
        ),
        { className: 'span-2' },
      ),
      field('locales', t('b.locales'), localesInput, { hint: t('b.localesHint'), className: 'span-2' }),
      field('version', t('b.version'), numberInput(model.version, (v) => (model.version = v), { min: '1', step: '1', inputmode: 'numeric' }), {
        hint: t('b.versionHint'),
        className: 'span-2',
      }),
    ),
    details(t('b.descriptionField'), [localizedField('description', t('b.descriptionField'), model.description, { multiline: true })], hasAny(model.description)),
  );
}

function dimensionsSection(model) {
  const shares = dimensionShares(model);
  let number = 0;
  const numbers = model.dimensions.map((d) => d.questions.map(() => (number += 1)));
  return h(
    'section',
    { class: 'form-section-plain', 'aria-labelledby': 'dims-title', 'data-path': 'dimensions' },
    h('div', { class: 'section-head' }, h('h2', { class: 'block-title', id: 'dims-title' }, t('b.dimensions'))),
    jumpList(model),
    issueSlot(idFor('dimensions', 'issue')),
    h(
      'ol',
      { class: 'dimension-list' },
      model.dimensions.map((dimension, index) => h('li', {}, dimensionCard(model, dimension, index, shares[index], numbers[index]))),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-secondary add-dimension',
        id: 'add-dimension',
        onclick: () => {
          const dimension = newDimension(model);
          model.dimensions.push(dimension);
          dimension.questions.push(newQuestion(model, 'rating'));
          structural(idFor(`dimensions[${model.dimensions.length - 1}].title`, model.locales[0]));
        },
      },
      icon('plus'),
      t('b.addDimension'),
    ),
  );
}

/** Links to every dimension: a long questionnaire is many screens tall. */
function jumpList(model) {
  if (model.dimensions.length < 2) return null;
  return h(
    'nav',
    { class: 'dim-jump', id: 'dimension-jump', 'aria-label': t('b.jumpLabel') },
    h('span', { class: 'dim-jump-label', 'aria-hidden': 'true' }, t('b.jumpLabel')),
    h(
      'ol',
      {},
      model.dimensions.map((dimension, index) =>
        h(
          'li',
          {},
          h(
            'a',
            {
              href: `#${idFor(`dimensions[${index}]`, 'heading')}`,
              'data-jump': String(index),
              onclick: (event) => {
                event.preventDefault();
                revealPath(`dimensions[${index}]`);
                const card = els.form.querySelector(`.dim-card[data-path="dimensions[${index}]"]`);
                card?.scrollIntoView({ block: 'start' });
                card?.querySelector('.dim-toggle')?.focus({ preventScroll: true });
              },
            },
            h('span', { class: 'dim-jump-n' }, String(index + 1)),
            ' ',
            localized(dimension.title) || t('b.dimensionN', { n: index + 1 }),
          ),
        ),
      ),
    ),
    h(
      'span',
      { class: 'dim-jump-all' },
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', id: 'expand-all', onclick: () => setAllCollapsed(model, false) }, t('b.expandAll')),
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', id: 'collapse-all', onclick: () => setAllCollapsed(model, true) }, t('b.collapseAll')),
    ),
  );
}

function setAllCollapsed(model, collapsed) {
  state.collapsed = new Set(collapsed ? model.dimensions.map((dimension) => dimension.id) : []);
  for (const card of els.form.querySelectorAll('.dim-card')) showCollapsed(card, collapsed);
}

function showCollapsed(card, collapsed) {
  card.classList.toggle('is-collapsed', collapsed);
  card.querySelector('.dim-toggle')?.setAttribute('aria-expanded', String(!collapsed));
  const body = card.querySelector('.dim-card-body');
  if (body) body.hidden = collapsed;
}

/** Opens the dimension that holds `path` (a field with a problem, a jump target). */
export function revealPath(path) {
  const match = /^dimensions\[(\d+)\]/.exec(path ?? '');
  if (!match || !els) return;
  const dimension = state.model?.dimensions?.[Number(match[1])];
  if (!dimension || !state.collapsed.has(dimension.id)) return;
  state.collapsed.delete(dimension.id);
  const card = els.form.querySelector(`.dim-card[data-path="dimensions[${match[1]}]"]`);
  if (card) showCollapsed(card, false);
}

function dimensionCard(model, dimension, index, share, numbers) {
  const path = `dimensions[${index}]`;
  const n = index + 1;
  const shares = questionShares(dimension);
  const collapsed = state.collapsed.has(dimension.id);
  const bodyId = idFor(path, 'body');
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'dim-toggle',
      id: idFor(path, 'toggle'),
      'aria-expanded': String(!collapsed),
      'aria-controls': bodyId,
      onclick: () => {
        const nowCollapsed = !state.collapsed.has(dimension.id);
        if (nowCollapsed) state.collapsed.add(dimension.id);
        else state.collapsed.delete(dimension.id);
        showCollapsed(toggle.closest('.dim-card'), nowCollapsed);
      },
    },
    icon('down'),
    h('span', { class: 'dim-index', 'aria-hidden': 'true' }, String(n)),
    h('span', { class: 'sr-only' }, `${t('b.dimensionN', { n })}: `),
    h('span', { 'data-heading-for': path }, localized(dimension.title) || t('b.dimensionN', { n })),
    h('span', { class: 'dim-count' }, t('b.questionCount', { n: dimension.questions.length })),
  );
  return h(
    'section',
    { class: ['card', 'dim-card', collapsed ? 'is-collapsed' : null], 'data-path': path, 'aria-labelledby': idFor(path, 'heading') },
    h(
      'header',
      { class: 'dim-card-head' },
      h('h3', { class: 'dim-card-title', id: idFor(path, 'heading') }, toggle),
      h('span', { class: 'share-pill', 'data-share': path }, share === null ? t('q.unscored') : formatPercent(share)),
      itemTools(
        model.dimensions,
        index,
        { path, up: t('b.moveDimensionUp', { n }), down: t('b.moveDimensionDown', { n }), remove: t('b.removeDimension', { n }) },
        {
          min: 1,
          focusId: (i, why) => (why === 'remove' ? 'add-dimension' : `${idFor(`dimensions[${i}]`)}-${why}`),
        },
      ),
    ),
    issueSlot(idFor(path, 'issue')),
    h(
      'div',
      { class: 'dim-card-body', id: bodyId, hidden: collapsed },
      localizedField(`${path}.title`, t('b.dimTitle'), dimension.title, {
        required: true,
        onText: () => refreshHeading(path, dimension.title, t('b.dimensionN', { n })),
      }),
      h(
        'div',
        { class: 'field-grid' },
        field(`${path}.id`, t('b.dimId'), textInput(dimension.id, (v) => (dimension.id = v.trim()), { autocapitalize: 'off' }), { required: true }),
        field(
          `${path}.weight`,
          t('b.dimWeight'),
          numberInput(dimension.weight, (v) => {
            if (v === undefined) delete dimension.weight;
            else dimension.weight = v;
          }, { min: '0' }),
          { hint: t('b.dimWeightHint'), after: h('span', { class: 'share-note', 'data-share-note': path }), className: 'span-2' },
        ),
      ),
      details(t('b.dimDescription'), [localizedField(`${path}.description`, t('b.dimDescription'), dimension.description, { multiline: true })], hasAny(dimension.description)),
      h(
        'div',
        { class: 'question-area', 'data-path': `${path}.questions` },
        issueSlot(idFor(`${path}.questions`, 'issue')),
        h(
          'ol',
          { class: 'question-list' },
          dimension.questions.map((question, q) => h('li', {}, questionCard(model, dimension, index, question, q, shares[q], numbers[q]))),
        ),
        h(
          'div',
          { class: 'add-row', role: 'group', 'aria-label': t('b.addQuestion', { type: '' }).trim() },
          QUESTION_TYPES.map((type) =>
            h(
              'button',
              {
                type: 'button',
                class: 'btn btn-ghost btn-small add-question',
                'data-type': type,
                id: idFor(path, `add-${type}`),
                onclick: () => {
                  dimension.questions.push(newQuestion(model, type));
                  structural(idFor(`${path}.questions[${dimension.questions.length - 1}].text`, model.locales[0]));
                },
              },
              icon('plus'),
              t('b.addQuestion', { type: t(`qtype.${type}`) }),
            ),
          ),
        ),
      ),
    ),
  );
}

function questionCard(model, dimension, d, question, q, share, number) {
  const path = `dimensions[${d}].questions[${q}]`;
  const typeSelect = selectInput(
    QUESTION_TYPES.map((type) => ({ value: type, label: t(`qtype.${type}`) })),
    question.type,
    (type) => {
      applyType(question, type, model.locales);
      structural(idFor(`${path}.type`));
    },
  );
  const weightInput = numberInput(question.weight, (v) => {
    if (v === undefined) delete question.weight;
    else question.weight = v;
  }, { min: '0', placeholder: '1' });
  const scoredType = question.type === 'rating' || question.type === 'single';
  return h(
    'article',
    { class: `q-card q-type-${question.type}`, 'data-path': path, 'aria-labelledby': idFor(path, 'heading') },
    h(
      'header',
      { class: 'q-card-head' },
      h(
        'h4',
        { class: 'q-card-title', id: idFor(path, 'heading') },
        h('span', { class: 'q-badge' }, t('b.questionN', { n: number })),
        h('span', { class: `type-tag type-${question.type}` }, t(`qtype.${question.type}`)),
        h('span', { class: 'q-card-text', 'data-heading-for': path }, localized(question.text)),
      ),
      itemTools(
        dimension.questions,
        q,
        { path, up: t('b.moveQuestionUp', { n: number }), down: t('b.moveQuestionDown', { n: number }), remove: t('b.removeQuestion', { n: number }) },
        { focusId: (i, why) => (why === 'remove' ? idFor(`dimensions[${d}]`, 'add-rating') : `${idFor(`dimensions[${d}].questions[${i}]`)}-${why}`) },
      ),
    ),
    issueSlot(idFor(path, 'issue')),
    localizedField(`${path}.text`, t('b.qText'), question.text, {
      required: true,
      onText: () => refreshHeading(path, question.text, ''),
    }),
    h(
      'div',
      { class: 'field-grid field-grid-4' },
      field(`${path}.type`, t('b.qType'), typeSelect),
      field(`${path}.id`, t('b.qId'), textInput(question.id, (v) => (question.id = v.trim()), { autocapitalize: 'off' }), { required: true }),
      scoredType
        ? field(`${path}.weight`, t('b.qWeight'), weightInput, {
            after: h('span', { class: 'share-note', 'data-share-note': path }),
          })
        : null,
      checkField(`${path}.required`, t('b.qRequired'), Boolean(question.required), (v) => {
        question.required = v;
        edited();
      }),
    ),
    typeFields(model, question, path),
    showIfFields(model, question, d, q, path),
    details(t('b.qDescription'), [localizedField(`${path}.description`, t('b.qDescription'), question.description, { multiline: true })], hasAny(question.description)),
  );
}

function typeFields(model, question, path) {
  if (question.type === 'rating') return ratingFields(model, question, path);
  if (question.type === 'single' || question.type === 'multiple') return optionFields(model, question, path);
  return h(
    'div',
    { class: 'field-grid' },
    field(
      `${path}.maxLength`,
      t('b.maxLength'),
      numberInput(question.maxLength, (v) => {
        if (v === undefined) delete question.maxLength;
        else question.maxLength = v;
      }, { min: '1', max: '10000', step: '1', placeholder: '2000', inputmode: 'numeric' }),
      { hint: t('b.maxLengthHint') },
    ),
  );
}

function gradesSection(model) {
  const custom = Array.isArray(model.grades);
  const locales = model.locales.length ? model.locales : ['zh'];
  const toggle = checkField('grades-toggle', t('b.customGrades'), custom, (on) => {
    model.grades = on
      ? DEFAULT_GRADES.map((grade) => ({ min: grade.min, label: editableText(grade.label, locales) }))
      : undefined;
    ensureLocales(model);
    structural(idFor('grades-toggle'));
  });
  return h(
    'section',
    { class: 'card form-section', 'aria-labelledby': 'grades-title', 'data-path': 'grades' },
    h('h2', { class: 'section-title', id: 'grades-title' }, t('b.grades')),
    toggle,
    issueSlot(idFor('grades', 'issue')),
    custom
      ? [
          h(
            'ol',
            { class: 'grade-rows' },
            model.grades.map((grade, i) => {
              const path = `grades[${i}]`;
              const n = i + 1;
              return h(
                'li',
                { class: 'grade-row', 'data-path': path },
                field(`${path}.min`, t('b.gradeMin'), numberInput(grade.min, (v) => (grade.min = v), { min: '0', max: '100' }), { className: 'grade-min' }),
                localizedField(`${path}.label`, t('b.gradeLabel'), grade.label, { required: true }),
                h(
                  'div',
                  { class: 'option-tools' },
                  iconButton('trash', t('b.removeGrade', { n }), () => {
                    model.grades.splice(i, 1);
                    structural('add-grade');
                  }, { class: 'icon-btn icon-btn-danger', id: idFor(path, 'remove') }),
                ),
                issueSlot(idFor(path, 'issue')),
              );
            }),
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-ghost btn-small',
              id: 'add-grade',
              onclick: () => {
                model.grades.push(newGrade(locales));
                structural(idFor(`grades[${model.grades.length - 1}].min`));
              },
            },
            icon('plus'),
            t('b.addGrade'),
          ),
        ]
      : h('p', { class: 'field-hint' }, t('b.defaultGrades')),
  );
}

// ---------------------------------------------------------------- derived values

function refreshHeading(path, text, fallback) {
  const target = els?.form.querySelector(`[data-heading-for="${path}"]`);
  if (target) target.textContent = localized(text) || fallback;
}

/** Normalized weights next to the typed ones, and which weight fields apply. */
export function refreshDerived() {
  if (!els) return;
  const model = state.model;
  const shares = dimensionShares(model);
  model.dimensions.forEach((dimension, d) => {
    const path = `dimensions[${d}]`;
    const pill = els.form.querySelector(`[data-share="${path}"]`);
    const text = shares[d] === null ? t('q.unscored') : formatPercent(shares[d]);
    if (pill) {
      pill.textContent = text;
      pill.classList.toggle('is-unscored', shares[d] === null);
    }
    const note = els.form.querySelector(`[data-share-note="${path}"]`);
    if (note) note.textContent = shares[d] === null ? t('q.unscored') : t('b.normalizedOf', { p: formatPercent(shares[d]) });
    const qShares = questionShares(dimension);
    dimension.questions.forEach((question, q) => {
      const qPath = `${path}.questions[${q}]`;
      const qNote = els.form.querySelector(`[data-share-note="${qPath}"]`);
      if (qNote) {
        const scoredHere = isScored(question) && shares[d] !== null;
        qNote.textContent = qShares[q] === null ? t('b.unscoredQuestion') : t('b.normalizedOf', { p: formatPercent(qShares[q]) });
        qNote.classList.toggle('is-muted', !scoredHere);
      }
      const weight = els.form.querySelector(`#${CSS.escape(idFor(`${qPath}.weight`))}`);
      if (weight && question.type === 'single') {
        const scored = isScoredSingle(question);
        weight.disabled = !scored;
        weight.placeholder = scored ? '1' : '—';
      }
    });
  });
}
