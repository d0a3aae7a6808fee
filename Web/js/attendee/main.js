// The attendee page: loads one evaluation by the slug in the address, shows its
// questionnaire, keeps a draft on the device and submits it exactly once.
// The screens are views of one registry (shared/views.js), drawn by page.view.

import { createViews } from '../shared/views.js';
import { evaluationPhase } from './form-logic.js';
import { loadDraft } from './draft-store.js';
import { fetchEvaluation } from './api.js';
import { deliveredEvaluation } from './delivered.js';
import { isOffline, keepForOffline, onBackOnline, servedByWorker } from './offline.js';
import { updateChrome } from './chrome.js';
import { applyInvitation, loadInvitation, renderCode, takeCodeFromLink } from './code-step.js';
import { renderForm } from './form-view.js';
import { renderClosed, renderLoadError, renderLoading, renderNotOpen, renderThanks, renderUnknown } from './screens.js';
import { resendQueued, send } from './submit.js';
import { freshDraft, needsCode, onRender, page, persist, presetId, query, render, setView, slugFromPath } from './state.js';

/** An invitation code from the link (`?code=`), taken out of the address bar at once. */
const codeFromLink = takeCodeFromLink();

const screens = {
  loading: { render: renderLoading },
  unknown: { render: renderUnknown },
  'load-error': { render: renderLoadError },
  'not-open': { render: renderNotOpen },
  closed: { render: renderClosed },
  thanks: { render: renderThanks },
  code: { render: renderCode },
  form: { render: renderForm },
  // While an answer is on its way the form stays (locked); a language switch draws it again.
  sending: { render: renderForm },
};
const views = createViews(screens);

onRender(() => {
  updateChrome();
  views.show(Object.hasOwn(screens, page.view) ? page.view : 'form');
});

function chooseLocale(evaluation, draft) {
  const locales = evaluation.questionnaire?.locales?.length ? evaluation.questionnaire.locales : ['zh'];
  if (draft?.locale && locales.includes(draft.locale)) return draft.locale;
  const wanted = query.get('lang');
  if (wanted && locales.includes(wanted)) return wanted;
  return locales[0];
}

async function start() {
  page.slug = slugFromPath(location.pathname);
  if (!page.slug) {
    setView('unknown');
    render();
    return;
  }
  // The evaluation normally comes with the page; without it the page asks the API.
  const delivered = deliveredEvaluation(page.slug);
  if (!delivered) {
    setView('loading');
    render();
  }
  const result = delivered ?? (await fetchEvaluation(page.slug));
  show(result);
  keepForOffline();
  if (delivered && servedByWorker() && !isOffline()) recheck(result.evaluation);
}

/**
 * The page may be the device's copy: ask the server for the evaluation's state and, when it
 * opened or closed meanwhile, show the screen for the new state.
 */
async function recheck(shown) {
  const fresh = await fetchEvaluation(page.slug);
  if (fresh.kind !== 'ok' || page.send) return;
  if (evaluationPhase(fresh.evaluation) === evaluationPhase(shown)) {
    page.evaluation = fresh.evaluation;
    return;
  }
  show(fresh);
}

/** Shows the screen for an evaluation (or for why there is none). */
function show(result) {
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

onBackOnline(resendQueued);
start();
