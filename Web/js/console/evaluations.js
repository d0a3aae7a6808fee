// Evaluation views: the list with status and counts, and the form that creates one
// (questionnaire version, meeting, venues pasted one per line, rater groups, collection
// window, screening).

import { api } from './api.js';
import { bar, errorBlock, failureMessage, fill, h, icon, idFor, issueSlot, loadingBlock, pageHead, setTitle, statusBadge, toast, announce } from './dom.js';
import { formatDate, formatNumber, formatPercent, lt, t } from './i18n.js';
import { MEETING_TYPES, slugify, venuesFromText } from './model.js';
import { may } from '../session.js';

// ---------------------------------------------------------------- list

export async function renderList(main) {
  setTitle(t('e.title'));
  const head = pageHead({
    title: t('e.title'),
    lead: t('e.lead'),
    actions: may('manageEvaluations')
      ? [h('a', { class: 'btn btn-primary', href: '#/evaluations/new', id: 'new-evaluation' }, icon('plus'), t('e.new'))]
      : [],
  });
  const body = h('div', { class: 'view-body' }, loadingBlock());
  fill(main, head, body);
  main.setAttribute('aria-busy', 'true');
  const [result, questionnaires] = await Promise.all([api.evaluations(), api.questionnaires()]);
  main.setAttribute('aria-busy', 'false');
  if (!result.ok) {
    fill(body, errorBlock(t('loadFailed', { message: failureMessage(result) }), () => renderList(main)));
    return;
  }
  const titles = new Map((questionnaires.data?.questionnaires ?? []).map((q) => [q.id, lt(q.title)]));
  const list = result.data?.evaluations ?? [];
  if (list.length === 0) {
    fill(body, 
      h(
        'div',
        { class: 'empty-state card' },
        icon('chart'),
        h('p', {}, t('e.empty')),
        may('manageEvaluations') ? h('a', { class: 'btn btn-primary', href: '#/evaluations/new' }, icon('plus'), t('e.new')) : null,
      ),
    );
    return;
  }
  fill(body, 
    h(
      'div',
      { class: 'card table-card' },
      h(
        'table',
        { class: 'data-table', id: 'evaluation-table' },
        h('caption', { class: 'sr-only' }, t('e.title')),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('e.colMeeting')),
            h('th', { scope: 'col' }, t('e.colDate')),
            h('th', { scope: 'col' }, t('e.colQuestionnaire')),
            h('th', { scope: 'col' }, t('e.colStatus')),
            h('th', { scope: 'col', class: 'col-count' }, t('e.colResponses')),
            h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'sr-only' }, t('e.colActions'))),
          ),
        ),
        h(
          'tbody',
          {},
          list.map((evaluation) => {
            const received = evaluation.counts?.responses ?? 0;
            const expected = evaluation.expectedRespondents ?? null;
            const href = `#/evaluations/${encodeURIComponent(evaluation.id)}`;
            return h(
              'tr',
              { 'data-evaluation': evaluation.id, 'data-status': evaluation.status },
              h(
                'th',
                { scope: 'row', class: 'cell-main' },
                h('a', { href, class: 'row-title' }, evaluation.title),
                h(
                  'span',
                  { class: 'row-sub' },
                  `${t(`type.${evaluation.meetingType}`)} · ${t('e.venuesCount', { n: (evaluation.venues ?? []).length })}`,
                  evaluation.access === 'invitation' ? h('span', { class: 'chip chip-small chip-access' }, t('access.invitationShort')) : null,
                ),
              ),
              h('td', { 'data-label': t('e.colDate') }, h('time', { datetime: evaluation.meetingDate }, formatDate(evaluation.meetingDate))),
              h(
                'td',
                { 'data-label': t('e.colQuestionnaire') },
                h(
                  'span',
                  {},
                  h(
                    'a',
                    { href: `#/questionnaires/${encodeURIComponent(evaluation.questionnaire.id)}/versions/${evaluation.questionnaire.version}` },
                    titles.get(evaluation.questionnaire.id) || evaluation.questionnaire.id,
                  ),
                  h('span', { class: 'chip chip-small' }, `v${evaluation.questionnaire.version}`),
                ),
              ),
              h('td', { 'data-label': t('e.colStatus') }, statusBadge(evaluation.status)),
              h(
                'td',
                { 'data-label': t('e.colResponses'), class: 'col-count' },
                h(
                  'span',
                  { class: 'count-cell' },
                  h('b', { class: 'count-number', 'data-count': received }, formatNumber(received)),
                  expected ? h('span', { class: 'muted' }, ` / ${formatNumber(expected)}`) : null,
                  expected ? bar(received, expected, `${received} / ${expected}`) : null,
                ),
              ),
              h(
                'td',
                { class: 'col-actions' },
                h('a', { class: 'btn btn-secondary btn-small', href }, t('e.manage')),
              ),
            );
          }),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------- create

/** The form's values, kept while the language changes or the person looks elsewhere. */
let draft = null;

function freshDraft(query) {
  const today = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return {
    key: `${query.questionnaire ?? ''}:${query.version ?? ''}`,
    questionnaire: query.questionnaire ?? '',
    version: query.version ?? '',
    title: '',
    meetingType: '',
    meetingDate: `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`,
    venuesText: '',
    groups: [],
    expected: '',
    opensAt: '',
    closesAt: '',
    anonymous: true,
    access: 'open',
    minSeconds: '',
    excludeFlagged: false,
  };
}

const GROUP_PRESETS = [
  { id: 'leaders', name: { zh: '领导', en: 'Leaders' }, weight: 1 },
  { id: 'attendees', name: { zh: '参会人员', en: 'Attendees' }, weight: 1 },
  { id: 'public', name: { zh: '群众代表', en: 'Public representatives' }, weight: 1 },
];

export async function renderCreate(main, query) {
  setTitle(t('e.newTitle'));
  const key = `${query.questionnaire ?? ''}:${query.version ?? ''}`;
  if (!draft || draft.key !== key) draft = freshDraft(query);
  const head = pageHead({
    crumbs: [{ href: '#/evaluations', label: t('e.title') }],
    title: t('e.newTitle'),
    lead: t('e.newLead'),
  });
  const body = h('div', { class: 'view-body' }, loadingBlock());
  fill(main, head, body);
  main.setAttribute('aria-busy', 'true');
  const result = await api.questionnaires();
  main.setAttribute('aria-busy', 'false');
  if (!result.ok) {
    fill(body, errorBlock(t('loadFailed', { message: failureMessage(result) }), () => renderCreate(main, query)));
    return;
  }
  const questionnaires = result.data?.questionnaires ?? [];
  if (questionnaires.length === 0) {
    fill(body, 
      h('div', { class: 'empty-state card' }, icon('doc'), h('p', {}, t('e.noQuestionnaires')), h('a', { class: 'btn btn-primary', href: '#/questionnaires/new' }, t('q.new'))),
    );
    return;
  }
  if (!questionnaires.some((q) => q.id === draft.questionnaire)) draft.questionnaire = questionnaires[0].id;
  fill(body, createForm(questionnaires));
}

function simpleField(path, label, control, { hint = null, required = false, className = '' } = {}) {
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
    control,
    hint ? h('p', { class: 'field-hint', id: hintId }, hint) : null,
    issueSlot(slotId),
  );
}

