// Evaluations that take invitation codes: the code from the link, the code step before the
// form, checking a code with the server, and asking again when a code is refused.

import { announce, h, icon } from '../shared/dom.js';
import { checkInvitationCode } from './api.js';
import { meetingLine, stateCard } from './cards.js';
import { setProgress } from './chrome.js';
import { send } from './submit.js';
import { app, focusStateTitle, page, persist, query, render, setView, showStateAfterRefusal, tr } from './state.js';

const CODE_ALPHABET = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$/;

/** A typed code the way the server compares it: capitals, without spaces and dashes; null when it cannot be one. */
export function normalizeCode(text) {
  const plain = String(text ?? '').toUpperCase().replace(/[\s\-‐‑–—_]/g, '');
  return CODE_ALPHABET.test(plain) ? `${plain.slice(0, 5)}-${plain.slice(5)}` : null;
}

export function takeCodeFromLink() {
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

export function loadInvitation() {
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

export function storeInvitation(invitation) {
  page.invitation = invitation;
  try {
    if (invitation) sessionStorage.setItem(invitationKey(), JSON.stringify(invitation));
    else sessionStorage.removeItem(invitationKey());
  } catch {
    // memory only
  }
}

/** Presets (and so locks) the venue and rater group the accepted code is bound to. */
export function applyInvitation() {
  const invitation = page.invitation;
  if (!invitation || !page.draft) return;
  if (invitation.venue) page.draft.venue = invitation.venue;
  if (invitation.raterGroup) page.draft.raterGroup = invitation.raterGroup;
}

export function renderCode() {
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
export function askForCode(message = '', kind = '') {
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
