// The attendee page: loads one evaluation by the slug in the address, shows its
// questionnaire, keeps a draft on the device and submits it exactly once.

import {
  buildSubmission,
  evaluationPhase,
  flattenQuestions,
  localize,
  validateDraft,
  visibleQuestionIds,
} from './form-logic.js';
import {
  formatDate,
  formatDateTime,
  languageName,
  languageTag,
  otherLanguage,
  t,
  uiLanguage,
} from './i18n.js';
import { loadDraft, newDraft, saveDraft } from './draft-store.js';
import { checkInvitationCode, fetchEvaluation, submitResponse } from './api.js';
import {
  appendChildren,
  domId,
  errorSlot,
  h,
  icon,
  questionPositions,
  readAnswer,
  refreshCounter,
  refreshQuestions,
  renderDimension,
  requiredMark,
} from './question-view.js';

const app = document.getElementById('app');
const brandText = document.getElementById('brand-text');
const languageSwitch = document.getElementById('lang-switch');
const progress = document.getElementById('progress');
const progressBar = document.getElementById('progress-bar');

const query = new URLSearchParams(location.search);
/** An invitation code from the link (`?code=`), taken out of the address bar at once. */
const codeFromLink = takeCodeFromLink();

const page = {
  slug: null,
  evaluation: null,
  locale: initialLocale(),
  draft: null,
  /** loading | unknown | load-error | not-open | closed | code | form | sending | thanks */
  view: 'loading',
  /**
   * The invitation code (evaluations with `access: invitation`) once the server accepted it:
   * {code, venue, raterGroup}. Kept in memory and sessionStorage only, never in the draft.
   */
  invitation: null,
  /** What the code step shows: {message, kind} of the last refusal, the typed text, a wait. */
  codeStep: { message: '', kind: '', text: '', waitUntil: 0 },
  /** True once a submit was tried: from then on problems show as they arise. */
  showErrors: false,
  /** Problems the server reported, by path, until that answer changes. */
  serverIssues: new Map(),
  serverMessage: '',
  /** null | {kind: 'sending'|'retrying'|'failed'|'resuming', attempt} */
  send: null,
  questions: new Map(),
};

// ---------------------------------------------------------------- helpers

const tr = (key, params) => t(page.locale, key, params);

/** What the shared question renderer needs: the language and the answers to show. */
function questionView() {
  return { locale: page.locale, defaultLocale: defaultLocale(), answers: page.draft?.answers ?? {} };
}

function questionnaire() {
  return page.evaluation?.questionnaire;
}

function defaultLocale() {
  return questionnaire()?.locales?.[0] ?? 'zh';
}

/** Text from the questionnaire or the evaluation in the current locale. */
function text(value) {
  return localize(value, page.locale, defaultLocale());
}

function initialLocale() {
  const wanted = query.get('lang');
  if (wanted) return uiLanguage(wanted);
  const preferred = (navigator.languages && navigator.languages[0]) || navigator.language || 'zh';
  return uiLanguage(preferred);
}

