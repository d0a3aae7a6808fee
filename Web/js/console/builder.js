// The questionnaire form builder: a form on one side and, next to it, the same definition
// as YAML text and a live preview as attendees see it. Either side can be edited; the
// server's validator checks the definition as you type (debounced), and its messages are
// shown next to the form fields their paths name, in a summary, and on the YAML lines.

import { api } from './api.js';
import { confirmDialog } from './dialog.js';
import { announce, errorBlock, failureMessage, fill, h, icon, idFor, issueSlot, loadingBlock, pageHead, setTitle, toast } from './dom.js';
import { formatPercent, lt, t } from './i18n.js';
import {
  DEFAULT_GRADES,
  MEETING_TYPES,
  QUESTION_TYPES,
  applyType,
  definitionFromModel,
  dimensionShares,
  earlierChoiceQuestions,
  editableText,
  emptyModel,
  ensureLocales,
  isScored,
  isScoredSingle,
  modelFromDefinition,
  move,
  newDimension,
  newGrade,
  newOption,
  newQuestion,
  numberText,
  parseLocales,
  parseNumber,
  questionShares,
  standardLabels,
} from './model.js';
import { emitYAML, parentPath } from './yaml.js';
import { createPreview } from './preview.js';

const VALIDATE_DELAY_MS = 400;
const LOCALE_NAMES = { zh: '中文', en: 'English' };

const state = {
  /** 'new', or 'edit:ID:VERSION' */
  key: null,
  model: null,
  baseVersion: null,
  dirty: false,
  /** The text in the YAML box, and where it came from: 'form' (generated) or 'user' (typed). */
  yamlText: '',
  yamlSource: 'form',
  /** False while typed YAML has problems, so the form shows the last valid content. */
  yamlInSync: true,
  yamlBackup: null,
  /** idle | checking | valid | invalid | syntax | offline */
  check: { status: 'idle', errors: [], warnings: [], message: '' },
  seq: 0,
  timer: null,
  controller: null,
  pending: null,
  tab: 'yaml',
  summaryOpen: { error: false, warning: false },
  saving: false,
  preview: null,
};

/** Elements of the view on screen. */
let els = null;

export function hasUnsavedChanges() {
  return Boolean(state.model && state.dirty);
}

// ---------------------------------------------------------------- entry

export async function render(main, { mode, id, version }) {
  const key = mode === 'new' ? 'new' : `edit:${id}:${version ?? 'latest'}`;
  setTitle(mode === 'new' ? t('b.newTitle') : t('b.editTitle', { id }));
  if (state.key !== key || !state.model) {
    if (mode === 'new') {
      startWith(key, emptyModel(), null);
    } else {
      fill(main, 
        pageHead({ crumbs: [{ href: '#/questionnaires', label: t('q.title') }], title: t('b.editTitle', { id }) }),
        loadingBlock(),
      );
      main.setAttribute('aria-busy', 'true');
      const [result, list] = await Promise.all([
        version ? api.questionnaireVersion(id, version) : api.questionnaire(id),
        api.questionnaires(),
      ]);
      main.setAttribute('aria-busy', 'false');
      if (!result.ok) {
        fill(main, 
          pageHead({ crumbs: [{ href: '#/questionnaires', label: t('q.title') }], title: t('b.editTitle', { id }) }),
          errorBlock(t('loadFailed', { message: failureMessage(result) }), () => render(main, { mode, id, version })),
        );
        return undefined;
      }
      const model = modelFromDefinition(result.data.definition);
      const latest = (list.data?.questionnaires ?? []).find((q) => q.id === id)?.latestVersion ?? result.data.version;
      model.version = latest + 1;
      startWith(key, model, result.data.version);
    }
  }
  draw(main);
  return () => {
    clearTimeout(state.timer);
    state.preview?.destroy();
    state.preview = null;
    els = null;
  };
}

