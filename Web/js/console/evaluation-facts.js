// One evaluation's "meeting facts" tab (会议实况): what the meeting actually did — its
// planned and actual times, attendance per venue, speeches, documents, whether it could have
// been merged or replaced, its cost — recorded with `PUT …/facts`, and the server's checks of
// those facts against the evaluation's meeting standard (docs/scoring.md §12).

import { localized, t } from '../shared/i18n.js';
import { formatNumber } from '../shared/format.js';
import { announce, fill, h, icon } from '../shared/dom.js';
import { may } from '../shared/session.js';
import { api } from './api.js';
import { errorBlock, failureMessage, loadingBlock, toast } from './dom.js';
import { section, showIssues, simpleField } from './evaluation-fields.js';

const ROLES = ['leader', 'chair', 'report', 'floor'];
const OFFSETS = ['+08:00', '+00:00', '+09:00', '+07:00', '+05:30', '+01:00', '-05:00', '-08:00'];

export async function drawFacts(page, body) {
  fill(body, loadingBlock());
  const result = await api.facts(page.evaluation.id);
  if (!result.ok) {
    fill(body, errorBlock(t('loadFailed', { message: failureMessage(result) }), () => drawFacts(page, body)));
    return;
  }
  const editable = may('recordFacts') && !page.evaluation.archivedAt;
  const results = h('div', { id: 'facts-results' });
  drawResults(results, result.data);
  const children = [results];
  if (editable) children.unshift(factsForm(page, result.data, results));
  else children.push(recordedFacts(result.data));
  fill(body, ...children);
}

// ---------------------------------------------------------------- the form

/** `2026-11-20T09:12:00+08:00` split into the input's local time and its offset. */
function splitTime(text) {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.exec(text ?? '');
  if (!match) return { local: '', offset: null };
  const offset = match[2] === 'Z' ? '+00:00' : match[2].length === 5 ? `${match[2].slice(0, 3)}:${match[2].slice(3)}` : match[2];
  return { local: match[1], offset };
}

