// The signed-in person in the top bar of the console and the evaluator pages: a button with
// the name and role that opens a small panel (disclosure) with the page's extra links and
// "Sign out". Styled by css/account.css.

import { h } from './question-view.js';
import { session, signOut } from './session.js';

const WORDS = {
  zh: {
    account: '账号',
    signedInAs: '已登录：{name}',
    role: '角色：{role}',
    signOut: '退出登录',
    signingOut: '正在退出…',
    'role.admin': '管理员',
    'role.organizer': '组织方',
    'role.evaluator': '评估方',
  },
  en: {
    account: 'Account',
    signedInAs: 'Signed in as {name}',
    role: 'Role: {role}',
    signOut: 'Sign out',
    signingOut: 'Signing out…',
    'role.admin': 'Administrator',
    'role.organizer': 'Organizer',
    'role.evaluator': 'Evaluator',
  },
};

function say(lang, key, params = {}) {
  const template = (WORDS[lang] ?? WORDS.zh)[key] ?? WORDS.zh[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** The role's name for people. */
export function roleName(role, lang) {
  return say(lang, `role.${role}`) === `role.${role}` ? role : say(lang, `role.${role}`);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function personIcon() {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'account-icon');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', 'M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zm0 2c-4.2 0-8 2.1-8 5v2h16v-2c0-2.9-3.8-5-8-5z');
  svg.append(path);
  return svg;
}

let closeOpenMenu = null;

/**
 * Draws the menu into `container` (again on every call, e.g. after a language switch).
 * `links`: [{href, label, id?}] shown above "Sign out".
 */
export function renderAccountMenu(container, { lang, links = [] }) {
  const who = session();
  if (closeOpenMenu) closeOpenMenu();
  container.replaceChildren();
  if (!who) return;
  const role = roleName(who.role, lang);
  const panelId = 'account-panel';
  const button = h(
    'button',
    {
      type: 'button',
      class: 'account-button',
      id: 'account-button',
      'aria-expanded': 'false',
      'aria-controls': panelId,
      'data-role': who.role,
      title: `${say(lang, 'signedInAs', { name: who.name })} · ${role}`,
      'aria-label': `${say(lang, 'signedInAs', { name: who.name })} · ${role} · ${say(lang, 'account')}`,
    },
    personIcon(),
    h('span', { class: 'account-words' },
      h('span', { class: 'account-name', id: 'account-name' }, who.name),
      h('span', { class: 'account-role', id: 'account-role' }, role)),
  );
  const signOutButton = h(
    'button',
    { type: 'button', class: 'account-signout', id: 'sign-out' },
    say(lang, 'signOut'),
  );
  const panel = h(
    'div',
    { class: 'account-panel', id: panelId, hidden: true },
    h('p', { class: 'account-panel-name' }, say(lang, 'signedInAs', { name: who.name })),
    h('p', { class: 'account-panel-role' }, say(lang, 'role', { role })),
    links.length
      ? h('ul', { class: 'account-links' }, links.map((link) => h('li', {}, h('a', { href: link.href, id: link.id ?? null }, link.label))))
      : null,
    signOutButton,
  );
  const setOpen = (open) => {
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    container.classList.toggle('is-open', open);
  };
  const onDocumentClick = (event) => {
    if (!container.contains(event.target)) setOpen(false);
  };
  const onKey = (event) => {
    if (event.key === 'Escape' && !panel.hidden) {
      setOpen(false);
      button.focus();
    }
  };
  document.addEventListener('click', onDocumentClick);
  document.addEventListener('keydown', onKey);
  closeOpenMenu = () => {
    document.removeEventListener('click', onDocumentClick);
    document.removeEventListener('keydown', onKey);
    closeOpenMenu = null;
  };
  button.addEventListener('click', () => setOpen(panel.hidden));
  panel.addEventListener('click', (event) => {
    if (event.target.closest('a')) setOpen(false);
  });
  signOutButton.addEventListener('click', () => {
    signOutButton.disabled = true;
    signOutButton.textContent = say(lang, 'signingOut');
    signOut();
  });
  container.append(button, panel);
}
