// The attendee page's state: the evaluation, the draft, the screen on show, and the small
// helpers every part of the page uses (texts in the reader's language, saving the draft).

import { evaluationPhase, formQuestionnaire, localize } from './form-logic.js';
import { newDraft, saveDraft } from './draft-store.js';
import { fetchEvaluation } from './api.js';
import { text } from './messages.js';
import { uiLanguage } from '../shared/i18n.js';

export const app = document.getElementById('app');
export const query = new URLSearchParams(location.search);

export const page = {
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

/** The page's own words in the reader's language. */
export const tr = (key, params) => text(key, params, page.locale);

let draw = () => {};

/** Sets how the page draws its current screen (main.js: the chrome, then the screen's view). */
export function onRender(fn) {
  draw = fn;
}

/** Draws the current screen again (after a change of screen or of language). */
export function render() {
  draw();
}

/** What the shared question renderer needs: the language and the answers to show. */
export function questionView() {
  return { locale: page.locale, defaultLocale: defaultLocale(), answers: page.draft?.answers ?? {} };
}

/** The questionnaire on show: an observer's checklist, or the attendee questionnaire. */
export function questionnaire() {
  return formQuestionnaire(page.evaluation, page.draft);
}

export function defaultLocale() {
  return questionnaire()?.locales?.[0] ?? 'zh';
}

/** Text from the questionnaire or the evaluation in the current locale. */
export function localText(value) {
  return localize(value, page.locale, defaultLocale());
}

function initialLocale() {
  const wanted = query.get('lang');
  if (wanted) return uiLanguage(wanted);
  const preferred = (navigator.languages && navigator.languages[0]) || navigator.language || 'zh';
  return uiLanguage(preferred);
}

export function slugFromPath(pathname) {
  const match = /^\/e\/([^/]+)\/?$/.exec(pathname);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

export function persist() {
  if (page.slug && page.draft) saveDraft(page.slug, page.draft);
}

export function needsCode() {
  return page.evaluation?.access === 'invitation';
}

export function setView(view) {
  page.view = view;
  app.dataset.state = view;
  delete app.dataset.send;
  app.setAttribute('aria-busy', view === 'loading' || view === 'sending' ? 'true' : 'false');
}

export function focusStateTitle() {
  const title = app.querySelector('.state-title');
  if (title) title.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

export function presetId(items, ...names) {
  for (const name of names) {
    const wanted = query.get(name);
    if (wanted && items.some((item) => item.id === wanted)) return wanted;
  }
  return null;
}

export function freshDraft() {
  const evaluation = page.evaluation;
  return newDraft({
    venue: presetId(evaluation.venues ?? [], 'venue'),
    raterGroup: presetId(evaluation.raterGroups ?? [], 'group', 'raterGroup'),
    locale: page.locale,
  });
}

/** After a 409 for the evaluation's state: reload its facts and show why it is closed. */
export async function showStateAfterRefusal(code) {
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
