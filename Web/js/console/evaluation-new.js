// The form that creates an evaluation: questionnaire version, meeting, access, venues pasted
// one per line, rater groups, collection window and screening, with a running overview
// next to it; created in the console's current organization. The same form edits a draft
// (`evaluationForm`, used by the evaluation page's settings tab). Its pieces (fields, groups
// editor, request body, problems) are in evaluation-fields.js.

import { localized, t } from '../shared/i18n.js';
import { formatNumber, formatPercent } from '../shared/format.js';
import { announce, fill, h, icon } from '../shared/dom.js';
import { standardSection } from './evaluation-standard.js';
import { api } from './api.js';
import { errorBlock, failureMessage, loadingBlock, pageHead, setTitle, toast } from './dom.js';
import { MEETING_TYPES, venuesFromText } from './model.js';
import { accessChoice, bound, checkbox, groupsEditor, requestBody, section, showIssues, simpleField } from './evaluation-fields.js';
import { currentOrganization, inCurrentOrganization } from './organizations.js';

/** The form's values, kept while the language changes or the person looks elsewhere. */
let createDraft = null;

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
    sharedDevices: false,
    access: 'open',
    minSeconds: '',
    excludeFlagged: false,
    client: '',
    assessor: '',
    reportNumber: '',
    standard: '',
    indexSurvey: '',
    indexFacts: '',
  };
}

export async function renderCreate(main, query) {
  setTitle(t('e.newTitle'));
  const key = `${query.questionnaire ?? ''}:${query.version ?? ''}`;
  if (!createDraft || createDraft.key !== key) createDraft = freshDraft(query);
  const draft = createDraft;
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
  const questionnaires = (result.data?.questionnaires ?? []).filter(inCurrentOrganization);
  if (questionnaires.length === 0) {
    fill(body, 
      h('div', { class: 'empty-state card' }, icon('doc'), h('p', {}, t('e.noQuestionnaires')), h('a', { class: 'btn btn-primary', href: '#/questionnaires/new' }, t('q.new'))),
    );
    return;
  }
  if (!questionnaires.some((q) => q.id === draft.questionnaire)) draft.questionnaire = questionnaires[0].id;
  fill(
    body,
    evaluationForm(questionnaires, draft, {
      send: (request) => {
        const organization = currentOrganization();
        return api.createEvaluation(organization ? { ...request, organization } : request);
      },
      done: (created) => {
        createDraft = null;
        toast(t('e.created'));
        announce(t('e.created'));
        location.hash = `#/evaluations/${encodeURIComponent(created.id)}`;
      },
    }),
  );
}

/**
 * The evaluation form over `draft` (the form's values). `send(body)` makes the request and
 * resolves to its result; `done(data)` follows a success. The create page and the draft's
 * edit form differ only in these and in their labels.
 */
