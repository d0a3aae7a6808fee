// The organizer console: one page whose views are addressed by `#/…`. This module draws
// the frame (top bar, navigation, language switch) and routes to the views.

import { errorBlock, h, notice, pageHead, setTitle } from './dom.js';
import { LANGUAGES, lang, langTag, setLang, t } from './i18n.js';
import * as questionnaires from './questionnaires.js';
import * as builder from './builder.js';
import * as evaluations from './evaluations.js';
import * as evaluationNew from './evaluation-new.js';
import * as evaluationPage from './evaluation-page.js';
import * as accounts from './accounts.js';
import * as audit from './audit.js';
import { may, session, startSession } from '../session.js';
import { renderAccountMenu, roleName } from '../account-menu.js';

const main = document.getElementById('main');
const nav = document.getElementById('main-nav');
const switcher = document.getElementById('lang-switch');
const accountMenu = document.getElementById('account-menu');

/** The view on screen: its cleanup (closing streams, timers) runs before the next one. */
let current = { key: null, cleanup: null };

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [pathPart, queryPart = ''] = raw.split('?');
  const parts = pathPart.split('/').filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  return { parts, query: new URLSearchParams(queryPart) };
}

/** The view for an address: `{section, name, render(main, context)}`. */
function resolve({ parts, query }) {
  const [section, id, sub, extra] = parts;
  if (section === 'questionnaires' || section === undefined) {
    if (!id) return { section: 'questionnaires', name: 'questionnaire-list', render: (el) => questionnaires.renderList(el) };
    if ((id === 'new' || sub === 'edit') && !may('writeQuestionnaires')) return forbiddenView('questionnaires', 'forbidden.questionnaire');
    if (id === 'new') return { section: 'questionnaires', name: 'builder', render: (el) => builder.render(el, { mode: 'new' }) };
    if (sub === 'edit') {
      return {
        section: 'questionnaires',
        name: 'builder',
        render: (el) => builder.render(el, { mode: 'edit', id, version: query.get('from') }),
      };
    }
    if (sub === 'versions' && extra) {
      return { section: 'questionnaires', name: 'questionnaire', render: (el) => questionnaires.renderOne(el, id, extra) };
    }
    return { section: 'questionnaires', name: 'questionnaire', render: (el) => questionnaires.renderOne(el, id, null) };
  }
  if (section === 'evaluations') {
    if (!id) return { section: 'evaluations', name: 'evaluation-list', render: (el) => evaluations.renderList(el) };
    if (id === 'new' && !may('manageEvaluations')) return forbiddenView('evaluations', 'forbidden.evaluation');
    if (id === 'new') {
      return {
        section: 'evaluations',
        name: 'evaluation-new',
        render: (el) => evaluationNew.renderCreate(el, { questionnaire: query.get('questionnaire'), version: query.get('version') }),
      };
    }
    if (sub === 'codes' && extra === 'sheet') {
      return { section: 'evaluations', name: 'codes-sheet', render: (el) => evaluationPage.render(el, id, 'codes-sheet') };
    }
    const tab = ['distribution', 'settings', 'print', 'codes'].includes(sub) ? sub : 'dashboard';
    return { section: 'evaluations', name: tab === 'print' ? 'print' : 'evaluation', render: (el) => evaluationPage.render(el, id, tab) };
  }
  if (section === 'accounts') {
    if (id === 'tokens') {
      return { section: 'accounts', name: 'tokens', render: (el) => accounts.renderTokens(el) };
    }
    if (!may('manageUsers')) return forbiddenView('accounts', 'forbidden.accounts');
    return { section: 'accounts', name: 'accounts', render: (el) => accounts.renderUsers(el) };
  }
  if (section === 'audit') {
    if (!may('readAudit')) return forbiddenView('audit', 'forbidden.audit');
    return { section: 'audit', name: 'audit', render: (el) => audit.render(el, { entity: query.get('entity') ?? '' }) };
  }
  return {
    section: null,
    name: 'not-found',
    render: (el) => {
      el.replaceChildren(h('div', { class: 'page-head' }, h('h1', { class: 'page-title', tabindex: '-1' }, t('notFound'))));
    },
  };
}

