// Checks of the attendee page's pure rules (showIf, validation, the submission body),
// run with node by test_form_logic.py. Imports the modules from the folder given as
// the first argument (a copy of Web/js marked as ES modules).
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const folder = process.argv[2];
const load = (file) => import(pathToFileURL(path.join(folder, file)).href);
const logic = await load('attendee/form-logic.js');
const messages = await load('attendee/messages.js');
const shared = await load('shared/i18n.js');
const format = await load('shared/format.js');
// The attendee page's words in a locale, and how the page writes a meeting date.
const i18n = {
  t: (locale, key, params = {}) => messages.text(key, params, locale),
  uiLanguage: shared.uiLanguage,
  formatDate: (isoDate, locale) => format.formatDate(isoDate, { style: 'long', lang: locale }),
};

const questionnaire = {
  id: 'q', version: 1, locales: ['zh', 'en'],
  dimensions: [
    { id: 'd1', title: { zh: '会前', en: 'Before' }, weight: 50, questions: [
      { id: 'notice', type: 'rating', text: { zh: '通知', en: 'Notice' }, required: true, allowNotApplicable: false,
        scale: { min: 1, max: 5, labels: { 1: { zh: '很差' }, 5: { zh: '很好', en: 'Very good' } } } },
      { id: 'na-ok', type: 'rating', text: 'x', required: true, allowNotApplicable: true, scale: { min: 0, max: 10 } },
      { id: 'materials', type: 'single', text: 'm', required: true,
        options: [{ id: 'full', text: 'f', score: 100 }, { id: 'none', text: 'n', score: 0 }, { id: 'na', text: 'na', notApplicable: true }] },
      { id: 'why', type: 'text', text: 'w', required: true, maxLength: 5, showIf: { question: 'materials', in: ['none'] } },
    ] },
    { id: 'd2', title: 'R', questions: [
      { id: 'problems', type: 'multiple', text: 'p', required: false, maxSelections: 2,
        options: [{ id: 'p1', text: '1' }, { id: 'p2', text: '2' }, { id: 'p3', text: '3' }, { id: 'p4', text: '4' }] },
      { id: 'deeper', type: 'single', text: 'd', required: true, options: [{ id: 'a', text: 'a', score: 1 }],
        showIf: { question: 'problems', in: ['p2'] } },
      { id: 'chained', type: 'text', text: 'c', required: false, maxLength: 2000, showIf: { question: 'deeper', in: ['a'] } },
      { id: 'remark', type: 'text', text: 'r', required: false, maxLength: 2000 },
    ] },
  ],
};
const evaluation = { venues: [{ id: 'hefei', name: '合肥' }], raterGroups: [{ id: 'g', name: 'G' }], questionnaire };

// Localized text falls back to the default locale, then to any text.
assert.equal(logic.localize({ zh: '很差' }, 'en', 'zh'), '很差');
assert.equal(logic.localize({ zh: '很好', en: 'Very good' }, 'en', 'zh'), 'Very good');
assert.equal(logic.localize('plain', 'en', 'zh'), 'plain');
assert.equal(logic.localize({ fr: 'bon' }, 'en', 'zh'), 'bon');
assert.equal(logic.localize(undefined, 'en', 'zh'), '');

// Code points, not UTF-16 units.
assert.equal(logic.codePointLength('a😀中'), 3);

// showIf: single, multiple, and a chain through a hidden question.
let visible = logic.visibleQuestionIds(questionnaire, {});
assert.deepEqual([...visible], ['notice', 'na-ok', 'materials', 'problems', 'remark']);
visible = logic.visibleQuestionIds(questionnaire, { materials: 'none', problems: ['p1', 'p2'], deeper: 'a' });
assert.ok(visible.has('why') && visible.has('deeper') && visible.has('chained'));
visible = logic.visibleQuestionIds(questionnaire, { materials: 'full', problems: ['p1'], deeper: 'a' });
assert.ok(!visible.has('why') && !visible.has('deeper') && !visible.has('chained'));

// Validation: everything missing.
let issues = logic.validateDraft(evaluation, { answers: {} });
assert.deepEqual(issues.map((i) => `${i.path}:${i.code}`), [
  'venue:venue', 'raterGroup:raterGroup', 'answers.notice:required', 'answers.na-ok:required', 'answers.materials:required',
]);