export function evaluationForm(
  questionnaires,
  draft,
  {
    send,
    done,
    formId = 'create-evaluation',
    submitId = 'create-submit',
    label = t('e.create'),
    busyLabel = t('e.creating'),
    failedKey = 'e.createFailed',
  },
) {
  const form = h('form', { class: 'create-form', id: formId, novalidate: true });
  const summary = h('div', { class: 'issue-summary', id: 'create-summary', tabindex: '-1' });

  // questionnaire and version
  const qSelect = h(
    'select',
    {},
    questionnaires.map((q) => h('option', { value: q.id, selected: q.id === draft.questionnaire }, `${localized(q.title) || q.id}（${q.id}）`)),
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
  const venuesArea = bound(draft, 'textarea', { rows: '6', spellcheck: 'false', placeholder: '合肥分会场\n芜湖分会场\n蚌埠分会场' }, 'venuesText');
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
          h(
            'li',
            { 'data-venue': venue.id },
            h('span', { class: 'mono venue-id' }, venue.id),
            h('span', {}, localized(venue.name)),
            venue.expected ? h('span', { class: 'venue-expected' }, t('e.venueExpected', { n: venue.expected })) : null,
          ),
        ),
      ),
    );
  };
  venuesArea.addEventListener('input', drawVenues);
  drawVenues();

  // rater groups
  const groupsBox = groupsEditor(draft);
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-large', id: submitId }, icon('check'), h('span', { class: 'btn-label' }, label));

  form.append(
    section('meeting', t('e.sectionMeeting'), [
      simpleField('title', t('e.meetingTitle'), bound(draft, 'input', { type: 'text', maxlength: '200' }, 'title'), { hint: t('e.meetingTitleHint'), required: true }),
      h(
        'div',
        { class: 'field-grid' },
        simpleField('questionnaire.id', t('e.questionnaire'), qSelect, { required: true, className: 'span-2' }),
        simpleField('questionnaire.version', t('e.version'), vSelect),
        simpleField('meetingDate', t('e.meetingDate'), bound(draft, 'input', { type: 'date' }, 'meetingDate'), { required: true }),
        simpleField('meetingType', t('e.meetingType'), typeSelect, { className: 'span-2' }),
      ),
    ]),
    section('access', t('e.sectionAccess'), [accessChoice(draft)]),
    section('venues', t('e.sectionVenues'), [simpleField('venues', t('e.venues'), venuesArea, { hint: t('e.venuesHint') }), venuesPreview]),
    section('groups', t('e.sectionGroups'), [h('p', { class: 'section-hint' }, t('e.groupsHint')), groupsBox]),
    section('collect', t('e.sectionCollect'), [
      h(
        'div',
        { class: 'field-grid field-grid-3' },
        simpleField('expectedRespondents', t('e.expected'), bound(draft, 'input', { type: 'number', min: '1', step: '1', inputmode: 'numeric' }, 'expected'), { hint: t('e.expectedHint') }),
        simpleField('opensAt', t('e.opensAt'), bound(draft, 'input', { type: 'datetime-local' }, 'opensAt'), { hint: t('e.timesHint') }),
        simpleField('closesAt', t('e.closesAt'), bound(draft, 'input', { type: 'datetime-local' }, 'closesAt')),
      ),
      checkbox(draft, 'anonymous', t('e.anonymous'), 'anonymous'),
      checkbox(draft, 'sharedDevices', t('e.sharedDevices'), 'sharedDevices'),
      h('p', { class: 'field-hint' }, t('e.sharedDevicesHint')),
    ]),
    section('report', t('e.sectionReport'), [
      h('p', { class: 'section-hint' }, t('e.reportHint')),
      h(
        'div',
        { class: 'field-grid field-grid-3' },
        simpleField('client', t('e.client'), bound(draft, 'input', { type: 'text', maxlength: '200' }, 'client')),
        simpleField('assessor', t('e.assessor'), bound(draft, 'input', { type: 'text', maxlength: '200' }, 'assessor')),
        simpleField('reportNumber', t('e.reportNumber'), bound(draft, 'input', { type: 'text', maxlength: '200' }, 'reportNumber')),
      ),
    ]),
    standardSection(draft),
    section('screening', t('e.sectionScreening'), [
      h(
        'div',
        { class: 'field-grid' },
        simpleField('screening.minSeconds', t('e.minSeconds'), bound(draft, 'input', { type: 'number', min: '0', max: '86400', step: 'any', inputmode: 'decimal', placeholder: '0' }, 'minSeconds'), {
          hint: t('e.minSecondsHint'),
          className: 'span-2',
        }),
      ),
      checkbox(draft, 'screening.excludeFlagged', t('e.excludeFlagged'), 'excludeFlagged'),
    ]),
    h('div', { class: 'form-actions' }, submit),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    submit.disabled = true;
    submit.querySelector('.btn-label').textContent = busyLabel;
    const result = await send(requestBody(draft));
    submit.disabled = false;
    submit.querySelector('.btn-label').textContent = label;
    if (result.ok) {
      done(result.data);
      return;
    }
    showIssues(form, summary, result, draft, failedKey);
  });

  // A running summary of what will be created, next to the form on wide screens.
  const overview = h('aside', { class: 'card create-overview', 'aria-labelledby': 'overview-title' });
  const drawOverview = () => {
    const chosen = questionnaires.find((q) => q.id === draft.questionnaire);
    const venues = venuesFromText(draft.venuesText);
    const groups = draft.groups.filter((g) => g.name.zh.trim() || g.name.en.trim());
    // Observers answer the checklist and carry no share of the survey's score.
    const weights = groups.map((g) => (!g.observer && Number(g.weight) > 0 ? Number(g.weight) : 0));
    const total = weights.reduce((a, b) => a + b, 0);
    fill(
      overview,
      h('h2', { class: 'section-title', id: 'overview-title' }, t('e.overview')),
      h(
        'dl',
        { class: 'facts facts-compact' },
        h('dt', {}, t('e.questionnaire')),
        h('dd', {}, chosen ? `${localized(chosen.title) || chosen.id} · v${draft.version}` : '—'),
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
                  h('li', {}, `${localized(g.name)} `, h('span', { class: 'muted' }, g.observer ? t('e.observerShare') : total > 0 ? formatPercent(weights[i] / total, { digits: 0 }) : '–')),
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