function factsForm(page, data, results) {
  const evaluation = page.evaluation;
  const facts = data.facts ?? {};
  const times = {};
  let offset = '+08:00';
  for (const key of ['plannedStart', 'plannedEnd', 'actualStart', 'actualEnd']) {
    const split = splitTime(facts[key]);
    times[key] = h('input', { type: 'datetime-local', value: split.local });
    if (split.offset) offset = split.offset;
  }
  const offsets = OFFSETS.includes(offset) ? OFFSETS : [offset, ...OFFSETS];
  const zone = h('select', {}, offsets.map((value) => h('option', { value, selected: value === offset ? '' : null }, `UTC${value}`)));

  // One attendance row per venue (or one for the whole meeting when it has no venues).
  const venues = evaluation.venues?.length ? evaluation.venues : [{ id: 'main', name: t('facts.wholeMeeting') }];
  const recorded = new Map((facts.attendance ?? []).map((row) => [row.venue, row]));
  const attendanceRows = venues.map((venue, index) => {
    const row = recorded.get(venue.id);
    const expected = h('input', { type: 'number', min: '1', step: '1', inputmode: 'numeric', value: row?.expected ?? venue.expected ?? '', 'aria-label': t('facts.expectedAt', { venue: localized(venue.name) }) });
    const present = h('input', { type: 'number', min: '0', step: '1', inputmode: 'numeric', value: row?.present ?? '', 'aria-label': t('facts.presentAt', { venue: localized(venue.name) }) });
    return { venue, expected, present, element: h('tr', { 'data-path': `attendance[${index}]` }, h('th', { scope: 'row', class: 'cell-main' }, localized(venue.name)), h('td', { 'data-label': t('facts.expected') }, expected), h('td', { 'data-label': t('facts.present') }, present)) };
  });

  const speechList = h('tbody', {});
  const speeches = [];
  const addSpeech = (speech = {}) => {
    const speaker = h('input', { type: 'text', maxlength: '100', value: speech.speaker ?? '', 'aria-label': t('facts.speaker') });
    const role = h('select', { 'aria-label': t('facts.role') }, ROLES.map((value) => h('option', { value, selected: value === (speech.role ?? 'floor') ? '' : null }, t(`facts.role.${value}`))));
    const minutes = h('input', { type: 'number', min: '0', max: '1440', step: 'any', inputmode: 'decimal', value: speech.minutes ?? '', 'aria-label': t('facts.minutes') });
    const entry = { speaker, role, minutes };
    const remove = h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'aria-label': t('facts.removeSpeech') }, icon('trash'));
    const element = h(
      'tr',
      {},
      h('td', { 'data-label': t('facts.speaker') }, speaker),
      h('td', { 'data-label': t('facts.role') }, role),
      h('td', { 'data-label': t('facts.minutes') }, minutes),
      h('td', { class: 'col-actions' }, remove),
    );
    remove.addEventListener('click', () => {
      speeches.splice(speeches.indexOf(entry), 1);
      element.remove();
    });
    entry.element = element;
    speeches.push(entry);
    speechList.append(element);
    return entry;
  };
  for (const speech of facts.speeches ?? []) addSpeech(speech);
  const addButton = h('button', { type: 'button', class: 'btn btn-secondary', id: 'add-speech' }, icon('plus'), t('facts.addSpeech'));
  addButton.addEventListener('click', () => addSpeech().speaker.focus());

  const documentCount = h('input', { type: 'number', min: '0', step: '1', inputmode: 'numeric', value: facts.documents?.count ?? '' });
  const documentPages = h('input', { type: 'number', min: '0', step: '1', inputmode: 'numeric', value: facts.documents?.pages ?? '' });
  const judgement = (value) =>
    h('select', {}, [['', t('facts.notJudged')], ['yes', t('facts.yes')], ['no', t('facts.no')]].map(([key, label]) =>
      h('option', { value: key, selected: (value === true && key === 'yes') || (value === false && key === 'no') || (value == null && key === '') ? '' : null }, label)));
  const mergeable = judgement(facts.mergeable);
  const replaceable = judgement(facts.replaceable);
  const cost = h('input', { type: 'number', min: '0', step: 'any', inputmode: 'decimal', value: facts.cost ?? '' });

  const summary = h('div', { class: 'form-summary', tabindex: '-1', id: 'facts-summary' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-large', id: 'save-facts' }, icon('check'), h('span', { class: 'btn-label' }, t('facts.save')));
  const form = h(
    'form',
    { class: 'evaluation-form facts-form', id: 'facts-form', novalidate: '' },
    summary,
    section('facts-times', t('facts.sectionTimes'), [
      h('p', { class: 'section-hint' }, t('facts.timesHint')),
      h(
        'div',
        { class: 'field-grid' },
        simpleField('plannedStart', t('facts.plannedStart'), times.plannedStart),
        simpleField('plannedEnd', t('facts.plannedEnd'), times.plannedEnd),
        simpleField('actualStart', t('facts.actualStart'), times.actualStart),
        simpleField('actualEnd', t('facts.actualEnd'), times.actualEnd),
        simpleField('timeZone', t('facts.timeZone'), zone),
      ),
    ]),
    section('facts-attendance', t('facts.sectionAttendance'), [
      h('div', { 'data-path': 'attendance' }, h('p', { class: 'field-error issue-slot' })),
      h('table', { class: 'data-table facts-attendance' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('facts.venue')), h('th', { scope: 'col' }, t('facts.expected')), h('th', { scope: 'col' }, t('facts.present')))),
        h('tbody', {}, attendanceRows.map((row) => row.element))),
    ]),
    section('facts-speeches', t('facts.sectionSpeeches'), [
      h('div', { 'data-path': 'speeches' }, h('p', { class: 'field-error issue-slot' })),
      h('table', { class: 'data-table facts-speeches' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('facts.speaker')), h('th', { scope: 'col' }, t('facts.role')), h('th', { scope: 'col' }, t('facts.minutes')), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('facts.removeSpeech'))))),
        speechList),
      addButton,
    ]),
    section('facts-other', t('facts.sectionOther'), [
      h(
        'div',
        { class: 'field-grid' },
        simpleField('documents.count', t('facts.documentCount'), documentCount),
        simpleField('documents.pages', t('facts.documentPages'), documentPages),
        simpleField('mergeable', t('facts.mergeable'), mergeable),
        simpleField('replaceable', t('facts.replaceable'), replaceable),
        simpleField('cost', t('facts.cost'), cost, { hint: t('facts.costHint') }),
      ),
    ]),
    h('div', { class: 'form-actions' }, submit),
  );

  const number = (input) => {
    const text = input.value.trim();
    if (text === '') return undefined;
    const value = Number(text);
    return Number.isFinite(value) ? value : text;
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const body = {};
    for (const [key, input] of Object.entries(times)) {
      if (input.value) body[key] = `${input.value.length === 16 ? `${input.value}:00` : input.value}${zone.value}`;
    }
    body.attendance = attendanceRows
      .filter((row) => row.expected.value.trim() !== '' || row.present.value.trim() !== '')
      .map((row) => ({ venue: row.venue.id, expected: number(row.expected), present: number(row.present) }));
    body.speeches = speeches
      .filter((entry) => entry.speaker.value.trim() !== '' || entry.minutes.value.trim() !== '')
      .map((entry) => ({ speaker: entry.speaker.value, role: entry.role.value, minutes: number(entry.minutes) }));
    if (documentCount.value.trim() !== '' || documentPages.value.trim() !== '') {
      body.documents = { count: number(documentCount) ?? 0, pages: number(documentPages) ?? 0 };
    }
    if (mergeable.value) body.mergeable = mergeable.value === 'yes';
    if (replaceable.value) body.replaceable = replaceable.value === 'yes';
    if (cost.value.trim() !== '') body.cost = number(cost);
    submit.disabled = true;
    submit.querySelector('.btn-label').textContent = t('facts.saving');
    const result = await api.recordFacts(evaluation.id, body);
    submit.disabled = false;
    submit.querySelector('.btn-label').textContent = t('facts.save');
    if (!result.ok) {
      showIssues(form, summary, result, { venuesText: '' }, 'facts.saveFailed');
      return;
    }
    summary.classList.remove('is-visible');
    summary.replaceChildren();
    for (const slot of form.querySelectorAll('.issue-slot')) slot.replaceChildren();
    drawResults(results, result.data);
    toast(t('facts.saved'));
    announce(t('facts.saved'));
  });
  return form;
}

