// The sign-in page of the console and the evaluator pages: name and password, POST
// /api/session (which sets the session cookie), then on to `?next=` — only a path of this
// site, else the console. Bilingual; the language is remembered (shared/i18n.js) for the page
// that follows. One screen, drawn as the one view of its registry (shared/views.js).

import { h, icon, languageButtons } from '../shared/dom.js';
import { request } from '../shared/http.js';
import { LANGUAGES, language, setLanguage, t } from '../shared/i18n.js';
import { createViews } from '../shared/views.js';
import './messages.js';

const query = new URLSearchParams(location.search);
const next = safeNext(query.get('next'));
const reason = query.get('reason');

/** The page to go to afterwards: a path of this site (one leading `/`), never /login itself. */
export function safeNext(value, origin = location.origin) {
  const fallback = '/console';
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  if (url.pathname === '/login' || url.pathname.startsWith('/login/') || url.pathname.startsWith('/api/')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

const els = {
  form: document.getElementById('login-form'),
  name: document.getElementById('login-name'),
  password: document.getElementById('login-password'),
  show: document.getElementById('show-password'),
  submit: document.getElementById('login-submit'),
  submitLabel: document.getElementById('login-submit-label'),
  error: document.getElementById('login-error'),
  notice: document.getElementById('login-notice'),
  switcher: document.getElementById('lang-switch'),
};

/** What is on screen, kept so that a language switch can say it again in the other language. */
const state = {
  error: null, // {key, params} | {text}
  invalid: [], // the fields the error is about
  busy: false,
  waitUntil: 0,
  signedIn: null,
};
let waitTimer = 0;

// ---------------------------------------------------------------- drawing

function drawTexts() {
  document.documentElement.lang = LANGUAGES.find((l) => l.code === language()).tag;
  document.title = `${t('pageTitle')} · MeetingEval`;
  const set = (id, text) => {
    const element = document.getElementById(id);
    if (element) element.textContent = text;
  };
  set('brand-text', t('brand'));
  set('login-title', t('title'));
  const target = next.startsWith('/evaluate') ? 'evaluate' : next.startsWith('/console') ? 'console' : 'other';
  set('login-lead', t(`lead.${target}`));
  set('login-name-label', t('name'));
  set('login-password-label', t('password'));
  set('show-password-label', t('showPassword'));
  set('login-help', t('help'));
  set('footer-text', t('footer'));
  els.switcher.setAttribute('aria-label', `${t('language')} / Language`);
  els.switcher.replaceChildren(
    ...languageButtons(LANGUAGES.map((choice) => choice.code), language(), switchLanguage),
  );
  drawButton();
  drawNotice();
  drawError({ announce: false });
}

function drawButton() {
  const waiting = Math.ceil((state.waitUntil - Date.now()) / 1000);
  els.submit.disabled = state.busy || waiting > 0;
  els.submit.classList.toggle('is-busy', state.busy);
  els.submitLabel.textContent = state.busy ? t('submitting') : waiting > 0 ? t('waiting', { n: waiting }) : t('submit');
}

function drawNotice() {
  const parts = [];
  if (reason === 'expired' || reason === 'signed-out') parts.push(h('p', {}, t(`reason.${reason}`)));
  if (state.signedIn) {
    parts.push(h(
      'p',
      {},
      `${t('alreadySignedIn', { name: state.signedIn.name, role: t(`role.${state.signedIn.role}`) })} `,
      h('a', { href: next, id: 'continue-link' }, t('continue')),
    ));
  }
  els.notice.replaceChildren(...parts);
  els.notice.hidden = parts.length === 0;
  els.notice.classList.toggle('is-ok', reason === 'signed-out' || Boolean(state.signedIn));
}

function drawError({ announce = true } = {}) {
  for (const input of [els.name, els.password]) {
    if (state.invalid.includes(input.id)) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
  if (!state.error) {
    els.error.replaceChildren();
    els.error.classList.remove('is-visible');
    return;
  }
  const text = state.error.text ?? t(state.error.key, state.error.params);
  // A fresh text node is announced even when the same message comes twice.
  els.error.replaceChildren();
  els.error.classList.add('is-visible');
  const write = () => els.error.replaceChildren(icon('error'), h('span', {}, text));
  if (announce) setTimeout(write, 40);
  else write();
}

function showError(error, invalid = []) {
  state.error = error;
  state.invalid = invalid;
  drawError();
}

function switchLanguage(code) {
  if (code === language()) return;
  setLanguage(code);
  drawTexts();
  els.switcher.querySelector(`[data-lang="${code}"]`)?.focus();
}

// ---------------------------------------------------------------- signing in

function startWaiting(seconds) {
  state.waitUntil = Date.now() + seconds * 1000;
  clearInterval(waitTimer);
  waitTimer = setInterval(() => {
    drawButton();
    if (Date.now() >= state.waitUntil) {
      clearInterval(waitTimer);
      drawButton();
    }
  }, 1000);
  drawButton();
}

async function signIn(event) {
  event.preventDefault();
  if (state.busy || Date.now() < state.waitUntil) return;
  const name = els.name.value.trim();
  const password = els.password.value;
  if (!name || !password) {
    const missing = [!name ? els.name.id : null, !password ? els.password.id : null].filter(Boolean);
    showError({ key: !name && !password ? 'missingBoth' : !name ? 'missingName' : 'missingPassword' }, missing);
    (!name ? els.name : els.password).focus();
    return;
  }
  state.busy = true;
  drawButton();
  const result = await request('POST', '/api/session', { json: { name, password }, auth: false });
  const data = result.data;
  state.busy = false;
  if (result.ok && data && typeof data.role === 'string') {
    els.submitLabel.textContent = t('submitting');
    els.submit.disabled = true;
    location.replace(next);
    return;
  }
  drawButton();
  if (result.status === 0) {
    showError({ key: 'network' });
  } else if (result.status === 401) {
    showError({ key: 'wrong' }, [els.name.id, els.password.id]);
    els.password.value = '';
    els.password.focus();
  } else if (result.status === 429) {
    const seconds = Number(result.headers?.get('Retry-After'));
    if (Number.isFinite(seconds) && seconds > 0) {
      showError({ key: 'tooMany', params: { n: Math.ceil(seconds) } });
      startWaiting(Math.ceil(seconds));
    } else {
      showError({ key: 'tooManyNoTime' });
    }
  } else if (result.status >= 500) {
    showError({ key: 'server', params: { status: result.status } });
  } else {
    const message = result.error?.message || String(result.status);
    showError({ key: 'refused', params: { message } });
  }
}

async function checkExistingSession() {
  // Not signed in, or unreachable: the form says so when it is used.
  const result = await request('GET', '/api/session', { auth: false });
  const data = result.data;
  if (result.ok && data && data.credential === 'session' && typeof data.name === 'string') {
    state.signedIn = data;
    drawNotice();
  }
}

els.form.addEventListener('submit', signIn);
els.show.addEventListener('change', () => {
  els.password.type = els.show.checked ? 'text' : 'password';
});
for (const input of [els.name, els.password]) {
  input.addEventListener('input', () => {
    if (state.invalid.includes(input.id)) {
      state.invalid = state.invalid.filter((id) => id !== input.id);
      input.removeAttribute('aria-invalid');
    }
  });
}

const views = createViews({
  'sign-in': {
    render: () => {
      drawTexts();
      if (reason !== 'signed-out') checkExistingSession();
      els.name.focus();
    },
  },
});
views.show('sign-in');