function slugFromPath(pathname) {
  const match = /^\/e\/([^/]+)\/?$/.exec(pathname);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

function persist() {
  if (page.slug && page.draft) saveDraft(page.slug, page.draft);
}

// ---------------------------------------------------------------- invitation codes

const CODE_ALPHABET = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$/;

/** A typed code the way the server compares it: capitals, without spaces and dashes; null when it cannot be one. */
export function normalizeCode(text) {
  const plain = String(text ?? '').toUpperCase().replace(/[\s\-‐‑–—_]/g, '');
  return CODE_ALPHABET.test(plain) ? `${plain.slice(0, 5)}-${plain.slice(5)}` : null;
}

function takeCodeFromLink() {
  const code = query.get('code');
  if (code === null) return '';
  const url = new URL(location.href);
  url.searchParams.delete('code');
  try {
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  } catch {
    // the address keeps the code; nothing else stores it
  }
  return code;
}

function invitationKey() {
  return `meeting-eval:code:${page.slug}`;
}

function loadInvitation() {
  try {
    const raw = sessionStorage.getItem(invitationKey());
    const value = raw ? JSON.parse(raw) : null;
    if (value && typeof value.code === 'string' && normalizeCode(value.code)) {
      return { code: value.code, venue: value.venue ?? null, raterGroup: value.raterGroup ?? null };
    }
  } catch {
    // no session storage: the code lives in memory only
  }
  return null;
}

function storeInvitation(invitation) {
  page.invitation = invitation;
  try {
    if (invitation) sessionStorage.setItem(invitationKey(), JSON.stringify(invitation));
    else sessionStorage.removeItem(invitationKey());
  } catch {
    // memory only
  }
}

function needsCode() {
  return page.evaluation?.access === 'invitation';
}

/** Presets (and so locks) the venue and rater group the accepted code is bound to. */
function applyInvitation() {
  const invitation = page.invitation;
  if (!invitation || !page.draft) return;
  if (invitation.venue) page.draft.venue = invitation.venue;
  if (invitation.raterGroup) page.draft.raterGroup = invitation.raterGroup;
}

function announce(message) {
  const live = document.getElementById('live');
  if (!live) return;
  live.textContent = '';
  // A fresh text node on the next frame is announced even when it repeats.
  requestAnimationFrame(() => {
    live.textContent = message;
  });
}

// ---------------------------------------------------------------- chrome

function updateChrome() {
  document.documentElement.lang = languageTag(page.locale);
  brandText.textContent = tr('brand');
  const title = page.evaluation?.title;
  document.title = title ? `${title} · ${tr('brand')}` : `${tr('brand')} · MeetingEval`;
  renderLanguageSwitch();
}

function renderLanguageSwitch() {
  const locales = questionnaire()?.locales ?? [];
  if (locales.length < 2) {
    languageSwitch.hidden = true;
    languageSwitch.replaceChildren();
    return;
  }
  languageSwitch.hidden = false;
  languageSwitch.setAttribute('aria-label', `${t(page.locale, 'language')} / ${t(otherLanguage(page.locale), 'language')}`);
  const buttons = locales.map((locale) =>
    h(
      'button',
      {
        type: 'button',
        class: 'lang-button',
        lang: languageTag(locale),
        'aria-pressed': locale === page.locale ? 'true' : 'false',
        'data-locale': locale,
        onclick: () => switchLocale(locale),
      },
      languageName(locale),
    ),
  );
  languageSwitch.replaceChildren(...buttons);
}

function switchLocale(locale) {
  if (locale === page.locale) return;
  const anchor = page.view === 'form' ? scrollAnchor() : null;
  page.locale = locale;
  if (page.draft) {
    page.draft.locale = locale;
    persist();
  }
  render();
  if (anchor) restoreScrollAnchor(anchor);
  const button = languageSwitch.querySelector(`[data-locale="${CSS.escape(locale)}"]`);
  if (button) button.focus();
}

/** The first question on screen and its distance from the top, to keep the reader's place. */
function scrollAnchor() {
  const top = document.querySelector('.topbar')?.getBoundingClientRect().bottom ?? 0;
  for (const element of app.querySelectorAll('[data-anchor]')) {
    if (element.hidden) continue;
    const rect = element.getBoundingClientRect();
    if (rect.bottom > top) return { id: element.id, offset: rect.top };
  }
  return null;
}

function restoreScrollAnchor(anchor) {
  const element = document.getElementById(anchor.id);
  if (!element) return;
  window.scrollBy(0, element.getBoundingClientRect().top - anchor.offset);
}

function setProgress(visible, answered, total) {
  progress.hidden = !visible;
  if (!visible) return;
  const percent = total === 0 ? 0 : Math.round((answered / total) * 100);
  progressBar.className = `progress-bar p-${Math.round(percent / 5) * 5}`;
  progress.setAttribute('aria-valuenow', String(answered));
  progress.setAttribute('aria-valuemax', String(total));
  progress.setAttribute('aria-valuetext', tr('progress', { a: answered, n: total }));
  progress.setAttribute('aria-label', tr('progress', { a: answered, n: total }));
}

// ---------------------------------------------------------------- views

function setView(view) {
  page.view = view;
  app.dataset.state = view;
  delete app.dataset.send;
  app.setAttribute('aria-busy', view === 'loading' || view === 'sending' ? 'true' : 'false');
}

function render() {
  updateChrome();
  switch (page.view) {
    case 'loading':
      return renderLoading();
    case 'unknown':
      return renderUnknown();
    case 'load-error':
      return renderLoadError();
    case 'not-open':
      return renderNotOpen();
    case 'closed':
      return renderClosed();
    case 'thanks':
      return renderThanks();
    case 'code':
      return renderCode();
    default:
      return renderForm();
  }
}

/** Title in the current language, with the other language below for readers of it. */
function bilingualHeading(key) {
  const other = otherLanguage(page.locale);
  return [
    h('h1', { class: 'state-title', tabindex: '-1' }, tr(key)),
    h('p', { class: 'state-title-alt', lang: languageTag(other) }, t(other, key)),
  ];
}

function stateCard(kind, iconName, children) {
  return h('section', { class: `state-card state-${kind}` }, h('div', { class: `state-icon state-icon-${kind}` }, icon(iconName)), children);
}

function meetingLine() {
  const evaluation = page.evaluation;
  if (!evaluation) return null;
  return h(
    'div',
    { class: 'state-meeting' },
    h('p', { class: 'state-meeting-title' }, evaluation.title ?? ''),
    evaluation.meetingDate ? h('p', { class: 'state-meeting-date' }, formatDate(evaluation.meetingDate, page.locale)) : null,
  );
}

/** The body text of a state card in the page's language, then in the other one. */
function bilingualBody(key) {
  const other = otherLanguage(page.locale);
  return [
    h('p', { class: 'state-body' }, tr(key)),
    h('p', { class: 'state-body-alt', lang: languageTag(other) }, t(other, key)),
  ];
}

function renderLoading() {
  setProgress(false);
  app.replaceChildren(
    h(
      'section',
      { class: 'state-card state-loading', role: 'status' },
      h('div', { class: 'spinner', 'aria-hidden': 'true' }),
      ...bilingualBody('loading'),
    ),
  );
}

function renderUnknown() {
  setProgress(false);
  app.replaceChildren(
    stateCard('unknown', 'link', [
      bilingualHeading('unknownTitle'),
      ...bilingualBody('unknownBody'),
    ]),
  );
}

function renderLoadError() {
  setProgress(false);
  app.replaceChildren(
    stateCard('error', 'wifi', [
      bilingualHeading('loadErrorTitle'),
      ...bilingualBody('loadErrorBody'),
      h('button', { type: 'button', class: 'button button-primary', onclick: () => location.reload() }, tr('reload')),
    ]),
  );
}

function renderNotOpen() {
  setProgress(false);
  const evaluation = page.evaluation;
  const opensAt = evaluation?.opensAt && Date.parse(evaluation.opensAt) > Date.now() ? evaluation.opensAt : null;
  app.replaceChildren(
    stateCard('not-open', 'clock', [
      h('h1', { class: 'state-title', tabindex: '-1' }, tr('notOpenTitle')),
      meetingLine(),
      opensAt ? h('p', { class: 'state-when' }, tr('opensAt', { time: formatDateTime(opensAt, page.locale) })) : null,
      h('p', { class: 'state-body' }, tr('notOpenBody')),
      h('button', { type: 'button', class: 'button button-secondary', onclick: () => location.reload() }, tr('checkAgain')),
    ]),
  );
}

function renderClosed() {
  setProgress(false);
  app.replaceChildren(
    stateCard('closed', 'lock', [
      h('h1', { class: 'state-title', tabindex: '-1' }, tr('closedTitle')),
      meetingLine(),
      h('p', { class: 'state-body' }, tr('closedBody')),
    ]),
  );
}

function renderThanks() {
  setProgress(false);
  const open = page.evaluation && evaluationPhase(page.evaluation) === 'open';
  const receipt = (page.draft?.submitted?.id ?? page.draft?.id ?? '').replace(/-/g, '').slice(0, 8).toUpperCase();
  app.replaceChildren(
    stateCard('thanks', 'check', [
      h('h1', { class: 'state-title', tabindex: '-1' }, tr('thanksTitle')),
      h('p', { class: 'state-body' }, tr('thanksBody')),
      meetingLine(),
      receipt ? h('p', { class: 'state-receipt' }, `${tr('receipt')} `, h('span', { class: 'receipt-code' }, receipt)) : null,
      open ? h('button', { type: 'button', class: 'link-button', id: 'another-response', onclick: startAnotherResponse }, tr('another')) : null,
    ]),
  );
}

function renderCode() {
  setProgress(false);
  const step = page.codeStep;
  const waiting = Math.ceil((step.waitUntil - Date.now()) / 1000);
  const input = h('input', {
    id: 'invitation-code',
    name: 'invitation-code',
    type: 'text',
    class: 'code-input',
    autocapitalize: 'characters',
    autocomplete: 'off',
    autocorrect: 'off',
    spellcheck: 'false',
    inputmode: 'text',
    enterkeyhint: 'go',
    maxlength: '24',
    'aria-describedby': 'invitation-code-hint invitation-code-error',
    'aria-invalid': step.message ? 'true' : null,
    placeholder: 'XXXXX-XXXXX',
  });
  input.value = step.text;
  input.addEventListener('input', () => {
    step.text = input.value;
  });
  const error = h(
    'p',
    { id: 'invitation-code-error', class: `code-error${step.message ? ' is-visible' : ''}`, role: 'alert', 'data-kind': step.kind || null },
    step.message ? [icon('error'), h('span', {}, step.message)] : null,
  );
  const button = h(
    'button',
    { type: 'submit', id: 'code-submit', class: 'button button-primary button-block', disabled: waiting > 0 },
    h('span', { class: 'spinner spinner-small', 'aria-hidden': 'true' }),
    h('span', { class: 'button-label' }, waiting > 0 ? tr('codeWait', { n: waiting }) : tr('codeContinue')),
  );
  const form = h(
    'form',
    { id: 'code-form', class: 'code-form', novalidate: true, onsubmit: onCodeSubmit },
    h('label', { for: 'invitation-code', class: 'field-label code-label' }, tr('codeLabel')),
    input,
    h('p', { class: 'field-hint', id: 'invitation-code-hint' }, tr('codeHint')),
    error,
    button,
  );
  app.replaceChildren(
    stateCard('code', 'lock', [
      h('h1', { class: 'state-title', tabindex: '-1' }, tr('codeTitle')),
      meetingLine(),
      h('p', { class: 'state-body' }, tr('codeBody')),
      form,
    ]),
  );
  if (waiting > 0) {
    clearTimeout(page.codeTimer);
    page.codeTimer = setTimeout(() => {
      if (page.view === 'code') {
        const focused = document.activeElement?.id;
        render();
        if (focused) document.getElementById(focused)?.focus();
      }
    }, 1000);
  }
}

async function onCodeSubmit(event) {
  event.preventDefault();
  const step = page.codeStep;
  const input = document.getElementById('invitation-code');
  const button = document.getElementById('code-submit');
  if (!input || !button || button.disabled) return;
  step.text = input.value;
  const code = normalizeCode(input.value);
  if (!code) {
    showCodeProblem(input.value.trim() ? tr('codeFormat') : tr('codeMissing'), 'format');
    return;
  }
  button.disabled = true;
  button.classList.add('is-busy');
  button.querySelector('.button-label').textContent = tr('codeChecking');
  app.setAttribute('aria-busy', 'true');
  const result = await checkInvitationCode(page.slug, code);
  app.setAttribute('aria-busy', 'false');
  switch (result.kind) {
    case 'valid':
      step.message = '';
      step.kind = '';
      step.text = '';
      storeInvitation({ code, venue: result.venue, raterGroup: result.raterGroup });
      showFormAfterCode();
      return;
    case 'invalid':
      showCodeProblem(result.message || tr('codeInvalid'), 'invalid');
      return;
    case 'used':
      showCodeProblem(result.message || tr('codeUsed'), 'used');
      return;
    case 'tooMany': {
      const wait = result.retryAfter > 0 ? tr('codeTooManyWait', { n: result.retryAfter }) : tr('codeTooMany');
      step.waitUntil = Date.now() + Math.max(0, result.retryAfter) * 1000;
      showCodeProblem(result.message ? `${wait} ${result.message}` : wait, 'tooMany');
      return;
    }
    case 'notFound':
      setView('unknown');
      render();
      focusStateTitle();
      return;
    case 'state':
      // The evaluation no longer takes codes (changed meanwhile): load it again.
      await showStateAfterRefusal(result.code);
      return;
    default:
      showCodeProblem(result.status === 0 ? tr('codeNetwork') : tr('err.server'), 'error');
  }
}

function showCodeProblem(message, kind) {
  page.codeStep.message = message;
  page.codeStep.kind = kind;
  setView('code');
  render();
  announce(message);
  const input = document.getElementById('invitation-code');
  if (input) {
    input.focus();
    input.select();
  }
}

/** Asks for a code (again): the answers in the draft stay. */
function askForCode(message = '', kind = '') {
  storeInvitation(null);
  page.codeStep = { message, kind, text: '', waitUntil: 0 };
  setView('code');
  render();
  if (message) announce(message);
  focusStateTitle();
  document.getElementById('invitation-code')?.focus({ preventScroll: true });
}

function showFormAfterCode() {
  applyInvitation();
  if (!page.draft.startedAt) page.draft.startedAt = new Date().toISOString();
  persist();
  setView('form');
  render();
  window.scrollTo(0, 0);
  document.getElementById('meeting-title')?.focus({ preventScroll: true });
  announce(tr('codeAccepted'));
  if (page.draft.pending) send('resuming');
}

function focusStateTitle() {
  const title = app.querySelector('.state-title');
  if (title) title.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

// ---------------------------------------------------------------- the form

function heroFacts() {
  const evaluation = page.evaluation;
  const facts = [];
  const count = flattenQuestions(questionnaire()).length;
  facts.push(h('li', {}, tr('questionCount', { n: count })));
  if (evaluation.anonymous) facts.push(h('li', {}, tr('anonymous')));
  if (evaluation.closesAt) facts.push(h('li', {}, tr('closesAt', { time: formatDateTime(evaluation.closesAt, page.locale) })));
  return h('ul', { class: 'hero-facts' }, facts);
}

function renderHero() {
  const evaluation = page.evaluation;
  const q = questionnaire();
  const type = evaluation.meetingType ?? q.meetingType;
  const description = q.description ? text(q.description) : '';
  return h(
    'section',
    { class: 'hero', 'aria-labelledby': 'meeting-title' },
    h(
      'p',
      { class: 'hero-kicker' },
      type ? h('span', { class: 'chip' }, tr(`type.${type}`)) : null,
      evaluation.meetingDate ? h('time', { datetime: evaluation.meetingDate }, formatDate(evaluation.meetingDate, page.locale)) : null,
    ),
    h('h1', { id: 'meeting-title', class: 'hero-title', tabindex: '-1' }, evaluation.title ?? ''),
    h('p', { class: 'hero-questionnaire' }, text(q.title)),
    description ? h('p', { class: 'hero-description' }, description) : null,
    heroFacts(),
  );
}

function pickerField(kind, items, selected) {
  const id = kind === 'venue' ? 'venue' : 'rater-group';
  const errorId = `${id}-err`;
  const fromLink = query.get(kind === 'venue' ? 'venue' : 'group') ?? (kind === 'venue' ? null : query.get('raterGroup'));
  const bound = page.invitation ? page.invitation[kind === 'venue' ? 'venue' : 'raterGroup'] : null;
  const locked = Boolean(bound) && items.some((item) => item.id === bound) && selected === bound;
  const preset = !locked && fromLink && items.some((item) => item.id === fromLink) && selected === fromLink;
  const select = h(
    'select',
    {
      id,
      name: kind,
      required: true,
      'aria-required': 'true',
      'aria-describedby': preset || locked ? `${id}-hint ${errorId}` : errorId,
      'data-path': kind === 'venue' ? 'venue' : 'raterGroup',
      disabled: locked,
      'data-locked': locked ? 'code' : null,
    },
    h('option', { value: '' }, tr('choose')),
    items.map((item) => h('option', { value: item.id, selected: item.id === selected }, text(item.name))),
  );
  return h(
    'div',
    { class: 'field', id: `${id}-field`, 'data-anchor': '' },
    h('label', { for: id, class: 'field-label' }, tr(kind === 'venue' ? 'venue' : 'raterGroup'), requiredMark(page.locale)),
    h('div', { class: 'select-wrap' }, select),
    preset ? h('p', { class: 'field-hint', id: `${id}-hint` }, tr('preset')) : null,
    locked ? h('p', { class: 'field-hint field-locked', id: `${id}-hint` }, icon('lock'), h('span', {}, tr(kind === 'venue' ? 'lockedVenue' : 'lockedGroup'))) : null,
    errorSlot(errorId),
  );
}

function renderAbout() {
  const evaluation = page.evaluation;
  const venues = evaluation.venues ?? [];
  const groups = evaluation.raterGroups ?? [];
  if (venues.length === 0 && groups.length === 0) return null;
  return h(
    'section',
    { class: 'dimension about', 'aria-labelledby': 'about-title' },
    h('div', { class: 'dimension-head' }, h('h2', { id: 'about-title', class: 'dimension-title' }, tr('about'))),
    h(
      'div',
      { class: 'card' },
      venues.length > 0 ? pickerField('venue', venues, page.draft.venue) : null,
      groups.length > 0 ? pickerField('raterGroup', groups, page.draft.raterGroup) : null,
    ),
  );
}

function renderSubmitArea() {
  return h(
    'div',
    { class: 'submit-area' },
    h('div', { id: 'summary', class: 'summary', tabindex: '-1' }),
    h('p', { id: 'answered-count', class: 'answered-count' }),
    h(
      'button',
      { type: 'submit', id: 'submit-button', class: 'button button-primary button-block' },
      h('span', { class: 'spinner spinner-small', 'aria-hidden': 'true' }),
      h('span', { class: 'button-label' }, tr('submit')),
    ),
    h('div', { id: 'send-status', class: 'send-status', role: 'status', 'aria-live': 'polite' }),
  );
}

function renderForm() {
  const q = questionnaire();
  page.questions = new Map(flattenQuestions(q).map((entry) => [entry.question.id, entry.question]));
  const positions = questionPositions(q);
  const form = h(
    'form',
    { id: 'evaluation-form', class: 'evaluation-form', novalidate: true, onsubmit: onSubmit, onchange: onChange, oninput: onInput },
    h('p', { class: 'required-note' }, h('span', { class: 'req', 'aria-hidden': 'true' }, '*'), ` ${tr('requiredNote')}`),
    renderAbout(),
    (q.dimensions ?? []).map((dimension, index) => renderDimension(dimension, index, positions, questionView())),
    renderSubmitArea(),
  );
  app.replaceChildren(renderHero(), form);
  refreshForm();
  refreshSendState();
}

// ---------------------------------------------------------------- live updates

function questionElement(questionId) {
  return document.getElementById(domId(questionId));
}

/** Shows and hides showIf questions, renumbers, updates limits, counters and progress. */
function refreshForm() {
  const q = questionnaire();
  if (!q || !document.getElementById('evaluation-form')) return;
  const { shown: number, answered } = refreshQuestions(q, page.draft.answers, questionElement, page.locale);
  setProgress(true, answered, number);
  const count = document.getElementById('answered-count');
  if (count) count.textContent = tr('progress', { a: answered, n: number });
  refreshErrors();
}

function clientIssues() {
  return page.showErrors ? validateDraft(page.evaluation, page.draft) : [];
}

function issueMessage(issue) {
  return tr(`err.${issue.code}`, issue.params ?? {});
}

/** The problems to show now, by path, in page order: the client's rules first, then the server's. */
function currentIssues() {
  const issues = new Map();
  for (const issue of clientIssues()) issues.set(issue.path, issueMessage(issue));
  const visible = visibleQuestionIds(questionnaire(), page.draft.answers);
  for (const [path, message] of page.serverIssues) {
    if (path.startsWith('answers.') && !visible.has(path.slice(8)) && page.questions.has(path.slice(8))) continue;
    if (!issues.has(path)) issues.set(path, message);
  }
  return issues;
}

function pathTarget(path) {
  if (path === 'venue') return { element: document.getElementById('venue-field'), errorId: 'venue-err', label: tr('venue') };
  if (path === 'raterGroup') {
    return { element: document.getElementById('rater-group-field'), errorId: 'rater-group-err', label: tr('raterGroup') };
  }
  if (path.startsWith('answers.')) {
    const id = path.slice(8);
    const element = questionElement(id);
    if (!element) return null;
    const number = element.querySelector('[data-number]')?.textContent ?? '';
    return { element, errorId: `${domId(id)}-err`, label: tr('questionLabel', { n: number }) };
  }
  return null;
}

function refreshErrors() {
  const issues = currentIssues();
  for (const element of app.querySelectorAll('.has-error')) {
    element.classList.remove('has-error');
    for (const control of element.querySelectorAll('input, select, textarea')) control.removeAttribute('aria-invalid');
    const slot = element.querySelector('.field-error');
    if (slot) slot.replaceChildren();
  }
  const items = [];
  const general = [];
  for (const [path, message] of issues) {
    const target = pathTarget(path);
    if (!target || !target.element) {
      general.push(message);
      continue;
    }
    target.element.classList.add('has-error');
    for (const control of target.element.querySelectorAll('input, select, textarea')) control.setAttribute('aria-invalid', 'true');
    const slot = document.getElementById(target.errorId);
    if (slot) slot.replaceChildren(icon('error'), h('span', {}, message));
    items.push({ path, target, message });
  }
  items.sort((a, b) =>
    a.target.element.compareDocumentPosition(b.target.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
  );
  renderSummary(items, general);
  return { items, general };
}

function renderSummary(items, general) {
  const summary = document.getElementById('summary');
  if (!summary) return;
  const count = items.length + general.length;
  if (count === 0 && !page.serverMessage) {
    summary.replaceChildren();
    summary.classList.remove('is-visible');
    return;
  }
  summary.classList.add('is-visible');
  const heading = items.length + general.length > 0 ? tr('summary', { n: count }) : tr('serverSummary');
  summary.replaceChildren();
  appendChildren(summary, [
    h('p', { class: 'summary-title' }, icon('alert'), h('span', {}, heading)),
    page.serverMessage && count === 0 ? h('p', { class: 'summary-message' }, page.serverMessage) : null,
    count > 0
      ? h(
          'ul',
          { class: 'summary-list' },
          items.map(({ path, target, message }) =>
            h(
              'li',
              {},
              h(
                'a',
                {
                  href: `#${target.element.id}`,
                  'data-path': path,
                  onclick: (event) => {
                    event.preventDefault();
                    focusPath(path);
                  },
                },
                `${target.label}：${message}`,
              ),
            ),
          ),
          general.map((message) => h('li', {}, message)),
        )
      : null,
  ]);
}

/** Moves focus to the control of a question (its chosen radio, or the first one). */
function focusPath(path) {
  const target = pathTarget(path);
  if (!target?.element) return;
  const element = target.element;
  const control =
    element.querySelector('input:checked:not([disabled])') ??
    element.querySelector('select, textarea, input:not([disabled])');
  element.scrollIntoView({ block: 'center', behavior: 'instant' });
  if (control) control.focus({ preventScroll: true });
}

function onChange(event) {
  const control = event.target;
  if (control.id === 'venue' || control.id === 'rater-group') {
    const key = control.id === 'venue' ? 'venue' : 'raterGroup';
    page.draft[key] = control.value || null;
    page.serverIssues.delete(key);
    persist();
    refreshErrors();
    return;
  }
  const question = page.questions.get(control.dataset.question);
  if (!question || question.type === 'text') return;
  const value = readAnswer(question, control, questionElement(question.id));
  if (question.type === 'multiple' && value.length === 0) delete page.draft.answers[question.id];
  else page.draft.answers[question.id] = value;
  page.serverIssues.delete(`answers.${question.id}`);
  persist();
  refreshForm();
}

function onInput(event) {
  const control = event.target;
  if (control.tagName !== 'TEXTAREA') return;
  const question = page.questions.get(control.dataset.question);
  if (!question) return;
  if (control.value === '') delete page.draft.answers[question.id];
  else page.draft.answers[question.id] = control.value;
  page.serverIssues.delete(`answers.${question.id}`);
  persist();
  const element = questionElement(question.id);
  refreshCounter(question, element);
  // Progress and errors follow; visibility never depends on text.
  refreshForm();
}

// ---------------------------------------------------------------- submitting

function refreshSendState() {
  const form = document.getElementById('evaluation-form');
  const button = document.getElementById('submit-button');
  const status = document.getElementById('send-status');
  if (!form || !button || !status) return;
  const send = page.send;
  const busy = send && (send.kind === 'sending' || send.kind === 'retrying' || send.kind === 'resuming');
  const locked = Boolean(send);
  form.classList.toggle('is-locked', locked);
  for (const section of form.querySelectorAll('.dimension, .required-note')) section.inert = locked;
  button.disabled = Boolean(busy);
  button.classList.toggle('is-busy', Boolean(busy));
  button.hidden = send?.kind === 'failed';
  button.querySelector('.button-label').textContent = busy ? tr('sending') : tr('submit');
  if (!send) {
    status.replaceChildren();
    status.className = 'send-status';
    return;
  }
  if (send.kind === 'failed') {
    status.className = 'send-status is-failed';
    status.replaceChildren(
      h('p', { class: 'send-message' }, icon('wifi'), h('span', {}, tr('retryFailed'))),
      h('button', { type: 'button', id: 'retry-button', class: 'button button-primary button-block', onclick: retrySubmit }, tr('retry')),
    );
    return;
  }
  status.className = 'send-status is-busy';
  const message =
    send.kind === 'retrying' ? tr('retrying', { n: send.attempt }) : send.kind === 'resuming' ? tr('resumePending') : tr('sending');
  status.replaceChildren(h('p', { class: 'send-message' }, message));
}

function onSubmit(event) {
  event.preventDefault();
  if (page.send) return;
  page.showErrors = true;
  page.serverMessage = '';
  const issues = validateDraft(page.evaluation, page.draft);
  refreshForm();
  if (issues.length > 0) {
    announce(`${tr('summary', { n: issues.length })} ${issueMessage(issues[0])}`);
    focusPath(issues[0].path);
    return;
  }
  page.showErrors = false;
  page.draft.locale = page.locale;
  page.draft.pending = buildSubmission(page.evaluation, page.draft);
  persist();
  send('sending');
}

function retrySubmit() {
  if (!page.draft?.pending) return;
  send('sending');
}

/** Sends the stored pending body (never rebuilt, so every attempt is identical). */
async function send(kind) {
  if (needsCode() && !page.invitation) {
    // A pending answer of an invitation evaluation, but the code is gone (a new tab): ask first.
    askForCode();
    return;
  }
  const body = needsCode() ? { ...page.draft.pending, token: page.invitation.code } : page.draft.pending;
  page.send = { kind, attempt: 1 };
  setView('sending');
  refreshSendState();
  announce(tr('sending'));
  const result = await submitResponse(page.slug, JSON.stringify(body), {
    onRetry: (attempt) => {
      page.send = { kind: 'retrying', attempt };
      refreshSendState();
    },
  });
  handleSendResult(result);
}

async function handleSendResult(result) {
  const unlock = () => {
    page.draft.pending = null;
    page.send = null;
    persist();
    setView('form');
    refreshSendState();
  };
  // The send is over: the server answered for good, so nothing is pending any more.
  const settle = () => {
    page.draft.pending = null;
    page.send = null;
    persist();
  };
  switch (result.kind) {
    case 'stored':
      page.draft.submitted = { id: page.draft.id, at: new Date().toISOString() };
      settle();
      if (needsCode()) storeInvitation(null);
      setView('thanks');
      render();
      focusStateTitle();
      return;
    case 'invalid': {
      unlock();
      if (needsCode() && result.issues.some((issue) => issue?.path === 'token')) {
        askForCode(result.message || tr('codeInvalid'), 'invalid');
        return;
      }
      page.serverIssues = new Map();
      for (const issue of result.issues) {
        if (issue && typeof issue.path === 'string' && typeof issue.message === 'string') {
          page.serverIssues.set(issue.path, issue.message);
        }
      }
      page.serverMessage = result.message || tr('err.invalid');
      page.showErrors = true;
      refreshForm();
      const { items, general } = refreshErrors();
      const first = items[0];
      announce(`${tr('summary', { n: items.length + general.length })} ${first ? first.message : general[0] ?? page.serverMessage}`);
      if (first) focusPath(first.path);
      else document.getElementById('summary')?.focus();
      return;
    }
    case 'state':
      if (result.code === 'code_used' || result.code === 'code_withdrawn') {
        unlock();
        askForCode(result.code === 'code_withdrawn' && result.message ? result.message : tr('codeUsedMeanwhile'), 'used');
        return;
      }
      if (result.code === 'conflict') {
        unlock();
        showSubmitMessage(result.message || tr('err.invalid'));
        return;
      }
      settle();
      await showStateAfterRefusal(result.code);
      return;
    case 'notFound':
      settle();
      setView('unknown');
      render();
      focusStateTitle();
      return;
    case 'rejected':
      unlock();
      showSubmitMessage(result.message || tr(result.status === 413 ? 'err.tooLarge' : 'err.badRequest'));
      return;
    default:
      page.send = { kind: 'failed' };
      setView('form');
      app.dataset.send = 'failed';
      refreshSendState();
      announce(tr('retryFailed'));
      document.getElementById('retry-button')?.focus();
  }
}

function showSubmitMessage(message) {
  page.serverMessage = message;
  page.serverIssues = new Map();
  refreshErrors();
  announce(message);
  document.getElementById('summary')?.focus();
}

/** After a 409 for the evaluation's state: reload its facts and show why it is closed. */
async function showStateAfterRefusal(code) {
  let view = code === 'closed' ? 'closed' : 'not-open';
  const fresh = await fetchEvaluation(page.slug);
  if (fresh.kind === 'ok') {
    page.evaluation = fresh.evaluation;
    const phase = evaluationPhase(fresh.evaluation);
    if (phase === 'closed') view = 'closed';
    else if (phase === 'notYetOpen') view = 'not-open';
  }
  setView(view);
  render();
  focusStateTitle();
}

function presetId(items, ...names) {
  for (const name of names) {
    const wanted = query.get(name);
    if (wanted && items.some((item) => item.id === wanted)) return wanted;
  }
  return null;
}

function freshDraft() {
  const evaluation = page.evaluation;
  return newDraft({
    venue: presetId(evaluation.venues ?? [], 'venue'),
    raterGroup: presetId(evaluation.raterGroups ?? [], 'group', 'raterGroup'),
    locale: page.locale,
  });
}

function startAnotherResponse() {
  page.draft = freshDraft();
  page.showErrors = false;
  page.serverIssues = new Map();
  page.serverMessage = '';
  page.send = null;
  if (needsCode()) {
    persist();
    askForCode();
    return;
  }
  page.draft.startedAt = new Date().toISOString();
  persist();
  setView('form');
  render();
  window.scrollTo(0, 0);
  document.getElementById('meeting-title')?.focus({ preventScroll: true });
}

function chooseLocale(evaluation, draft) {
  const locales = evaluation.questionnaire?.locales?.length ? evaluation.questionnaire.locales : ['zh'];
  if (draft?.locale && locales.includes(draft.locale)) return draft.locale;
  const wanted = query.get('lang');
  if (wanted && locales.includes(wanted)) return wanted;
  return locales[0];
}

// ---------------------------------------------------------------- start

async function start() {
  page.slug = slugFromPath(location.pathname);
  if (!page.slug) {
    setView('unknown');
    render();
    return;
  }
  setView('loading');
  render();
  const result = await fetchEvaluation(page.slug);
  if (result.kind === 'notFound') {
    setView('unknown');
    render();
    return;
  }
  if (result.kind !== 'ok') {
    setView('load-error');
    render();
    return;
  }
  page.evaluation = result.evaluation;
  const stored = loadDraft(page.slug);
  page.locale = chooseLocale(page.evaluation, stored);

  if (stored?.submitted) {
    page.draft = stored;
    setView('thanks');
    render();
    return;
  }
  const phase = evaluationPhase(page.evaluation);
  if (phase !== 'open') {
    page.draft = stored;
    setView(phase === 'closed' ? 'closed' : 'not-open');
    render();
    return;
  }
  page.draft = stored ?? freshDraft();
  const venues = page.evaluation.venues ?? [];
  const groups = page.evaluation.raterGroups ?? [];
  if (!venues.some((venue) => venue.id === page.draft.venue)) page.draft.venue = presetId(venues, 'venue');
  if (!groups.some((group) => group.id === page.draft.raterGroup)) {
    page.draft.raterGroup = presetId(groups, 'group', 'raterGroup');
  }
  page.draft.locale = page.locale;
  if (needsCode()) {
    page.invitation = loadInvitation();
    if (!page.invitation) {
      persist();
      page.codeStep.text = codeFromLink;
      setView('code');
      render();
      return;
    }
    applyInvitation();
  }
  if (!page.draft.startedAt) page.draft.startedAt = new Date().toISOString();
  persist();
  setView('form');
  render();
  if (page.draft.pending) send('resuming');
}

start();