// ---------------------------------------------------------------- what the server found

function drawResults(box, data) {
  const assessment = data.assessment;
  if (!assessment) {
    fill(box, h('section', { class: 'card', 'aria-labelledby': 'facts-results-title' }, h('h2', { class: 'section-title', id: 'facts-results-title' }, t('facts.results')), h('p', {}, t('facts.noneYet'))));
    return;
  }
  const measured = assessment.measured;
  const minutes = (value) => (value == null ? '–' : t('facts.minutesValue', { n: formatNumber(value, { digits: 2, minDigits: 0 }) }));
  const rows = [
    [t('facts.duration'), minutes(measured.durationMinutes)],
    [t('facts.startDelay'), minutes(measured.startDelayMinutes)],
    [t('facts.overrun'), minutes(measured.overrunMinutes)],
    [t('facts.attendanceRate'), measured.attendanceRate == null ? '–' : `${formatNumber(measured.present)} / ${formatNumber(measured.expected)} (${formatNumber(measured.attendanceRate, { digits: 2, minDigits: 0 })}%)`],
    [t('facts.personHours'), measured.personHours == null ? '–' : formatNumber(measured.personHours, { digits: 2, minDigits: 0 })],
    [t('facts.costPerPersonHour'), measured.costPerPersonHour == null ? '–' : formatNumber(measured.costPerPersonHour, { digits: 2, minDigits: 0 })],
  ];
  const checks = assessment.checks ?? [];
  const limit = (check) => (check.limit.max != null ? `≤ ${formatNumber(check.limit.max, { digits: 2, minDigits: 0 })}` : `≥ ${formatNumber(check.limit.min, { digits: 2, minDigits: 0 })}`);
  fill(
    box,
    h(
      'section',
      { class: 'card facts-results', 'aria-labelledby': 'facts-results-title' },
      h('h2', { class: 'section-title', id: 'facts-results-title' }, t('facts.results')),
      assessment.standard
        ? h('p', {}, t('facts.checkedAgainst', { standard: `${assessment.standard.title} (${assessment.standard.id} v${assessment.standard.version})` }))
        : h('p', { class: 'notice' }, t('facts.noStandard')),
      assessment.score != null
        ? h('p', { class: 'facts-score', id: 'facts-score' }, t('facts.score'), ' ', h('strong', {}, formatNumber(assessment.score, { digits: 2 })), ' · ', t('facts.deducted', { n: formatNumber(assessment.deducted, { digits: 2, minDigits: 0 }) }))
        : null,
      assessment.complete ? null : h('p', { class: 'notice notice-warn' }, t('facts.incomplete')),
      checks.length
        ? h(
            'table',
            { class: 'data-table facts-checks', id: 'facts-checks' },
            h('caption', { class: 'sr-only' }, t('facts.checks')),
            h('thead', {}, h('tr', {}, [t('facts.rule'), t('facts.value'), t('facts.limit'), t('facts.outcome'), t('facts.deduction')].map((label) => h('th', { scope: 'col' }, label)))),
            h(
              'tbody',
              {},
              checks.map((check) =>
                h(
                  'tr',
                  { 'data-rule': check.rule, class: check.passed === false ? 'is-broken' : null },
                  h('th', { scope: 'row', class: 'cell-main' }, check.title),
                  h('td', { class: 'num', 'data-label': t('facts.value') }, check.value == null ? '–' : formatNumber(check.value, { digits: 2, minDigits: 0 })),
                  h('td', { 'data-label': t('facts.limit') }, `${limit(check)} ${t(`facts.unit.${check.unit}`)}`),
                  h('td', { 'data-label': t('facts.outcome') }, check.passed == null ? t('facts.notMeasured') : check.passed ? t('facts.passed') : h('span', { class: 'chip chip-small chip-warn' }, t('facts.broken'))),
                  h('td', { class: 'num', 'data-label': t('facts.deduction') }, check.deducted ? `−${formatNumber(check.deducted, { digits: 2, minDigits: 0 })}` : '0'),
                ),
              ),
            ),
          )
        : null,
      h('dl', { class: 'facts-measured' }, rows.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])),
    ),
  );
}

/** The facts as recorded, for someone who may read but not record them. */
function recordedFacts(data) {
  const facts = data.facts;
  if (!facts) return null;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'facts-recorded-title' },
    h('h2', { class: 'section-title', id: 'facts-recorded-title' }, t('facts.recorded')),
    h(
      'dl',
      { class: 'facts-measured' },
      ['plannedStart', 'plannedEnd', 'actualStart', 'actualEnd'].flatMap((key) => [h('dt', {}, t(`facts.${key}`)), h('dd', {}, facts[key] ?? '–')]),
    ),
    facts.speeches?.length
      ? h('ul', {}, facts.speeches.map((speech) => h('li', {}, `${speech.speaker} · ${t(`facts.role.${speech.role}`)} · ${t('facts.minutesValue', { n: formatNumber(speech.minutes, { digits: 1, minDigits: 0 }) })}`)))
      : null,
  );
}
