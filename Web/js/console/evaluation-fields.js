// Pieces of the form that creates an evaluation: labelled fields bound to the form's
// values (`draft`), the rater groups editor, the access choice, the request body made from
// the values, and the server's problems shown next to the fields they name.

import { localized, t } from '../shared/i18n.js';
import { fill, h, icon } from '../shared/dom.js';
import { failureMessage, field, idFor, issueSlot } from './dom.js';
import { slugify, venuesFromText } from './model.js';

const GROUP_PRESETS = [
  { id: 'leaders', name: { zh: '领导', en: 'Leaders' }, weight: 1 },
  { id: 'attendees', name: { zh: '参会人员', en: 'Attendees' }, weight: 1 },
  { id: 'public', name: { zh: '群众代表', en: 'Public representatives' }, weight: 1 },
  { id: 'observers', name: { zh: '督查员', en: 'Observers' }, weight: 1, observer: true },
];

/** A labelled control laid out as the evaluation form has it (no `.field-control` wrapper). */
export function simpleField(path, label, control, options = {}) {
  return field(path, label, control, { ...options, bare: true });
}

/** A control whose value is `draft[key]`, kept as the person types. */
export function bound(draft, tag, attrs, key, { checkbox = false } = {}) {
  const control = h(tag, attrs);
  if (checkbox) {
    control.checked = Boolean(draft[key]);
    control.addEventListener('change', () => (draft[key] = control.checked));
  } else {
    control.value = draft[key] ?? '';
    control.addEventListener('input', () => (draft[key] = control.value));
    control.addEventListener('change', () => (draft[key] = control.value));
  }
  return control;
}

/** The rater groups of `draft`: rows to edit (names, id, weight), presets and "add". */
export function groupsEditor(draft) {
  const groupsBox = h('div', { class: 'group-rows', 'data-path': 'raterGroups' });
  const drawGroups = (focusId) => {
    fill(groupsBox, 
      issueSlot(idFor('raterGroups', 'issue')),
      draft.groups.length
        ? h(
            'ol',
            { class: 'group-list' },
            draft.groups.map((group, i) => {
              const path = `raterGroups[${i}]`;
              const n = i + 1;
              const input = (key, attrs, sub = null) => {
                const control = h('input', attrs);
                control.value = sub ? group[key][sub] ?? '' : group[key] ?? '';
                control.addEventListener('input', () => {
                  if (sub) group[key][sub] = control.value;
                  else group[key] = control.value;
                  if (key === 'name' && sub === 'en' && group.autoId) {
                    group.id = slugify(control.value) || `g${n}`;
                    const idInput = document.getElementById(idFor(`${path}.id`));
                    if (idInput) idInput.value = group.id;
                  }
                  if (key === 'id') group.autoId = false;
                });
                return control;
              };
              return h(
                'li',
                { class: 'group-row', 'data-path': path },
                h('span', { class: 'group-n', 'aria-hidden': 'true' }, String(n)),
                simpleField(`${path}.name`, t('e.groupNameZh'), input('name', { type: 'text', lang: 'zh' }, 'zh')),
                simpleField(`${path}.name-en`, t('e.groupNameEn'), input('name', { type: 'text', lang: 'en' }, 'en')),
                simpleField(`${path}.id`, t('e.groupId'), input('id', { type: 'text', autocapitalize: 'off', spellcheck: 'false' })),
                simpleField(`${path}.weight`, t('e.groupWeight'), input('weight', { type: 'number', min: '0', step: 'any', inputmode: 'decimal' })),
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'icon-btn icon-btn-danger',
                    'aria-label': t('e.removeGroup', { n }),
                    title: t('e.removeGroup', { n }),
                    id: idFor(path, 'remove'),
                    onclick: () => {
                      draft.groups.splice(i, 1);
                      drawGroups('add-group');
                    },
                  },
                  icon('trash'),
                ),
                // Observers answer the venue observation checklist, scored apart from the survey.
                checkbox(group, `${path}.observer`, t('e.groupObserver'), 'observer'),
                issueSlot(idFor(path, 'issue')),
              );
            }),
          )
        : null,
      h(
        'div',
        { class: 'add-row' },
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-ghost btn-small',
            id: 'add-group',
            onclick: () => {
              draft.groups.push({ id: `g${draft.groups.length + 1}`, name: { zh: '', en: '' }, weight: '1', autoId: true });
              drawGroups(idFor(`raterGroups[${draft.groups.length - 1}].name`));
            },
          },
          icon('plus'),
          t('e.addGroup'),
        ),
        GROUP_PRESETS.filter((preset) => !draft.groups.some((g) => g.id === preset.id)).map((preset) =>
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-ghost btn-small preset',
              'data-preset': preset.id,
              onclick: () => {
                draft.groups.push({
                  id: preset.id,
                  name: { ...preset.name },
                  weight: String(preset.weight),
                  observer: Boolean(preset.observer),
                  autoId: false,
                });
                drawGroups('add-group');
              },
            },
            icon('plus'),
            localized(preset.name),
          ),
        ),
      ),
    );
    if (focusId) document.getElementById(focusId)?.focus();
  };
  drawGroups();
  return groupsBox;
}