function startWith(key, model, baseVersion) {
  state.key = key;
  state.model = model;
  state.baseVersion = baseVersion;
  state.dirty = false;
  state.yamlSource = 'form';
  state.yamlInSync = true;
  state.yamlBackup = null;
  state.check = { status: 'idle', errors: [], warnings: [], message: '' };
  // A new, empty form is not covered in messages: a field shows its problem once it was
  // left (or after a save was tried); the status and the summary count everything.
  state.quiet = key === 'new';
  state.touched = new Set();
  regenerateYAML();
}

// ---------------------------------------------------------------- the page

function draw(main) {
  const editing = state.key !== 'new';
  const id = editing ? state.key.split(':')[1] : null;
  const statusPill = h('span', { class: 'check-pill', id: 'check-status', role: 'status', 'aria-live': 'polite' });
  const saveButton = h(
    'button',
    { type: 'button', class: 'btn btn-primary', id: 'save-questionnaire', onclick: save },
    icon('check'),
    h('span', { class: 'btn-label' }, t('b.save')),
  );
  const head = pageHead({
    crumbs: [{ href: '#/questionnaires', label: t('q.title') }],
    title: editing ? t('b.editTitle', { id }) : t('b.newTitle'),
    lead: editing ? t('b.basedOn', { v: state.baseVersion }) : t('b.newLead'),
    actions: editing
      ? []
      : [h('button', { type: 'button', class: 'btn btn-ghost', id: 'start-over', onclick: startOver }, t('b.startOver'))],
  });
  const bar = h(
    'div',
    { class: 'builder-bar' },
    h('div', { class: 'builder-bar-inner' }, statusPill, h('span', { class: 'unsaved-note', id: 'unsaved-note' }), saveButton),
  );
  const summary = h('div', { class: 'issue-summary', id: 'issue-summary', tabindex: '-1' });
  const stale = h('div', { class: 'stale-note', id: 'stale-note', hidden: true });
  const form = h('form', {
    class: 'builder-form',
    id: 'builder-form',
    novalidate: true,
    'aria-label': editing ? t('b.editTitle', { id }) : t('b.newTitle'),
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('focusout', (event) => {
    const field = event.target.closest?.('[data-path]');
    if (!state.quiet || !field || state.touched.has(field.dataset.path)) return;
    state.touched.add(field.dataset.path);
    if (state.check.status !== 'checking') applyIssues();
  });
  const side = drawSide();
  fill(main, head, bar, summary, h('div', { class: 'builder' }, h('div', { class: 'builder-main' }, stale, form), side));
  els = {
    main,
    form,
    summary,
    stale,
    statusPill,
    saveButton,
    unsaved: main.querySelector('#unsaved-note'),
    yaml: side.querySelector('#yaml-text'),
    gutter: side.querySelector('.code-gutter'),
    backdrop: side.querySelector('.code-backdrop'),
    yamlNote: side.querySelector('#yaml-note'),
    previewHost: side.querySelector('#preview-host'),
    previewLocales: side.querySelector('#preview-locales'),
  };
  els.yaml.value = state.yamlText;
  renderForm();
  renderYAMLDecor();
  renderCheck();
  refreshDirty();
  state.preview = createPreview(els.previewHost, { title: t('b.preview') });
  refreshPreview();
  if (state.check.status === 'idle') scheduleValidate(0);
}

function drawSide() {
  const tabs = [
    { key: 'yaml', label: t('b.yaml') },
    { key: 'preview', label: t('b.preview') },
  ];
  const tablist = h(
    'div',
    { class: 'tabs', role: 'tablist', 'aria-label': t('b.paneLabel') },
    tabs.map((tab) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `tab-${tab.key}`,
          class: 'tab',
          'aria-selected': state.tab === tab.key ? 'true' : 'false',
          'aria-controls': `panel-${tab.key}`,
          tabindex: state.tab === tab.key ? '0' : '-1',
          'data-tab': tab.key,
          onclick: () => selectTab(tab.key, false),
          onkeydown: (event) => {
            if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
              event.preventDefault();
              selectTab(state.tab === 'yaml' ? 'preview' : 'yaml', true);
            }
          },
        },
        tab.label,
      ),
    ),
  );
  const textarea = h('textarea', {
    id: 'yaml-text',
    class: 'code-input',
    wrap: 'off',
    spellcheck: 'false',
    autocapitalize: 'off',
    autocomplete: 'off',
    'aria-describedby': 'yaml-hint',
  });
  textarea.addEventListener('input', onYAMLInput);
  textarea.addEventListener('scroll', syncYAMLScroll);
  textarea.addEventListener('keydown', (event) => {
    // Tab indents (two spaces) instead of leaving the box; Escape then Tab leaves it.
    if (event.key === 'Tab' && !event.shiftKey && !textarea.dataset.escaped) {
      event.preventDefault();
      const { selectionStart: start, selectionEnd: end } = textarea;
      textarea.setRangeText('  ', start, end, 'end');
      onYAMLInput();
    } else if (event.key === 'Escape') {
      textarea.dataset.escaped = '1';
    } else if (event.key !== 'Tab') {
      delete textarea.dataset.escaped;
    }
  });
  textarea.addEventListener('blur', () => delete textarea.dataset.escaped);
  const yamlPanel = h(
    'div',
    { class: 'tab-panel', role: 'tabpanel', id: 'panel-yaml', 'aria-labelledby': 'tab-yaml', hidden: state.tab !== 'yaml' },
    h(
      'div',
      { class: 'panel-head' },
      h('label', { for: 'yaml-text', class: 'panel-label' }, t('b.yamlLabel')),
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', id: 'copy-yaml', onclick: copyYAML }, icon('copy'), t('b.copyYaml')),
    ),
    h('p', { class: 'panel-hint', id: 'yaml-hint' }, t('b.yamlHint')),
    h('div', { id: 'yaml-note', class: 'yaml-note', hidden: true }),
    h(
      'div',
      { class: 'code-editor' },
      h('div', { class: 'code-gutter', 'aria-hidden': 'true' }),
      h('div', { class: 'code-area' }, h('div', { class: 'code-backdrop', 'aria-hidden': 'true' }), textarea),
    ),
  );
  const previewPanel = h(
    'div',
    { class: 'tab-panel', role: 'tabpanel', id: 'panel-preview', 'aria-labelledby': 'tab-preview', hidden: state.tab !== 'preview' },
    h(
      'div',
      { class: 'panel-head' },
      h('span', { class: 'panel-label' }, t('b.preview')),
      h('div', { class: 'seg', role: 'group', id: 'preview-locales', 'aria-label': t('b.previewLocale') }),
    ),
    h('p', { class: 'panel-hint' }, t('b.previewNote')),
    h('div', { class: 'phone-frame', id: 'preview-host' }),
  );
  return h('aside', { class: 'builder-side', 'aria-label': t('b.paneLabel') }, h('div', { class: 'side-sticky' }, tablist, yamlPanel, previewPanel));
}