// Validation: each rule.
const base = { venue: 'hefei', raterGroup: 'g' };
const check = (answers) => logic.validateDraft(evaluation, { ...base, answers }).map((i) => `${i.path}:${i.code}`);
const fine = { notice: 3, 'na-ok': 'na', materials: 'full' };
assert.deepEqual(check(fine), []);
assert.deepEqual(check({ ...fine, notice: 'na' }), ['answers.notice:notApplicable']);
assert.deepEqual(check({ ...fine, notice: 6 }), ['answers.notice:range']);
assert.deepEqual(check({ ...fine, notice: 2.5 }), ['answers.notice:range']);
assert.deepEqual(check({ ...fine, notice: '3' }), ['answers.notice:range']);
assert.deepEqual(check({ ...fine, 'na-ok': 0 }), []);
assert.deepEqual(check({ ...fine, materials: 'other' }), ['answers.materials:option']);
assert.deepEqual(check({ ...fine, problems: ['p1', 'p3', 'p4'] }), ['answers.problems:tooMany']);
assert.deepEqual(check({ ...fine, problems: ['p9'] }), ['answers.problems:option']);
assert.deepEqual(check({ ...fine, problems: [] }), []);
assert.deepEqual(check({ ...fine, problems: ['p2'] }), ['answers.deeper:required']);
assert.deepEqual(check({ ...fine, materials: 'none' }), ['answers.why:required']);
assert.deepEqual(check({ ...fine, materials: 'none', why: '   ' }), ['answers.why:required']);
assert.deepEqual(check({ ...fine, materials: 'none', why: '  😀😀😀😀😀  ' }), []);
assert.deepEqual(check({ ...fine, materials: 'none', why: '123456' }), ['answers.why:tooLong']);
// A hidden question is neither required nor checked.
assert.deepEqual(check({ ...fine, why: 'far too long for five' }), []);
assert.deepEqual(logic.validateDraft(evaluation, { venue: 'wuhu', raterGroup: 'g', answers: fine }).map((i) => i.code), ['venue']);
// Without venues and rater groups nothing is asked for.
assert.deepEqual(logic.validateDraft({ questionnaire }, { answers: fine }), []);

// The body: visible answered questions only, text trimmed, empty text left out,
// multiple in option order; venue and group only when offered.
const draft = {
  id: '2f1d7c8e-0000-4000-8000-000000000000', startedAt: '2026-11-20T09:00:00.000Z', locale: 'en', ...base,
  answers: { ...fine, why: 'hidden', problems: ['p2', 'p1'], deeper: 'a', chained: '  kept  ', remark: '   ' },
};
assert.deepEqual(logic.buildSubmission(evaluation, draft), {
  id: draft.id, venue: 'hefei', raterGroup: 'g',
  answers: { notice: 3, 'na-ok': 'na', materials: 'full', deeper: 'a', problems: ['p1', 'p2'], chained: 'kept' },
  startedAt: draft.startedAt, locale: 'en',
});
const bare = logic.buildSubmission({ questionnaire, venues: [], raterGroups: [] }, draft);
assert.ok(!('venue' in bare) && !('raterGroup' in bare));

// Phases.
const now = new Date('2026-11-20T10:00:00Z');
assert.equal(logic.evaluationPhase({ status: 'open', acceptingResponses: true }, now), 'open');
assert.equal(logic.evaluationPhase({ status: 'draft' }, now), 'notYetOpen');
assert.equal(logic.evaluationPhase({ status: 'closed' }, now), 'closed');
assert.equal(logic.evaluationPhase({ status: 'open', opensAt: '2026-11-20T11:00:00Z' }, now), 'notYetOpen');
assert.equal(logic.evaluationPhase({ status: 'open', closesAt: '2026-11-20T09:59:59Z' }, now), 'closed');

// The text of an `other: true` option: sent as `<question>.other` only while that option is
// chosen and its question shown, trimmed; over 200 characters it is a problem at its own path.
const withOther = {
  id: 'o', version: 1, locales: ['zh'],
  dimensions: [{ id: 'd', title: 'd', questions: [
    { id: 'kind', type: 'single', text: 'k', required: true,
      options: [{ id: 'a', text: 'a' }, { id: 'else', text: '其他', other: true }] },
    { id: 'many', type: 'multiple', text: 'm', required: false,
      options: [{ id: 'x', text: 'x' }, { id: 'other', text: '其他', other: true }], showIf: { question: 'kind', in: ['a', 'else'] } },
  ] }],
};
assert.equal(logic.otherKey('many'), 'many.other');
assert.equal(logic.conditionalCount(withOther), 1);
assert.deepEqual(
  logic.answersToSend(withOther, { kind: 'else', 'kind.other': '  合并开  ', many: ['x'], 'many.other': '不该发送' }),
  { kind: 'else', 'kind.other': '合并开', many: ['x'] });
assert.deepEqual(
  logic.answersToSend(withOther, { kind: 'a', many: ['other', 'x'], 'many.other': '空调', 'kind.other': '不该发送' }),
  { kind: 'a', many: ['x', 'other'], 'many.other': '空调' });
