// Submitting: the body is built once and kept in the draft as pending, then sent (with the
// invitation code, if any) through the retry policy of api.js; the server's answer decides
// what comes next (thanks, problems to fix, a used code, a closed evaluation, try again).

import { announce, h, icon } from '../shared/dom.js';
import { buildSubmission, validateDraft } from './form-logic.js';
import { submitResponse } from './api.js';
import { askForCode, storeInvitation } from './code-step.js';
import { focusPath, issueMessage, refreshErrors, refreshForm } from './form-checks.js';
import { isOffline } from './offline.js';
import { app, focusStateTitle, needsCode, page, persist, render, setView, showStateAfterRefusal, tr } from './state.js';

export function refreshSendState() {
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
  button.hidden = send?.kind === 'failed' || send?.kind === 'queued';
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
  if (send.kind === 'queued') {
    // Kept on the device, not received: said plainly, and sent by itself once online.
    status.className = 'send-status is-queued';
    status.replaceChildren(
      h('p', { class: 'send-message', role: 'status' }, icon('wifi'), h('span', {}, tr('queued'))),
      h('button', { type: 'button', id: 'retry-button', class: 'button button-secondary button-block', onclick: retrySubmit }, tr('retry')),
    );
    return;
  }
  status.className = 'send-status is-busy';
  const message =
    send.kind === 'retrying' ? tr('retrying', { n: send.attempt }) : send.kind === 'resuming' ? tr('resumePending') : tr('sending');
  status.replaceChildren(h('p', { class: 'send-message' }, message));
}

export function onSubmit(event) {
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
export async function send(kind) {
  if (needsCode() && !page.invitation) {
    // A pending answer of an invitation evaluation, but the code is gone (a new tab): ask first.
    askForCode();
    return;
  }
  if (isOffline()) {
    showQueued();
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
    // With no network at all, waiting and retrying cannot help: the answer is queued instead.
    stopRetrying: isOffline,
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
      // A different response under this id, or a venue already observed: the server says which.
      if (result.code === 'conflict' || result.code === 'observation_exists') {
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
      if (isOffline()) {
        showQueued();
        return;
      }
      page.send = { kind: 'failed' };
      setView('form');
      app.dataset.send = 'failed';
      refreshSendState();
      announce(tr('retryFailed'));
      document.getElementById('retry-button')?.focus();
  }
}

/** The answer waits on the device (its pending body, with its id) until the browser is online. */
function showQueued() {
  page.send = { kind: 'queued' };
  setView('form');
  app.dataset.send = 'queued';
  refreshSendState();
  announce(tr('queued'));
}

/** Back online: a queued answer is sent at once, with the same id and the same bytes. */
export function resendQueued() {
  if (page.send?.kind === 'queued' && page.draft?.pending) send('resuming');
}

function showSubmitMessage(message) {
  page.serverMessage = message;
  page.serverIssues = new Map();
  refreshErrors();
  announce(message);
  document.getElementById('summary')?.focus();
}
