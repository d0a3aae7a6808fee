// The organizer console: one page whose views are addressed by `#/…`. This module draws
// the frame (top bar, navigation, language switch) and routes to the views.

import './i18n.js';
import { h, languageButtons } from '../shared/dom.js';
import { createViews, parseHash } from '../shared/views.js';
import { language, LANGUAGES, languageTag, setLanguage, t } from '../shared/i18n.js';
import { may, session, startSession } from '../shared/session.js';
import { renderAccountMenu, roleName } from '../shared/account-menu.js';
import { errorBlock, notice, pageHead, setTitle } from './dom.js';
import * as questionnaires from './questionnaires.js';
import * as builder from './builder.js';
import * as evaluations from './evaluations.js';
import * as evaluationNew from './evaluation-new.js';
import * as evaluationPage from './evaluation-page.js';
import * as accounts from './accounts.js';
import * as audit from './audit.js';
import { loadOrganizations, organizationPicker } from './organizations.js';

const main = document.getElementById('main');
const nav = document.getElementById('main-nav');
const switcher = document.getElementById('lang-switch');
const accountMenu = document.getElementById('account-menu');
const organizationSwitch = document.getElementById('org-switch');

/**
 * The console's views (shared/views.js shape): each matches addresses `#/…` and draws itself
 * into `ctx.main`; `section` is the navigation entry it belongs to. The first view that
 * matches wins, so the views a role may not use come first.
 */
const VIEWS = {
  forbidden: {
    match: forbidden,
    render: (ctx, { key }) => {
      setTitle(t('forbidden.title'));
      ctx.main.replaceChildren(
        pageHead({ title: t('forbidden.title') }),
        notice('warn', t(key, { role: roleName(session()?.role, language()) })),
      );
    },
  },
  'questionnaire-list': {
    section: 'questionnaires',
    match: ({ parts: [section, id] }) => (isQuestionnaires(section) && !id ? {} : null),
    render: (ctx) => questionnaires.renderList(ctx.main),
  },
  builder: {
    section: 'questionnaires',
    match: ({ parts: [section, id, sub], query }) => {
      if (!isQuestionnaires(section) || !id) return null;
      if (id === 'new') return { mode: 'new' };
      if (sub === 'edit') return { mode: 'edit', id, version: query.get('from') };
      return null;
    },
    render: (ctx, params) => builder.render(ctx.main, params),
  },
  questionnaire: {
    section: 'questionnaires',
    match: ({ parts: [section, id, sub, extra] }) =>
      isQuestionnaires(section) && id ? { id, version: sub === 'versions' && extra ? extra : null } : null,
    render: (ctx, { id, version }) => questionnaires.renderOne(ctx.main, id, version),
  },
  'evaluation-list': {
    section: 'evaluations',
    match: ({ parts: [section, id], query }) => (section === 'evaluations' && !id ? { archived: query.get('archived') === '1' } : null),
    render: (ctx, { archived }) => evaluations.renderList(ctx.main, { archived }),
  },
  'evaluation-new': {
    section: 'evaluations',
    match: ({ parts: [section, id], query }) =>
      section === 'evaluations' && id === 'new' ? { questionnaire: query.get('questionnaire'), version: query.get('version') } : null,
    render: (ctx, params) => evaluationNew.renderCreate(ctx.main, params),
  },
  'codes-sheet': {
    section: 'evaluations',
    match: ({ parts: [section, id, sub, extra] }) => (section === 'evaluations' && id && sub === 'codes' && extra === 'sheet' ? { id } : null),
    render: (ctx, { id }) => evaluationPage.render(ctx.main, id, 'codes-sheet'),
  },
  print: {
    section: 'evaluations',
    match: ({ parts: [section, id, sub] }) => (section === 'evaluations' && id && sub === 'print' ? { id } : null),
    render: (ctx, { id }) => evaluationPage.render(ctx.main, id, 'print'),
  },
  evaluation: {
    section: 'evaluations',
    match: ({ parts: [section, id, sub] }) =>
      section === 'evaluations' && id ? { id, tab: ['distribution', 'settings', 'codes', 'facts', 'follow-up'].includes(sub) ? sub : 'dashboard' } : null,
    render: (ctx, { id, tab }) => evaluationPage.render(ctx.main, id, tab),
  },
  tokens: {
    section: 'accounts',
    match: ({ parts: [section, id] }) => (section === 'accounts' && id === 'tokens' ? {} : null),
    render: (ctx) => accounts.renderTokens(ctx.main),
  },
  accounts: {
    section: 'accounts',
    match: ({ parts: [section] }) => (section === 'accounts' ? {} : null),
    render: (ctx) => accounts.renderUsers(ctx.main),
  },
  audit: {
    section: 'audit',
    match: ({ parts: [section], query }) => (section === 'audit' ? { entity: query.get('entity') ?? '' } : null),
    render: (ctx, { entity }) => audit.render(ctx.main, { entity }),
  },
  'not-found': {
    section: null,
    match: () => ({}),
    render: (ctx) => {
      ctx.main.replaceChildren(h('div', { class: 'page-head' }, h('h1', { class: 'page-title', tabindex: '-1' }, t('notFound'))));
    },
  },
};

