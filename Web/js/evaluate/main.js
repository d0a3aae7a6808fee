// The evaluator pages at /evaluate: one page, views addressed by the hash.
//   #/evaluations                      every evaluation
//   #/evaluations/ID                   its scorecard
//   #/evaluations/ID/screening         flagged and excluded responses; exclude / include
//   #/compare/QUESTIONNAIRE_ID         every evaluation of one questionnaire over time

import { announce, fill, h, languageButtons } from '../shared/dom.js';
import { LANGUAGES, language, languageTag, missingTexts, setLanguage, t } from '../shared/i18n.js';
import { may, session, startSession } from '../shared/session.js';
import { renderAccountMenu, roleName } from '../shared/account-menu.js';
import { createViews, parseHash } from '../shared/views.js';
import './i18n.js';
import { errorCard, loadingCard } from './common.js';
import { ApiError } from './api.js';
import { renderList } from './list-view.js';
import { renderScorecard } from './scorecard-view.js';
import { renderScreening } from './screening-view.js';
import { renderCompare } from './compare-view.js';

/** Keys asked for that have no text: kept for tests and debugging. */
window.__evaluateMissingTexts = missingTexts;

/** The views, by name; `nav` is the top navigation entry they belong to. */
const VIEWS = {
  'evaluation-list': {
    nav: 'evaluations',
    match: ({ parts }) => (parts[0] === 'evaluations' && parts.length === 1 ? {} : null),
    render: (ctx) => renderList(ctx),
  },
  scorecard: {
    nav: 'evaluations',
    match: ({ parts }) => (parts[0] === 'evaluations' && parts.length === 2 ? { id: parts[1] } : null),
    render: (ctx, { id }) => renderScorecard(ctx, id),
  },
  screening: {
    nav: 'evaluations',
    match: ({ parts }) => (parts[0] === 'evaluations' && parts.length === 3 && parts[2] === 'screening' ? { id: parts[1] } : null),
    render: (ctx, { id }) => (may('readRawData') ? renderScreening(ctx, id) : renderNoRawData(ctx, id)),
  },
  compare: {
    nav: 'compare',
    match: ({ parts }) => (parts[0] === 'compare' && parts.length === 2 ? { id: parts[1] } : null),
    render: (ctx, { id }) => renderCompare(ctx, id),
  },
};
const DEFAULT_ROUTE = '#/evaluations';
const views = createViews(VIEWS);

const state = {
  token: 0,
  lastHash: '',
};

const view = document.getElementById('view');

function applyShellLanguage() {
  document.documentElement.lang = languageTag(language());
  for (const element of document.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of document.querySelectorAll('[data-i18n-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nLabel));
  }
  for (const button of document.querySelectorAll('.lang-button')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === language()));
  }
}

function buildLanguageSwitch() {
  const group = document.getElementById('lang-switch');
  fill(group, languageButtons(LANGUAGES.map((choice) => choice.code), language(), switchLanguage));
}

function switchLanguage(code) {
  if (code === language()) return;
  setLanguage(code);
  applyShellLanguage();
  drawAccountMenu();
  render({ moveFocus: false });
  announce(t('languageChanged'));
}

/** Screening shows raw answers: a role without that right gets a plain explanation instead. */
function renderNoRawData(ctx, id) {
  ctx.setTitle(t('noRawData.title'));
  fill(ctx.root, h('section', { class: 'state-card', id: 'no-raw-data', 'aria-labelledby': 'no-raw-data-title' },
    h('h1', { id: 'no-raw-data-title' }, t('noRawData.title')),
    h('p', {}, t('noRawData.body', { role: roleName(session()?.role) })),
    h('div', { class: 'state-actions' },
      h('a', { class: 'button button-primary', href: `#/evaluations/${encodeURIComponent(id)}` }, t('view.scorecard')),
      h('a', { class: 'button button-secondary', href: '#/evaluations' }, t('backToList')))));
}

function drawAccountMenu() {
  renderAccountMenu(document.getElementById('account-menu'));
}

async function render({ moveFocus }) {
  const hash = location.hash || DEFAULT_ROUTE;
  const found = hash.startsWith('#/') ? views.resolve(parseHash(hash)) : null;
  if (!found) {
    history.replaceState(null, '', DEFAULT_ROUTE);
    return render({ moveFocus });
  }
  views.clear();
  state.token += 1;
  const token = state.token;
  const isCurrent = () => token === state.token;
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === found.view.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const ctx = {
    lang: language(),
    t,
    announce,
    root: view,
    setTitle: (text) => { document.title = `${text} · ${t('appTitle')}`; },
    rerender: () => render({ moveFocus: false }),
  };
  // Drawn again in place (language switch, refresh): keep the reader's place and focus.
  const keepScroll = moveFocus ? null : window.scrollY;
  const keepFocus = moveFocus ? null : document.activeElement?.id || null;
  view.setAttribute('aria-busy', 'true');
  fill(view, loadingCard(t));
  try {
    await views.show(found.name, found.params, ctx);
  } catch (error) {
    if (!isCurrent()) return;
    if (!(error instanceof ApiError)) console.error(error);
    fill(view, errorCard({ ...ctx, isCurrent }, error, () => ctx.rerender()));
    ctx.setTitle(t('errorTitle'));
  }
  if (!isCurrent()) return;
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
    fill(view, errorCard(ctx, { status: who.error.status, serverMessage: who.error.message }, () => location.reload()));
    return;
  }
  document.body.dataset.role = who.role;
  drawAccountMenu();
  window.addEventListener('hashchange', onHashChange);
  render({ moveFocus: false });
}

start();