/** Who may answer: anyone with the link, or only holders of an invitation code. */
export function accessChoice(draft) {
  const name = 'evaluation-access';
  const options = ['open', 'invitation'].map((value) => {
    const id = `access-${value}`;
    const input = h('input', { type: 'radio', name, id, value, 'aria-describedby': `${id}-hint` });
    input.checked = draft.access === value;
    input.addEventListener('change', () => {
      if (input.checked) draft.access = value;
    });
    return h(
      'label',
      { class: 'access-option', for: id, 'data-access': value },
      input,
      h(
        'span',
        { class: 'access-words' },
        h('span', { class: 'access-title' }, t(`access.${value}`)),
        h('span', { class: 'access-hint', id: `${id}-hint` }, t(`access.${value}Hint`)),
      ),
    );
  });
  return h(
    'fieldset',
    { class: 'field access-choice', 'data-path': 'access' },
    h('legend', { class: 'sr-only' }, t('e.access')),
    h('div', { class: 'access-options' }, options),
    issueSlot(idFor('access', 'issue')),
  );
}

export function section(key, title, children) {
  return h(
    'section',
    { class: 'card form-section', 'aria-labelledby': `sec-${key}` },
    h('h2', { class: 'section-title', id: `sec-${key}` }, title),
    children,
  );
}

export function checkbox(draft, path, label, key) {
  const control = bound(draft, 'input', { type: 'checkbox', id: idFor(path) }, key, { checkbox: true });
  control.setAttribute('aria-describedby', idFor(path, 'issue'));
  return h('div', { class: 'field field-check', 'data-path': path }, h('label', { class: 'check', for: control.id }, control, h('span', {}, label)), issueSlot(idFor(path, 'issue')));
}

/** The POST body from the form's values (empty optional fields left out). */
export function requestBody(draft) {
  const body = {
    questionnaire: { id: draft.questionnaire },
    title: draft.title.trim(),
    meetingDate: draft.meetingDate,
  };
  if (draft.version) body.questionnaire.version = Number(draft.version);
  if (draft.meetingType) body.meetingType = draft.meetingType;
  const venues = venuesFromText(draft.venuesText);
  if (venues.length) body.venues = venues;
  if (draft.groups.length) {
    body.raterGroups = draft.groups.map((group) => {
      const zh = group.name.zh.trim();
      const en = group.name.en.trim();
      const name = zh && en ? { zh, en } : zh || en;
      const weight = Number(group.weight);
      const out = { id: group.id.trim(), name };
      if (String(group.weight).trim() !== '') out.weight = Number.isFinite(weight) ? weight : group.weight;
      if (group.observer) out.observer = true;
      return out;
    });
  }
  if (String(draft.expected).trim() !== '') {
    const n = Number(draft.expected);
    body.expectedRespondents = Number.isFinite(n) ? n : draft.expected;
  }
  const time = (value) => {
    if (!value) return undefined;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : date.toISOString();
  };
  if (draft.opensAt) body.opensAt = time(draft.opensAt);
  if (draft.closesAt) body.closesAt = time(draft.closesAt);
  body.anonymous = Boolean(draft.anonymous);
  if (draft.sharedDevices) body.sharedDevices = true;
  body.access = draft.access === 'invitation' ? 'invitation' : 'open';
  const screening = {};
  if (String(draft.minSeconds).trim() !== '') {
    const n = Number(draft.minSeconds);
    screening.minSeconds = Number.isFinite(n) ? n : draft.minSeconds;
  }
  if (draft.excludeFlagged) screening.excludeFlagged = true;
  if (Object.keys(screening).length) body.screening = screening;
  for (const key of ['client', 'assessor', 'reportNumber']) {
    const text = String(draft[key] ?? '').trim();
    if (text) body[key] = text;
  }
  if (draft.standard) body.standard = draft.standard;
  const survey = String(draft.indexSurvey ?? '').trim();
  const facts = String(draft.indexFacts ?? '').trim();
  if (survey !== '' || facts !== '') {
    const number = (text) => (text === '' ? text : Number.isFinite(Number(text)) ? Number(text) : text);
    body.index = { survey: number(survey), facts: number(facts) };
  }
  return body;
}