function isQuestionnaires(section) {
  return section === 'questionnaires' || section === undefined;
}

/** An address the signed-in role may not use: its section and the message that says so. */
function forbidden({ parts: [section, id, sub] }) {
  if (isQuestionnaires(section) && id && (id === 'new' || sub === 'edit') && !may('writeQuestionnaires')) {
    return { section: 'questionnaires', key: 'forbidden.questionnaire' };
  }
  if (section === 'evaluations' && id === 'new' && !may('manageEvaluations')) return { section: 'evaluations', key: 'forbidden.evaluation' };
  if (section === 'accounts' && id !== 'tokens' && !may('manageUsers')) return { section: 'accounts', key: 'forbidden.accounts' };
  if (section === 'audit' && !may('readAudit')) return { section: 'audit', key: 'forbidden.audit' };
  return null;
}

const views = createViews(VIEWS);

/** The address of the view on screen (the same address drawn again keeps scroll and focus). */
let shownKey = null;

function renderFrame() {
  document.documentElement.lang = languageTag(language());
  document.getElementById('brand-text').textContent = t('appName');
  document.getElementById('skip-link').textContent = t('skip');
  nav.setAttribute('aria-label', t('nav.main'));
  for (const link of nav.querySelectorAll('a[data-section]')) {
    link.querySelector('.nav-label').textContent = t(`nav.${link.dataset.section}`);
    const permission = link.dataset.permission;
    link.hidden = Boolean(permission) && !may(permission);
  }
  renderAccountMenu(accountMenu, {
    lang: language(),
    links: may('manageUsers')
      ? [{ href: '#/accounts/tokens', label: t('nav.tokens'), id: 'menu-tokens' }]
      : [{ href: '#/accounts/tokens', label: t('nav.myTokens'), id: 'menu-tokens' }],
  });
  organizationSwitch.replaceChildren(organizationPicker(switchOrganization) ?? '');
  switcher.setAttribute('aria-label', `${t('language')} / Language`);
  switcher.replaceChildren(...languageButtons(LANGUAGES.map((entry) => entry.code), language(), switchLanguage));
}

function markNavigation(section) {
  for (const link of nav.querySelectorAll('a[data-section]')) {
    if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function switchLanguage(code) {
  if (code === language()) return;
  const scroll = window.scrollY;
  setLanguage(code);
  renderFrame();
  route({ keepFocus: true });
  window.scrollTo(0, scroll);
  switcher.querySelector(`[data-lang="${code}"]`)?.focus();
}

/** Another organization chosen: the frame and the view follow it. */
function switchOrganization() {
  renderFrame();
  route({ keepFocus: true });
  document.getElementById('organization-picker')?.focus();
}

function route({ keepFocus = false } = {}) {
  const address = parseHash();
  if (address.parts.length === 0) {
    history.replaceState(null, '', '#/questionnaires');
    address.parts = ['questionnaires'];
  }
  const { name, view, params } = views.resolve(address);
  // The view on screen cleans up (closes streams, stops timers, closes its dialogs) before
  // the next one is drawn.
  views.clear();
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  const key = location.hash;
  const sameView = shownKey === key;
  shownKey = key;
  markNavigation(params.section !== undefined ? params.section : view.section);
  main.dataset.view = name;
  document.body.dataset.view = name;
  views.show(name, params, { main });
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
  await loadOrganizations();
  renderFrame();
  route();
}

start();