function bound(tag, attrs, key, { checkbox = false } = {}) {
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

function createForm(questionnaires) {
  const form = h('form', { class: 'create-form', id: 'create-evaluation', novalidate: true });
  const summary = h('div', { class: 'issue-summary', id: 'create-summary', tabindex: '-1' });

  // questionnaire and version
  const qSelect = h(
    'select',
    {},
    questionnaires.map((q) => h('option', { value: q.id, selected: q.id === draft.questionnaire }, `${lt(q.title) || q.id}（${q.id}）`)),
  );
  const vSelect = h('select', {});
  const typeSelect = h('select', {});
  const fillVersions = () => {
    const chosen = questionnaires.find((q) => q.id === draft.questionnaire) ?? questionnaires[0];
    const versions = [...chosen.versions].sort((a, b) => b - a);
    if (!versions.map(String).includes(String(draft.version))) draft.version = String(chosen.latestVersion);
    fill(vSelect, 
      ...versions.map((v) =>
        h('option', { value: String(v), selected: String(v) === String(draft.version) }, v === chosen.latestVersion ? t('e.latestVersion', { v }) : t('q.versionN', { v })),
      ),
    );
    fill(typeSelect, 
      h('option', { value: '', selected: draft.meetingType === '' }, t('e.meetingTypeDefault', { type: t(`type.${chosen.meetingType}`) })),
      ...MEETING_TYPES.map((type) => h('option', { value: type, selected: draft.meetingType === type }, t(`type.${type}`))),
    );
  };
  qSelect.addEventListener('change', () => {
    draft.questionnaire = qSelect.value;
    draft.version = '';
    fillVersions();
  });
  vSelect.addEventListener('change', () => (draft.version = vSelect.value));
  typeSelect.addEventListener('change', () => (draft.meetingType = typeSelect.value));
  fillVersions();

  // venues pasted one per line, with what they become
  const venuesArea = bound('textarea', { rows: '6', spellcheck: 'false', placeholder: '合肥分会场\n芜湖分会场\n蚌埠分会场' }, 'venuesText');
  const venuesPreview = h('div', { class: 'venue-preview', id: 'venue-preview', 'aria-live': 'polite' });
  const drawVenues = () => {
    const venues = venuesFromText(draft.venuesText);
    if (venues.length === 0) {
      venuesPreview.replaceChildren();
      return;
    }
    fill(venuesPreview, 
      h('p', { class: 'venue-preview-title' }, t('e.venuesPreview', { n: venues.length })),
      h(
        'ol',
        { class: 'venue-chips' },
        venues.map((venue) =>
          h('li', { 'data-venue': venue.id }, h('span', { class: 'mono venue-id' }, venue.id), h('span', {}, lt(venue.name))),
        ),
      ),
    );
  };
  venuesArea.addEventListener('input', drawVenues);
  drawVenues();

  // rater groups
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
                draft.groups.push({ id: preset.id, name: { ...preset.name }, weight: String(preset.weight), autoId: false });
                drawGroups('add-group');
              },
            },
            icon('plus'),
            lt(preset.name),
          ),
        ),
      ),
    );
    if (focusId) document.getElementById(focusId)?.focus();
  };
  drawGroups();

  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-large', id: 'create-submit' }, icon('check'), h('span', { class: 'btn-label' }, t('e.create')));

  form.append(
    section('meeting', t('e.sectionMeeting'), [
      simpleField('title', t('e.meetingTitle'), bound('input', { type: 'text', maxlength: '200' }, 'title'), { hint: t('e.meetingTitleHint'), required: true }),
      h(
        'div',
        { class: 'field-grid' },
        simpleField('questionnaire.id', t('e.questionnaire'), qSelect, { required: true, className: 'span-2' }),
        simpleField('questionnaire.version', t('e.version'), vSelect),
        simpleField('meetingDate', t('e.meetingDate'), bound('input', { type: 'date' }, 'meetingDate'), { required: true }),
        simpleField('meetingType', t('e.meetingType'), typeSelect, { className: 'span-2' }),
      ),
    ]),
    section('access', t('e.sectionAccess'), [accessChoice()]),
    section('venues', t('e.sectionVenues'), [simpleField('venues', t('e.venues'), venuesArea, { hint: t('e.venuesHint') }), venuesPreview]),
    section('groups', t('e.sectionGroups'), [h('p', { class: 'section-hint' }, t('e.groupsHint')), groupsBox]),
    section('collect', t('e.sectionCollect'), [
      h(
        'div',
        { class: 'field-grid field-grid-3' },
        simpleField('expectedRespondents', t('e.expected'), bound('input', { type: 'number', min: '1', step: '1', inputmode: 'numeric' }, 'expected'), { hint: t('e.expectedHint') }),
        simpleField('opensAt', t('e.opensAt'), bound('input', { type: 'datetime-local' }, 'opensAt'), { hint: t('e.timesHint') }),
        simpleField('closesAt', t('e.closesAt'), bound('input', { type: 'datetime-local' }, 'closesAt')),
      ),
      checkbox('anonymous', t('e.anonymous'), 'anonymous'),
    ]),
    section('screening', t('e.sectionScreening'), [
      h(
        'div',
        { class: 'field-grid' },
        simpleField('screening.minSeconds', t('e.minSeconds'), bound('input', { type: 'number', min: '0', max: '86400', step: 'any', inputmode: 'decimal', placeholder: '0' }, 'minSeconds'), {
          hint: t('e.minSecondsHint'),
          className: 'span-2',
        }),
      ),
      checkbox('screening.excludeFlagged', t('e.excludeFlagged'), 'excludeFlagged'),
    ]),
    h('div', { class: 'form-actions' }, submit),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    submit.disabled = true;
    submit.querySelector('.btn-label').textContent = t('e.creating');
    const result = await api.createEvaluation(requestBody());
    submit.disabled = false;
    submit.querySelector('.btn-label').textContent = t('e.create');
    if (result.ok) {
      draft = null;
      toast(t('e.created'));
      announce(t('e.created'));
      location.hash = `#/evaluations/${encodeURIComponent(result.data.id)}`;
      return;
    }
    showIssues(form, summary, result);
  });

  // A running summary of what will be created, next to the form on wide screens.
  const overview = h('aside', { class: 'card create-overview', 'aria-labelledby': 'overview-title' });
  const drawOverview = () => {
    const chosen = questionnaires.find((q) => q.id === draft.questionnaire);
    const venues = venuesFromText(draft.venuesText);
    const groups = draft.groups.filter((g) => g.name.zh.trim() || g.name.en.trim());
    const weights = groups.map((g) => (Number(g.weight) > 0 ? Number(g.weight) : 0));
    const total = weights.reduce((a, b) => a + b, 0);
    fill(
      overview,
      h('h2', { class: 'section-title', id: 'overview-title' }, t('e.overview')),
      h(
        'dl',
        { class: 'facts facts-compact' },
        h('dt', {}, t('e.questionnaire')),
        h('dd', {}, chosen ? `${lt(chosen.title) || chosen.id} · v${draft.version}` : '—'),
        h('dt', {}, t('e.access')),
        h('dd', {}, t(`access.${draft.access === 'invitation' ? 'invitation' : 'open'}`)),
        h('dt', {}, t('e.sectionVenues')),
        h('dd', {}, venues.length ? t('e.venuesCount', { n: venues.length }) : t('none')),
        h('dt', {}, t('e.sectionGroups')),
        h(
          'dd',
          {},
          groups.length
            ? h(
                'ul',
                { class: 'plain-list compact' },
                groups.map((g, i) =>
                  h('li', {}, `${lt(g.name)} `, h('span', { class: 'muted' }, total > 0 ? formatPercent(weights[i] / total, 0) : '–')),
                ),
              )
            : t('none'),
        ),
        h('dt', {}, t('e.expected')),
        h('dd', {}, String(draft.expected).trim() ? formatNumber(Number(draft.expected)) : t('ev.notSet')),
      ),
    );
  };
  form.addEventListener('input', drawOverview);
  form.addEventListener('change', drawOverview);
  form.addEventListener('click', () => setTimeout(drawOverview, 0));
  drawOverview();

  return h('div', { class: 'create-layout' }, h('div', { class: 'create-main' }, summary, form), overview);
}