/** Puts each problem next to its field (venue problems next to the venue list) and in a summary. */
export function showIssues(form, summary, result, draft, failedKey = 'e.createFailed') {
  for (const slot of form.querySelectorAll('.issue-slot')) slot.replaceChildren();
  for (const element of form.querySelectorAll('.has-issue')) element.classList.remove('has-issue');
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  const issues = result.status === 422 ? result.error.issues : [];
  const items = [];
  for (const issue of issues) {
    let path = issue.path ?? '';
    let message = issue.message;
    const venue = /^venues\[(\d+)\]/.exec(path);
    if (venue) {
      const n = Number(venue[1]) + 1;
      message = `${localized(venuesFromText(draft.venuesText)[n - 1]?.name) || n}: ${message}`;
      path = 'venues';
    }
    if (path === 'questionnaire') path = 'questionnaire.id';
    let target = null;
    let probe = path;
    while (probe && !target) {
      target = form.querySelector(`[data-path="${CSS.escape(probe)}"]`);
      probe = probe.replace(/(\[\d+\]|\.[^.[\]]+)$/, '');
    }
    if (target) {
      target.classList.add('has-issue');
      const slot = [...target.children].find((child) => child.classList.contains('issue-slot'));
      slot?.append(h('span', { class: 'issue issue-error' }, icon('error'), h('span', {}, message)));
      for (const control of target.querySelectorAll('input, select, textarea')) {
        if (control.closest('[data-path]') === target) control.setAttribute('aria-invalid', 'true');
      }
    }
    items.push({ target, message, path: issue.path });
  }
  summary.classList.add('is-visible');
  fill(summary, 
    h(
      'div',
      { class: 'summary-block', role: 'alert' },
      h('h2', { class: 'summary-title' }, t(failedKey, { message: result.error?.message || failureMessage(result) })),
      items.length
        ? h(
            'ul',
            { class: 'issue-list' },
            items.map((item) =>
              h(
                'li',
                { class: 'issue-item issue-error' },
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'issue-link',
                    onclick: () => {
                      const control = item.target?.querySelector('input, select, textarea');
                      item.target?.scrollIntoView({ block: 'center' });
                      control?.focus({ preventScroll: true });
                    },
                  },
                  icon('error'),
                  h('span', { class: 'issue-words' }, h('span', { class: 'issue-message' }, item.message), h('span', { class: 'issue-meta mono' }, item.path)),
                ),
              ),
            ),
          )
        : null,
    ),
  );
  summary.focus();
}

/** `2026-11-20T01:00:00.000Z` as a `datetime-local` value in the browser's time zone. */
function localInput(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A name as the venue text writes it: `名称` or `名称 | English`. */
function venueLine({ name, expected }) {
  const zh = typeof name === 'string' ? name : name?.zh ?? '';
  const en = typeof name === 'string' ? '' : name?.en ?? '';
  const text = zh && en ? `${zh} | ${en}` : zh || en || Object.values(name ?? {})[0] || '';
  return expected ? `${text} | ${expected}` : text;
}

/** The form's values for a stored evaluation (the draft's edit form starts from them). */
export function valuesFromEvaluation(evaluation) {
  return {
    key: `edit:${evaluation.id}`,
    questionnaire: evaluation.questionnaire.id,
    version: String(evaluation.questionnaire.version),
    title: evaluation.title,
    meetingType: evaluation.meetingType ?? '',
    meetingDate: evaluation.meetingDate,
    venuesText: (evaluation.venues ?? []).map(venueLine).join('\n'),
    groups: (evaluation.raterGroups ?? []).map((group) => ({
      id: group.id,
      name: typeof group.name === 'string' ? { zh: group.name, en: '' } : { zh: group.name?.zh ?? '', en: group.name?.en ?? '' },
      weight: String(group.weight ?? 1),
      observer: group.observer === true,
      autoId: false,
    })),
    expected: evaluation.expectedRespondents ? String(evaluation.expectedRespondents) : '',
    opensAt: localInput(evaluation.opensAt),
    closesAt: localInput(evaluation.closesAt),
    anonymous: evaluation.anonymous !== false,
    sharedDevices: Boolean(evaluation.sharedDevices),
    access: evaluation.access === 'invitation' ? 'invitation' : 'open',
    minSeconds: evaluation.screening?.minSeconds ? String(evaluation.screening.minSeconds) : '',
    excludeFlagged: Boolean(evaluation.screening?.excludeFlagged),
    client: evaluation.client ?? '',
    assessor: evaluation.assessor ?? '',
    reportNumber: evaluation.reportNumber ?? '',
    standard: evaluation.standard ?? '',
    indexSurvey: evaluation.index ? String(evaluation.index.survey) : '',
    indexFacts: evaluation.index ? String(evaluation.index.facts) : '',
  };
}

/** The PATCH body of the draft's edit form: the create body, with every field the form left
 *  empty cleared (null) instead of left out, so that emptying a field empties it. */
export function changeBody(body) {
  return {
    venues: [],
    raterGroups: [],
    expectedRespondents: null,
    opensAt: null,
    closesAt: null,
    sharedDevices: false,
    screening: { minSeconds: 0, excludeFlagged: false },
    meetingType: null,
    client: null,
    assessor: null,
    reportNumber: null,
    standard: null,
    index: null,
    ...body,
  };
}
