// The sign-in page of the console and the evaluator pages: name and password, POST
// /api/session (which sets the session cookie), then on to `?next=` — only a path of this
// site, else the console. Bilingual; the language is remembered for the page that follows.

const WORDS = {
  zh: {
    pageTitle: '登录',
    brand: '会议质量在线评估',
    language: '语言',
    title: '登录',
    'lead.console': '登录后进入会议评价管理台。',
    'lead.evaluate': '登录后进入评估方工作台。',
    'lead.other': '请使用管理员为您开设的账号登录。',
    name: '用户名',
    password: '密码',
    showPassword: '显示密码',
    submit: '登录',
    submitting: '正在登录…',
    waiting: '请稍候（{n} 秒）',
    help: '账号由管理员开设；忘记密码请联系管理员重置。',
    footer: 'MeetingEval · 会议质量在线评估',
    'reason.expired': '登录已过期，请重新登录。',
    'reason.signed-out': '您已退出登录。',
    alreadySignedIn: '您已登录为 {name}（{role}）。',
    continue: '继续',
    missingBoth: '请填写用户名和密码。',
    missingName: '请填写用户名。',
    missingPassword: '请填写密码。',
    wrong: '用户名或密码错误，请重新输入。',
    tooMany: '登录尝试次数过多，请在 {n} 秒后再试。',
    tooManyNoTime: '登录尝试次数过多，请稍后再试。',
    network: '无法连接服务器，请检查网络后重试。',
    refused: '登录未成功：{message}',
    server: '服务器暂时无法处理（{status}），请稍后再试。',
    'role.admin': '管理员',
    'role.organizer': '组织方',
    'role.evaluator': '评估方',
  },
  en: {
    pageTitle: 'Sign in',
    brand: 'Meeting evaluation',
    language: 'Language',
    title: 'Sign in',
    'lead.console': 'Sign in to the meeting evaluation console.',
    'lead.evaluate': 'Sign in to the evaluator pages.',
    'lead.other': 'Sign in with the account an administrator made for you.',
    name: 'User name',
    password: 'Password',
    showPassword: 'Show password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    waiting: 'Please wait ({n} s)',
    help: 'Accounts are made by an administrator; ask one to reset a forgotten password.',
    footer: 'MeetingEval · online meeting evaluation',
    'reason.expired': 'Your session has ended. Please sign in again.',
    'reason.signed-out': 'You have signed out.',
    alreadySignedIn: 'You are signed in as {name} ({role}).',
    continue: 'Continue',
    missingBoth: 'Please enter your user name and password.',
    missingName: 'Please enter your user name.',
    missingPassword: 'Please enter your password.',
    wrong: 'Wrong user name or password. Please try again.',
    tooMany: 'Too many sign-in attempts. Please try again in {n} seconds.',
    tooManyNoTime: 'Too many sign-in attempts. Please try again later.',
    network: 'The server could not be reached. Check your connection and try again.',
    refused: 'Not signed in: {message}',
    server: 'The server could not handle this right now ({status}). Please try again later.',
    'role.admin': 'administrator',
    'role.organizer': 'organizer',
    'role.evaluator': 'evaluator',
  },
};

const LANGUAGES = [
  { code: 'zh', name: '中文', tag: 'zh-CN' },
  { code: 'en', name: 'English', tag: 'en' },
];

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

/** Where the language is remembered: the key of the page that follows, so it opens in the same language. */
function storageKey() {
  if (next.startsWith('/evaluate')) return 'meeting-eval.evaluate.lang';
  return 'meeting-eval.console.lang';
}

function storedLanguage() {
  try {
    const stored = localStorage.getItem(storageKey());
    if (stored === 'zh' || stored === 'en') return stored;
  } catch {
    // storage can be off
  }
  return 'zh';
}

let lang = storedLanguage();

function t(key, params = {}) {
  const template = WORDS[lang][key] ?? WORDS.zh[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
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
  document.documentElement.lang = LANGUAGES.find((l) => l.code === lang).tag;
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
    ...LANGUAGES.map((language) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'lang-button';
      button.lang = language.tag;
      button.dataset.lang = language.code;
      button.setAttribute('aria-pressed', String(language.code === lang));
      button.textContent = language.name;
      button.addEventListener('click', () => switchLanguage(language.code));
      return button;
    }),
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
  if (reason === 'expired' || reason === 'signed-out') parts.push(textNode('p', t(`reason.${reason}`)));
  if (state.signedIn) {
    const line = document.createElement('p');
    line.append(`${t('alreadySignedIn', { name: state.signedIn.name, role: t(`role.${state.signedIn.role}`) })} `);
    const link = document.createElement('a');
    link.href = next;
    link.id = 'continue-link';
    link.textContent = t('continue');
    line.append(link);
    parts.push(line);
  }
  els.notice.replaceChildren(...parts);
  els.notice.hidden = parts.length === 0;
  els.notice.classList.toggle('is-ok', reason === 'signed-out' || Boolean(state.signedIn));
}

function textNode(tag, text) {
  const element = document.createElement(tag);
  element.textContent = text;
  return element;
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
  const write = () => els.error.replaceChildren(errorIcon(), textNode('span', text));
  if (announce) setTimeout(write, 40);
  else write();
}

function errorIcon() {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'icon');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm1 15h-2v-2h2zm0-4h-2V7h2z');
  svg.append(path);
  return svg;
}

function showError(error, invalid = []) {
  state.error = error;
  state.invalid = invalid;
  drawError();
}

function switchLanguage(code) {
  if (code === lang) return;
  lang = code;
  try {
    localStorage.setItem(storageKey(), code);
  } catch {
    // not remembered, still switched
  }
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
  let response = null;
  let data = null;
  try {
    response = await fetch('/api/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ name, password }),
      cache: 'no-store',
    });
    data = await response.json().catch(() => null);
  } catch {
    response = null;
  }
  state.busy = false;
  if (response && response.ok && data && typeof data.role === 'string') {
    els.submitLabel.textContent = t('submitting');
    els.submit.disabled = true;
    location.replace(next);
    return;
  }
  drawButton();
  if (!response) {
    showError({ key: 'network' });
  } else if (response.status === 401) {
    showError({ key: 'wrong' }, [els.name.id, els.password.id]);
    els.password.value = '';
    els.password.focus();
  } else if (response.status === 429) {
    const seconds = Number(response.headers.get('Retry-After'));
    if (Number.isFinite(seconds) && seconds > 0) {
      showError({ key: 'tooMany', params: { n: Math.ceil(seconds) } });
      startWaiting(Math.ceil(seconds));
    } else {
      showError({ key: 'tooManyNoTime' });
    }
  } else if (response.status >= 500) {
    showError({ key: 'server', params: { status: response.status } });
  } else {
    const message = typeof data?.error?.message === 'string' && data.error.message ? data.error.message : String(response.status);
    showError({ key: 'refused', params: { message } });
  }
}

async function checkExistingSession() {
  try {
    const response = await fetch('/api/session', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) return;
    const data = await response.json();
    if (data && data.credential === 'session' && typeof data.name === 'string') {
      state.signedIn = data;
      drawNotice();
    }
  } catch {
    // not signed in, or unreachable: the form says so when it is used
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

drawTexts();
if (reason !== 'signed-out') checkExistingSession();
els.name.focus();