/** Who may answer: anyone with the link, or only holders of an invitation code. */
function accessChoice() {
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

function section(key, title, children) {
  return h(
    'section',
    { class: 'card form-section', 'aria-labelledby': `sec-${key}` },
    h('h2', { class: 'section-title', id: `sec-${key}` }, title),
    children,
  );
}

function checkbox(path, label, key) {
  const control = bound('input', { type: 'checkbox', id: idFor(path) }, key, { checkbox: true });
  control.setAttribute('aria-describedby', idFor(path, 'issue'));
  return h('div', { class: 'field field-check', 'data-path': path }, h('label', { class: 'check', for: control.id }, control, h('span', {}, label)), issueSlot(idFor(path, 'issue')));
}

/** The POST body from the form's values (empty optional fields left out). */
function requestBody() {
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
  body.access = draft.access === 'invitation' ? 'invitation' : 'open';
  const screening = {};
  if (String(draft.minSeconds).trim() !== '') {
    const n = Number(draft.minSeconds);
    screening.minSeconds = Number.isFinite(n) ? n : draft.minSeconds;
  }
  if (draft.excludeFlagged) screening.excludeFlagged = true;
  if (Object.keys(screening).length) body.screening = screening;
  return body;
}

/** Puts each problem next to its field (venue problems next to the venue list) and in a summary. */
function showIssues(form, summary, result) {
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
      message = `${lt(venuesFromText(draft.venuesText)[n - 1]?.name) || n}: ${message}`;
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
      h('h2', { class: 'summary-title' }, t('e.createFailed', { message: result.error?.message || failureMessage(result) })),
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
