// The evaluator pages at /evaluate: one page, views addressed by the hash.
//   #/evaluations                      every evaluation
//   #/evaluations/ID                   its scorecard
//   #/evaluations/ID/screening         flagged and excluded responses; exclude / include
//   #/compare/QUESTIONNAIRE_ID         every evaluation of one questionnaire over time

import { h, replace } from './dom.js';
import { LANGS, storedLanguage, storeLanguage, translator, htmlLang } from './i18n.js';
import { errorCard, loadingCard } from './common.js';
import { ApiError } from './api.js';
import { renderList } from './list-view.js';
import { renderScorecard } from './scorecard-view.js';
import { renderScreening } from './screening-view.js';
import { renderCompare } from './compare-view.js';
import { may, session, startSession } from '../session.js';
import { renderAccountMenu, roleName } from '../account-menu.js';

const ROUTES = [
  { pattern: /^#\/evaluations\/?$/, nav: 'evaluations', render: (ctx) => renderList(ctx) },
  { pattern: /^#\/evaluations\/([^/?#]+)\/?$/, nav: 'evaluations', render: (ctx, id) => renderScorecard(ctx, id) },
  {
    pattern: /^#\/evaluations\/([^/?#]+)\/screening\/?$/,
    nav: 'evaluations',
    render: (ctx, id) => (may('readRawData') ? renderScreening(ctx, id) : renderNoRawData(ctx, id)),
  },
  { pattern: /^#\/compare\/([^/?#]+)\/?$/, nav: 'compare', render: (ctx, id) => renderCompare(ctx, id) },
];
const DEFAULT_ROUTE = '#/evaluations';

const state = {
  lang: storedLanguage(),
  token: 0,
  cleanups: [],
  firstRender: true,
  lastHash: '',
};

const view = document.getElementById('view');
const status = document.getElementById('status');

function t(key, params) {
  return translator(state.lang)(key, params);
}

/** Says something to screen-reader users through the polite live region. */
function announce(message) {
  status.textContent = '';
  // A fresh text node after a tick, so the same message twice is read twice.
  setTimeout(() => { status.textContent = message; }, 30);
}

function applyShellLanguage() {
  document.documentElement.lang = htmlLang(state.lang);
  for (const element of document.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of document.querySelectorAll('[data-i18n-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nLabel));
  }
  for (const button of document.querySelectorAll('.lang-button')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === state.lang));
  }
}

function buildLanguageSwitch() {
  const group = document.getElementById('lang-switch');
  replace(group, LANGS.map((lang) => h('button', {
    type: 'button',
    class: 'lang-button',
    lang: htmlLang(lang),
    dataset: { lang },
    'aria-pressed': String(lang === state.lang),
    on: { click: () => setLanguage(lang) },
  }, lang === 'zh' ? '中文' : 'English')));
}

function setLanguage(lang) {
  if (lang === state.lang) return;
  state.lang = lang;
  storeLanguage(lang);
  applyShellLanguage();
  drawAccountMenu();
  render({ moveFocus: false });
  announce(t('languageChanged'));
}

/** Screening shows raw answers: a role without that right gets a plain explanation instead. */
function renderNoRawData(ctx, id) {
  ctx.setTitle(t('noRawData.title'));
  replace(ctx.root, h('section', { class: 'state-card', id: 'no-raw-data', 'aria-labelledby': 'no-raw-data-title' },
    h('h1', { id: 'no-raw-data-title' }, t('noRawData.title')),
    h('p', {}, t('noRawData.body', { role: roleName(session()?.role, state.lang) })),
    h('div', { class: 'state-actions' },
      h('a', { class: 'button button-primary', href: `#/evaluations/${encodeURIComponent(id)}` }, t('view.scorecard')),
      h('a', { class: 'button button-secondary', href: '#/evaluations' }, t('backToList')))));
}

function drawAccountMenu() {
  renderAccountMenu(document.getElementById('account-menu'), { lang: state.lang });
}

function runCleanups() {
  for (const fn of state.cleanups.splice(0)) {
    try { fn(); } catch { /* a view's cleanup must never stop the next view */ }
  }
}

async function render({ moveFocus }) {
  const hash = location.hash || DEFAULT_ROUTE;
  const route = ROUTES.find((r) => r.pattern.test(hash));
  if (!route) {
    history.replaceState(null, '', DEFAULT_ROUTE);
    return render({ moveFocus });
  }
  const params = hash.match(route.pattern).slice(1).map((p) => decodeURIComponent(p));
  runCleanups();
  state.token += 1;
  const token = state.token;
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === route.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const ctx = {
    lang: state.lang,
    t,
    announce,
    root: view,
    isCurrent: () => token === state.token,
    onCleanup: (fn) => state.cleanups.push(fn),
    setTitle: (text) => { document.title = `${text} · ${t('appTitle')}`; },
    rerender: () => render({ moveFocus: false }),
  };
  // Drawn again in place (language switch, refresh): keep the reader's place and focus.
  const keepScroll = moveFocus ? null : window.scrollY;
  const keepFocus = moveFocus ? null : document.activeElement?.id || null;
  view.setAttribute('aria-busy', 'true');
  replace(view, loadingCard(t));
  try {
    await route.render(ctx, ...params);
  } catch (error) {
    if (!ctx.isCurrent()) return;
    if (!(error instanceof ApiError)) console.error(error);
    replace(view, errorCard(ctx, error, () => ctx.rerender()));
    ctx.setTitle(t('errorTitle'));
  }
  if (!ctx.isCurrent()) return;
  view.setAttribute('aria-busy', 'false');
  if (keepScroll) window.scrollTo(0, keepScroll);
  if (keepFocus && !document.activeElement?.id) document.getElementById(keepFocus)?.focus({ preventScroll: true });
  if (moveFocus) {
    const heading = view.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  }
}

function onHashChange() {
  const hash = location.hash;
  // In-page links that are not routes (there are none by design) leave the view alone.
  if (hash && !hash.startsWith('#/')) return;
  const samePage = hash === state.lastHash;
  state.lastHash = hash;
  if (!samePage) render({ moveFocus: true });
}

document.getElementById('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  const main = document.getElementById('main');
  main.focus();
  main.scrollIntoView();
});

buildLanguageSwitch();
applyShellLanguage();
if (!location.hash || !location.hash.startsWith('#/')) history.replaceState(null, '', DEFAULT_ROUTE);
state.lastHash = location.hash;

/** Signed in first (or on to the sign-in page); then the view. */
async function start() {
  const who = await startSession();
  if (who.error) {
    view.setAttribute('aria-busy', 'false');
    const ctx = { t, rerender: () => location.reload() };
    replace(view, errorCard(ctx, { status: who.error.status, serverMessage: who.error.message }, () => location.reload()));
    return;
  }
  document.body.dataset.role = who.role;
  drawAccountMenu();
  window.addEventListener('hashchange', onHashChange);
  render({ moveFocus: false });
}

start();