/** A view the signed-in role may not use: says so, with the role's name. */
function forbiddenView(section, key) {
  return {
    section,
    name: 'forbidden',
    render: (el) => {
      setTitle(t('forbidden.title'));
      el.replaceChildren(
        pageHead({ title: t('forbidden.title') }),
        notice('warn', t(key, { role: roleName(session()?.role, lang()) })),
      );
    },
  };
}

function renderFrame() {
  document.documentElement.lang = langTag();
  document.getElementById('brand-text').textContent = t('appName');
  document.getElementById('skip-link').textContent = t('skip');
  nav.setAttribute('aria-label', t('nav.main'));
  for (const link of nav.querySelectorAll('a[data-section]')) {
    link.querySelector('.nav-label').textContent = t(`nav.${link.dataset.section}`);
    const permission = link.dataset.permission;
    link.hidden = Boolean(permission) && !may(permission);
  }
  renderAccountMenu(accountMenu, {
    lang: lang(),
    links: may('manageUsers')
      ? [{ href: '#/accounts/tokens', label: t('nav.tokens'), id: 'menu-tokens' }]
      : [{ href: '#/accounts/tokens', label: t('nav.myTokens'), id: 'menu-tokens' }],
  });
  switcher.setAttribute('aria-label', `${t('language')} / Language`);
  switcher.replaceChildren(
    ...LANGUAGES.map((language) =>
      h(
        'button',
        {
          type: 'button',
          class: 'lang-button',
          lang: language.tag,
          'aria-pressed': language.code === lang() ? 'true' : 'false',
          'data-lang': language.code,
          onclick: () => switchLanguage(language.code),
        },
        language.name,
      ),
    ),
  );
}

function markNavigation(section) {
  for (const link of nav.querySelectorAll('a[data-section]')) {
    if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function switchLanguage(code) {
  if (code === lang()) return;
  const scroll = window.scrollY;
  setLang(code);
  renderFrame();
  route({ keepFocus: true });
  window.scrollTo(0, scroll);
  switcher.querySelector(`[data-lang="${code}"]`)?.focus();
}

function route({ keepFocus = false } = {}) {
  const address = parseHash();
  if (address.parts.length === 0) {
    history.replaceState(null, '', '#/questionnaires');
    address.parts = ['questionnaires'];
  }
  const view = resolve(address);
  if (typeof current.cleanup === 'function') {
    try {
      current.cleanup();
    } catch {
      // a view's cleanup never stops the next view
    }
  }
  const key = location.hash;
  const sameView = current.key === key;
  current = { key, cleanup: null };
  markNavigation(view.section);
  main.dataset.view = view.name;
  document.body.dataset.view = view.name;
  const result = view.render(main);
  Promise.resolve(result).then((cleanup) => {
    if (current.key === key && typeof cleanup === 'function') current.cleanup = cleanup;
    else if (typeof cleanup === 'function' && current.key !== key) cleanup();
  });
  if (!keepFocus && !sameView) {
    window.scrollTo(0, 0);
    focusTitle();
  }
}

/** After navigation, focus goes to the new view's heading (once it is drawn). */
function focusTitle() {
  let tries = 0;
  const attempt = () => {
    const title = main.querySelector('.page-title');
    if (title) {
      title.focus({ preventScroll: true });
      return;
    }
    tries += 1;
    if (tries < 40) setTimeout(attempt, 50);
  };
  attempt();
}

document.getElementById('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', () => {
  if (session()) route();
});
window.addEventListener('beforeunload', (event) => {
  if (builder.hasUnsavedChanges()) {
    event.preventDefault();
    event.returnValue = '';
  }
});

/** Signed in first (or on to the sign-in page); then the frame and the view. */
async function start() {
  const who = await startSession();
  if (who.error) {
    main.setAttribute('aria-busy', 'false');
    main.dataset.view = 'session-error';
    main.replaceChildren(
      errorBlock(who.error.status === 0 ? t('networkError') : t('serverError', { status: who.error.status }), () => location.reload()),
    );
    return;
  }
  document.body.dataset.role = who.role;
  renderFrame();
  route();
}

start();