function selectTab(key, focus) {
  state.tab = key;
  const root = els?.main;
  if (!root) return;
  for (const tab of root.querySelectorAll('[role="tab"]')) {
    const selected = tab.dataset.tab === key;
    tab.setAttribute('aria-selected', selected ? 'true' : 'false');
    tab.tabIndex = selected ? 0 : -1;
    if (selected && focus) tab.focus();
  }
  root.querySelector('#panel-yaml').hidden = key !== 'yaml';
  root.querySelector('#panel-preview').hidden = key !== 'preview';
  if (key === 'preview') refreshPreview();
  if (key === 'yaml') syncYAMLScroll();
}

async function startOver() {
  const ok = await confirmDialog({ title: t('b.startOver'), body: t('b.startOverConfirm'), confirmLabel: t('b.startOver'), tone: 'danger' });
  if (!ok) return;
  startWith('new', emptyModel(), null);
  draw(els.main);
  els.main.querySelector('.page-title')?.focus();
}

// ---------------------------------------------------------------- form pieces

/** Localized text inputs, one per locale, under one visible label. */
function localizedField(path, label, text, { multiline = false, required = false, hint = null, onText = null } = {}) {
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

/** One labelled control: `control` gets the id, the hint and the issue slot wired up. */
function field(path, label, control, { hint = null, className = '', after = null, required = false } = {}) {
  const inputId = idFor(path);
  const slotId = idFor(path, 'issue');
  const hintId = hint ? idFor(path, 'hint') : null;
  control.id = inputId;
  control.setAttribute('aria-describedby', [hintId, slotId].filter(Boolean).join(' '));
  if (required) control.setAttribute('aria-required', 'true');
  return h(
    'div',
    { class: `field ${className}`.trim(), 'data-path': path },
    h('label', { class: 'field-label', for: inputId }, label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    h('div', { class: 'field-control' }, control, after),
    hint ? h('p', { class: 'field-hint', id: hintId }, hint) : null,
    issueSlot(slotId),
  );
}

function textInput(value, onValue, attrs = {}) {
  const input = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', ...attrs });
  input.value = value ?? '';
  input.addEventListener('input', () => {
    onValue(input.value);
    edited();
  });
  return input;
}

function numberInput(value, onValue, attrs = {}) {
  const input = h('input', { type: 'number', inputmode: 'decimal', step: 'any', ...attrs });
  input.value = numberText(value);
  input.addEventListener('input', () => {
    onValue(parseNumber(input.value));
    edited();
  });
  return input;
}

function selectInput(options, value, onValue) {
  const select = h(
    'select',
    {},
    options.map((option) => h('option', { value: option.value, selected: option.value === value }, option.label)),
  );
  select.addEventListener('change', () => onValue(select.value));
  return select;
}

function checkField(path, label, checked, onValue, { hint = null } = {}) {
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

function iconButton(name, label, onClick, attrs = {}) {
  return h(
    'button',
    { type: 'button', class: 'icon-btn', 'aria-label': label, title: label, onclick: onClick, ...attrs },
    icon(name),
  );
}

/** Up, down and remove buttons of a list item. */
function itemTools(list, index, labels, { onChange, focusId, min = 0 }) {
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

// ---------------------------------------------------------------- the form

function renderForm() {
  if (!els) return;
  ensureLocales(state.model);
  const active = document.activeElement && els.form.contains(document.activeElement) ? document.activeElement.id : null;
  const model = state.model;
  fill(els.form, basicsSection(model), dimensionsSection(model), gradesSection(model));
  applyIssues();
  refreshDerived();
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

function hasAny(text) {
  return Object.values(text ?? {}).some((value) => typeof value === 'string' && value.trim() !== '');
}

function details(summary, children, open) {
  return h('details', { class: 'more', open: open || null }, h('summary', {}, summary), h('div', { class: 'more-body' }, children));
}

function dimensionsSection(model) {
  const shares = dimensionShares(model);
  let number = 0;
  const numbers = model.dimensions.map((d) => d.questions.map(() => (number += 1)));
  return h(
    'section',
    { class: 'form-section-plain', 'aria-labelledby': 'dims-title', 'data-path': 'dimensions' },
    h('div', { class: 'section-head' }, h('h2', { class: 'block-title', id: 'dims-title' }, t('b.dimensions'))),
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

function dimensionCard(model, dimension, index, share, numbers) {
  const path = `dimensions[${index}]`;
  const n = index + 1;
  const shares = questionShares(dimension);
  return h(
    'section',
    { class: 'card dim-card', 'data-path': path, 'aria-labelledby': idFor(path, 'heading') },
    h(
      'header',
      { class: 'dim-card-head' },
      h(
        'h3',
        { class: 'dim-card-title', id: idFor(path, 'heading') },
        h('span', { class: 'dim-index', 'aria-hidden': 'true' }, String(n)),
        h('span', { class: 'sr-only' }, `${t('b.dimensionN', { n })}: `),
        h('span', { 'data-heading-for': path }, lt(dimension.title) || t('b.dimensionN', { n })),
      ),
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
      { class: 'dim-card-body' },
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
        h('span', { class: 'q-card-text', 'data-heading-for': path }, lt(question.text)),
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

function ratingFields(model, question, path) {
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

function optionFields(model, question, path) {
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
      question.options.length
        ? h(
            'div',
            { class: `option-head ${single ? 'is-single' : 'is-multiple'}`, 'aria-hidden': 'true' },
            h('span', {}),
            h(
              'span',
              { class: 'option-head-texts', style: `--locales: ${locales.length}` },
              locales.map((locale) => h('span', {}, `${t('b.optionText')} · ${LOCALE_NAMES[locale] ?? locale}`)),
            ),
            h('span', {}, t('b.optionId')),
            single ? h('span', {}, t('b.optionScore')) : null,
          )
        : null,
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

/** Gives a bare control the id and description of its path. */
function wire(control, path) {
  control.id = idFor(path);
  control.setAttribute('aria-describedby', idFor(path, 'issue'));
  return control;
}

function showIfFields(model, question, d, q, path) {
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
      h('option', { value: c.id, selected: c.id === question.showIf.question }, `${t('b.questionN', { n: numbering.get(c) })} · ${lt(c.text) || c.id}`),
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
              return h('label', { class: 'check check-chip', for: inputId }, box, h('span', {}, lt(option.text) || option.id));
            }),
          ),
          issueSlot(idFor(inPath, 'issue')),
        )
      : null,
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
  if (target) target.textContent = lt(text) || fallback;
}

/** Normalized weights next to the typed ones, and which weight fields apply. */
function refreshDerived() {
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

// ---------------------------------------------------------------- edits

/** A value changed in the form (no new fields): YAML, weights, preview and a check follow. */
function edited() {
  state.dirty = true;
  fromForm();
  refreshDerived();
  refreshDirty();
}

/** The form's structure changed: draw it again, then focus `focusId` (an element id). */
function structural(focusId) {
  state.dirty = true;
  fromForm();
  renderForm();
  refreshDirty();
  if (focusId) {
    let target = document.getElementById(focusId);
    // A moved item's "up" is disabled once it is first: its other tools take the focus.
    if (target?.disabled) target = target.parentElement?.querySelector('button:not([disabled])') ?? target;
    if (target) {
      target.focus();
      if (typeof target.scrollIntoView === 'function') target.scrollIntoView({ block: 'nearest' });
    }
  }
}

/** The form is now the source: write the YAML from it (keeping typed YAML that had problems). */
function fromForm() {
  if (state.yamlSource === 'user' && !state.yamlInSync && state.yamlBackup === null) {
    state.yamlBackup = state.yamlText;
  }
  state.yamlSource = 'form';
  state.yamlInSync = true;
  regenerateYAML();
  if (els) {
    els.yaml.value = state.yamlText;
    renderYAMLDecor();
    renderYAMLNote();
    els.stale.hidden = true;
  }
  schedulePreview();
  scheduleValidate();
}

function regenerateYAML() {
  const { text } = emitYAML(definitionFromModel(state.model));
  state.yamlText = text;
}

function refreshDirty() {
  if (!els) return;
  els.unsaved.textContent = state.dirty ? t('b.unsaved') : '';
}

function onYAMLInput() {
  if (state.quiet) {
    state.quiet = false;
    renderCheck();
  }
  state.yamlText = els.yaml.value;
  state.yamlSource = 'user';
  state.dirty = true;
  state.yamlBackup = null;
  renderYAMLNote();
  renderYAMLDecor();
  refreshDirty();
  scheduleValidate();
}

// ---------------------------------------------------------------- checking with the server

function scheduleValidate(delay = VALIDATE_DELAY_MS) {
  clearTimeout(state.timer);
  if (state.check.status !== 'checking') setCheck({ ...state.check, status: 'checking' });
  state.timer = setTimeout(() => {
    state.pending = validate();
  }, delay);
}

/** Sends the YAML text to the validator; applies the answer if nothing newer was sent. */
async function validate() {
  const seq = (state.seq += 1);
  state.controller?.abort();
  const controller = new AbortController();
  state.controller = controller;
  const source = state.yamlSource;
  const text = state.yamlText;
  const result = await api.validateYAML(text, controller.signal);
  // A newer check is on its way when the text changed meanwhile; this answer is stale.
  if (seq !== state.seq || result.aborted || text !== state.yamlText) return;
  if (result.ok) {
    const warnings = result.data?.warnings ?? [];
    setCheck({ status: 'valid', errors: [], warnings, message: '' });
    if (source === 'user') {
      const definition = result.data?.definition;
      if (definition && typeof definition === 'object') {
        state.model = modelFromDefinition(definition);
        state.yamlInSync = true;
        renderForm();
        schedulePreview();
        announce(t('b.loadedFromYaml'));
        if (els) els.stale.hidden = true;
      } else {
        state.yamlInSync = false;
        showStale(t('b.needsServer'));
      }
    }
  } else if (result.status === 422) {
    setCheck({ status: 'invalid', errors: result.error.issues, warnings: [], message: result.error.message });
    if (source === 'user') {
      state.yamlInSync = false;
      showStale(t('b.yamlStale'));
    }
  } else if (result.status === 400) {
    const line = /line (\d+)/i.exec(result.error.message)?.[1];
    setCheck({
      status: 'syntax',
      errors: [{ path: '', message: result.error.message, line: line ? Number(line) : undefined }],
      warnings: [],
      message: result.error.message,
    });
    if (source === 'user') {
      state.yamlInSync = false;
      showStale(t('b.yamlStale'));
    }
  } else {
    setCheck({ status: 'offline', errors: [], warnings: [], message: failureMessage(result) });
  }
}

function showStale(message) {
  if (!els) return;
  els.stale.hidden = false;
  fill(els.stale, icon('alert'), h('span', {}, message));
}

function setCheck(check) {
  state.check = check;
  renderCheck();
}

function renderCheck() {
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

function applyIssues() {
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

function openSummary() {
  state.summaryOpen.error = true;
  renderSummary();
  els.summary.querySelector('summary')?.focus();
}

function goToIssue(issue) {
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

// ---------------------------------------------------------------- YAML box decorations

const LINE_HEIGHT = 20;

function issueLines() {
  const lines = new Map();
  for (const issue of state.check.errors) if (issue.line) lines.set(issue.line, 'error');
  for (const issue of state.check.warnings) if (issue.line && !lines.has(issue.line)) lines.set(issue.line, 'warning');
  return lines;
}

function renderYAMLDecor() {
  if (!els) return;
  const count = Math.max(1, els.yaml.value.split('\n').length);
  const marked = state.check.status === 'checking' ? new Map() : issueLines();
  const gutter = [];
  const backdrop = [];
  for (let line = 1; line <= count; line += 1) {
    const kind = marked.get(line);
    gutter.push(h('span', { class: kind ? `ln is-${kind}` : 'ln', 'data-line': line }, String(line)));
    backdrop.push(h('span', { class: kind ? `bl is-${kind}` : 'bl', 'data-line': kind ? line : null }));
  }
  fill(els.gutter, h('div', { class: 'gutter-inner' }, gutter));
  fill(els.backdrop, h('div', { class: 'backdrop-inner' }, backdrop));
  els.yaml.closest('.code-editor').dataset.marked = [...marked.keys()].join(' ');
  syncYAMLScroll();
}

function syncYAMLScroll() {
  if (!els) return;
  const top = els.yaml.scrollTop;
  const gutter = els.gutter.firstChild;
  const backdrop = els.backdrop.firstChild;
  if (gutter) gutter.style.transform = `translateY(${-top}px)`;
  if (backdrop) backdrop.style.transform = `translateY(${-top}px)`;
}

/** Scrolls the YAML box to `line` and (when asked) selects it there. */
function markYAMLLine(line, focus) {
  if (!els) return;
  selectTab('yaml', false);
  const text = els.yaml.value;
  const lines = text.split('\n');
  let start = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i += 1) start += lines[i].length + 1;
  const end = start + (lines[line - 1]?.length ?? 0);
  els.yaml.scrollTop = Math.max(0, (line - 4) * LINE_HEIGHT);
  syncYAMLScroll();
  if (focus) {
    els.yaml.focus({ preventScroll: true });
    els.yaml.setSelectionRange(start, end);
    els.yaml.scrollTop = Math.max(0, (line - 4) * LINE_HEIGHT);
    syncYAMLScroll();
  }
}

function renderYAMLNote() {
  if (!els) return;
  if (state.yamlBackup !== null) {
    els.yamlNote.hidden = false;
    fill(els.yamlNote, 
      icon('info'),
      h('span', {}, t('b.yamlReplaced')),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-ghost btn-small',
          id: 'restore-yaml',
          onclick: () => {
            els.yaml.value = state.yamlBackup;
            state.yamlBackup = null;
            onYAMLInput();
            els.yaml.focus();
          },
        },
        t('b.yamlRestore'),
      ),
    );
  } else {
    els.yamlNote.hidden = true;
    els.yamlNote.replaceChildren();
  }
}

async function copyYAML() {
  try {
    await navigator.clipboard.writeText(els.yaml.value);
    toast(t('b.copied'));
  } catch {
    els.yaml.focus();
    els.yaml.select();
  }
}

// ---------------------------------------------------------------- preview

let previewTimer = null;

function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(refreshPreview, 150);
}

function refreshPreview() {
  if (!els || !state.preview) return;
  const definition = definitionFromModel(state.model);
  state.preview.update(definition, els.previewLocales);
}

// ---------------------------------------------------------------- saving

async function save() {
  if (state.saving || !els) return;
  if (state.quiet) {
    state.quiet = false;
    renderCheck();
  }
  // A check still waiting (typing just stopped) runs now, so the save sees its answer.
  if (state.check.status === 'checking') {
    clearTimeout(state.timer);
    await validate();
  } else if (state.pending) {
    await state.pending;
  }
  if (state.check.status === 'invalid' || state.check.status === 'syntax') {
    toast(t('b.fixFirst'), 'error');
    applyIssues();
    openSummary();
    return;
  }
  if (state.yamlSource === 'user' && !state.yamlInSync) {
    toast(t('b.needsServer'), 'error');
    return;
  }
  state.saving = true;
  els.saveButton.disabled = true;
  els.saveButton.querySelector('.btn-label').textContent = t('b.saving');
  const definition = definitionFromModel(state.model);
  const result = await api.saveQuestionnaire(definition);
  state.saving = false;
  if (els) {
    els.saveButton.disabled = false;
    els.saveButton.querySelector('.btn-label').textContent = t('b.save');
  }
  if (result.ok) {
    const { id, version, created } = result.data;
    const message = created ? t('b.savedNew', { v: version }) : t('b.savedSame', { v: version });
    state.dirty = false;
    state.key = null;
    state.model = null;
    toast(message);
    announce(message);
    location.hash = `#/questionnaires/${encodeURIComponent(id)}/versions/${version}`;
    return;
  }
  if (result.status === 422) {
    setCheck({ status: 'invalid', errors: result.error.issues, warnings: [], message: result.error.message });
    openSummary();
  }
  toast(t('b.saveFailed', { message: failureMessage(result) }), 'error');
  announce(t('b.saveFailed', { message: failureMessage(result) }));
}
