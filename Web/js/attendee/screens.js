// The screens around the form: loading, an unknown link, a load error, not open yet, closed,
// and thanks (with "fill in another response").

import { h } from '../shared/dom.js';
import { formatDateTime } from '../shared/format.js';
import { closingTime } from '../shared/phase.js';
import { evaluationPhase } from './form-logic.js';
import { bilingualBody, bilingualHeading, meetingLine, stateCard } from './cards.js';
import { setProgress } from './chrome.js';
import { askForCode } from './code-step.js';
import { app, freshDraft, needsCode, page, persist, render, setView, tr } from './state.js';

export function renderLoading() {
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

export function renderUnknown() {
  setProgress(false);
  app.replaceChildren(
    stateCard('unknown', 'link', [
      bilingualHeading('unknownTitle'),
      ...bilingualBody('unknownBody'),
    ]),
  );
}

export function renderLoadError() {
  setProgress(false);
  app.replaceChildren(
    stateCard('error', 'wifi', [
      bilingualHeading('loadErrorTitle'),
      ...bilingualBody('loadErrorBody'),
      h('button', { type: 'button', class: 'button button-primary', onclick: () => location.reload() }, tr('reload')),
    ]),
  );
}

export function renderNotOpen() {
  setProgress(false);
  const evaluation = page.evaluation;
  const opensAt = evaluation?.opensAt && Date.parse(evaluation.opensAt) > Date.now() ? evaluation.opensAt : null;
  app.replaceChildren(
    stateCard('not-open', 'clock', [
      h('h1', { class: 'state-title', tabindex: '-1' }, tr('notOpenTitle')),
      meetingLine(),
      opensAt ? h('p', { class: 'state-when' }, tr('opensAt', { time: formatDateTime(opensAt, { dateStyle: 'long', timeStyle: 'short', lang: page.locale }) })) : null,
      h('p', { class: 'state-body' }, tr('notOpenBody')),
      h('button', { type: 'button', class: 'button button-secondary', onclick: () => location.reload() }, tr('checkAgain')),
    ]),
  );
}

export function renderClosed() {
  setProgress(false);
  const closedAt = closingTime(page.evaluation);
  const time = closedAt ? formatDateTime(closedAt, { dateStyle: 'long', timeStyle: 'short', lang: page.locale }) : null;
  // Answers filled in here that never reached the server: say so plainly, and keep them.
  const lost = Boolean(page.draft && !page.draft.submitted && Object.keys(page.draft.answers ?? {}).length > 0);
  const body = (key) => (time ? tr(key, { time }) : tr(`${key}NoTime`));
  app.replaceChildren(
    stateCard('closed', 'lock', [
      h('h1', { class: 'state-title', tabindex: '-1' }, tr(lost ? 'lostTitle' : 'closedTitle')),
      meetingLine(),
      h('p', { class: 'state-body', id: 'closed-body' }, body(lost ? 'lostBody' : 'closedBody')),
      lost ? h('p', { class: 'state-body', id: 'draft-kept' }, tr('lostKept')) : null,
    ]),
  );
}

export function renderThanks() {
  setProgress(false);
  // A fresh form only where several people share one device (the evaluation says so): on a
  // personal phone it would only invite a second response from the same person.
  const open = page.evaluation && evaluationPhase(page.evaluation) === 'open' && page.evaluation.sharedDevices === true;
  const receipt = (page.draft?.submitted?.id ?? page.draft?.id ?? '').replace(/-/g, '').slice(0, 8).toUpperCase();
  app.replaceChildren(
    stateCard('thanks', 'check', [
      h('h1', { class: 'state-title', tabindex: '-1' }, tr('thanksTitle')),
      h('p', { class: 'state-body' }, tr('thanksBody')),
      meetingLine(),
      receipt ? h('p', { class: 'state-receipt' }, `${tr('receipt')} `, h('span', { class: 'receipt-code' }, receipt)) : null,
      open ? h('p', { class: 'state-body', id: 'another-hint' }, tr('anotherHint')) : null,
      open ? h('button', { type: 'button', class: 'button button-secondary', id: 'another-response', onclick: startAnotherResponse }, tr('another')) : null,
    ]),
  );
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