assert.deepEqual(logic.answersToSend(withOther, { kind: 'else', 'kind.other': '   ' }), { kind: 'else' });
const longOther = { venues: [], raterGroups: [], questionnaire: withOther };
assert.deepEqual(logic.validateDraft(longOther, { answers: { kind: 'else', 'kind.other': '长'.repeat(201) } }),
  [{ path: 'answers.kind.other', code: 'tooLong', params: { max: 200, length: 201 } }]);
assert.deepEqual(logic.validateDraft(longOther, { answers: { kind: 'a', 'kind.other': '长'.repeat(201) } }), []);

// Response ids: v4 UUIDs, also without randomUUID (plain http on a LAN address).
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
assert.match(logic.newResponseId(), uuid);
const noRandomUUID = { getRandomValues: (bytes) => globalThis.crypto.getRandomValues(bytes) };
const ids = new Set(Array.from({ length: 100 }, () => logic.newResponseId(noRandomUUID)));
assert.equal(ids.size, 100);
for (const id of ids) assert.match(id, uuid);
assert.match(logic.newResponseId({ randomUUID() { throw new Error('insecure'); }, getRandomValues: noRandomUUID.getRandomValues }), uuid);

// Every page message exists in both languages, with the same placeholders.
const keys = (locale) => {
  const found = new Map();
  for (const key of ['brand', 'loading', 'unknownTitle', 'notOpenTitle', 'closedTitle', 'thanksTitle', 'another', 'submit',
    'retrying', 'retry', 'summary', 'maxSelections', 'err.required', 'err.tooLong', 'err.range', 'progress',
    'closedBody', 'closedBodyNoTime', 'lostTitle', 'lostBody', 'lostBodyNoTime', 'lostKept', 'anotherHint',
    'questionCount', 'questionCountConditional', 'conditionalNote', 'otherLabel']) {
    found.set(key, i18n.t(locale, key));
  }
  return found;
};
for (const [key, zh] of keys('zh')) {
  const en = i18n.t('en', key);
  assert.notEqual(zh, key, `zh message ${key} missing`);
  assert.notEqual(en, key, `en message ${key} missing`);
  assert.deepEqual((zh.match(/\{\w+\}/g) ?? []).sort(), (en.match(/\{\w+\}/g) ?? []).sort(), key);
}
assert.equal(i18n.t('zh', 'err.tooLong', { max: 5, length: 6 }), '不能超过 5 字（当前 6 字）');
assert.equal(i18n.uiLanguage('zh-TW'), 'zh');
assert.equal(i18n.uiLanguage('fr'), 'en');
assert.equal(i18n.formatDate('2026-11-20', 'zh'), '2026年11月20日');

// Observers: the checklist replaces the questionnaire for an observer group's draft, and a
// `format: time` answer must be HH:MM before it is sent.
{
  const checklist = {
    id: 'venue-observation', version: 1, locales: ['zh', 'en'],
    dimensions: [{ id: 'punctuality', title: 'p', weight: 30, questions: [
      { id: 'seated', type: 'single', text: 's', required: true, options: [{ id: 'early', text: 'e', score: 100 }, { id: 'late', text: 'l', score: 0 }] },
      { id: 'seated-at', type: 'text', format: 'time', text: 't', required: false, maxLength: 2000 },
    ] }],
  };
  const observed = {
    venues: [{ id: 'hefei', name: '合肥' }], raterGroups: [{ id: 'attendees', name: 'a' }, { id: 'observers', name: 'o' }],
    questionnaire, observation: { raterGroups: ['observers'], checklist },
  };
  const observerDraft = { id: 'r1', venue: 'hefei', raterGroup: 'observers', answers: { seated: 'early', 'seated-at': '08:57' } };
  assert.equal(logic.formQuestionnaire(observed, observerDraft), checklist);
  assert.equal(logic.formQuestionnaire(observed, { ...observerDraft, raterGroup: 'attendees' }), questionnaire);
  assert.equal(logic.formQuestionnaire({ questionnaire }, observerDraft), questionnaire);
  assert.deepEqual(logic.validateDraft(observed, observerDraft), []);
  assert.deepEqual(logic.buildSubmission(observed, observerDraft).answers, { seated: 'early', 'seated-at': '08:57' });
  for (const bad of ['9:05', '24:00', '12:60', '9点']) {
    const issues = logic.validateDraft(observed, { ...observerDraft, answers: { seated: 'late', 'seated-at': bad } });
    assert.deepEqual(issues, [{ path: 'answers.seated-at', code: 'time' }], bad);
  }
  // The attendee questionnaire's required answers are asked of an attendee, never of an observer.
  assert.ok(logic.validateDraft(observed, { ...observerDraft, raterGroup: 'attendees' }).some((i) => i.path === 'answers.notice'));
  assert.equal(i18n.t('zh', 'err.time'), '请填写时间，如 09:05');
}

console.log('form logic checks passed');
