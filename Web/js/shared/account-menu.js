// The signed-in person in the top bar of the console and the evaluator pages: a button with
// the name and role that opens a small panel (disclosure) with the page's extra links and
// "Sign out", and the change-password dialog. Styled by css/account.css.
//
// Exports: `renderAccountMenu(container, {lang, links})`, `roleName(role, lang)`.

import { h, s } from './dom.js';
import { request } from './http.js';
import { language, messages } from './i18n.js';
import { session, signOut } from './session.js';

const text = messages({
  zh: {
    account: '账号',
    signedInAs: '已登录：{name}',
    role: '角色：{role}',
    signOut: '退出登录',
    signingOut: '正在退出…',
    changePassword: '修改密码',
    current: '当前密码',
    fresh: '新密码',
    repeat: '再次输入新密码',
    freshHint: '至少 10 个字符。修改后，您在其他浏览器上的登录会退出。',
    save: '保存',
    saving: '正在保存…',
    cancel: '取消',
    mismatch: '两次输入的新密码不一致。',
    tooShort: '新密码至少需要 10 个字符。',
    changed: '密码已修改。',
    failed: '未能修改密码：{message}',
    network: '无法连接服务器，请稍后再试。',
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
    changePassword: 'Change password',
    current: 'Current password',
    fresh: 'New password',
    repeat: 'New password again',
    freshHint: 'At least 10 characters. Your sessions in other browsers end.',
    save: 'Save',
    saving: 'Saving…',
    cancel: 'Cancel',
    mismatch: 'The two new passwords differ.',
    tooShort: 'The new password needs at least 10 characters.',
    changed: 'Password changed.',
    failed: 'The password was not changed: {message}',
    network: 'The server cannot be reached; try again later.',
    'role.admin': 'Administrator',
    'role.organizer': 'Organizer',
    'role.evaluator': 'Evaluator',
  },
});

const say = (lang, key, params = {}) => text(key, params, lang);

/** The role's name for people. */
export function roleName(role, lang = language()) {
  return say(lang, `role.${role}`) === `role.${role}` ? role : say(lang, `role.${role}`);
}

let closeOpenMenu = null;

/**
 * Draws the menu into `container` (again on every call, e.g. after a language switch).
 * `links`: [{href, label, id?}] shown above "Sign out".
 */
export function renderAccountMenu(container, { lang = language(), links = [] } = {}) {
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
    s('svg', { viewBox: '0 0 24 24', 'aria-hidden': 'true', focusable: 'false', class: 'account-icon' },
      s('path', { d: 'M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zm0 2c-4.2 0-8 2.1-8 5v2h16v-2c0-2.9-3.8-5-8-5z' })),
    h('span', { class: 'account-words' },
      h('span', { class: 'account-name', id: 'account-name' }, who.name),
      h('span', { class: 'account-role', id: 'account-role' }, role)),
  );
  const signOutButton = h(
    'button',
    { type: 'button', class: 'account-signout', id: 'sign-out' },
    say(lang, 'signOut'),
  );
  // Only a browser session has a password to change (not an API token).
  const passwordButton = who.credential === 'session'
    ? h('button', { type: 'button', class: 'account-action', id: 'change-password' }, say(lang, 'changePassword'))
    : null;
  const panel = h(
    'div',
    { class: 'account-panel', id: panelId, hidden: true },
    h('p', { class: 'account-panel-name' }, say(lang, 'signedInAs', { name: who.name })),
    h('p', { class: 'account-panel-role' }, say(lang, 'role', { role })),
    links.length
      ? h('ul', { class: 'account-links' }, links.map((link) => h('li', {}, h('a', { href: link.href, id: link.id ?? null }, link.label))))
      : null,
    passwordButton,
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
  passwordButton?.addEventListener('click', () => {
    setOpen(false);
    openPasswordDialog(lang, button);
  });
  signOutButton.addEventListener('click', () => {
    signOutButton.disabled = true;
    signOutButton.textContent = say(lang, 'signingOut');
    signOut();
  });
  container.append(button, panel);
}

/** The change-password dialog: current password, the new one twice; the server's answer in a live region. */
function openPasswordDialog(lang, returnFocus) {
  document.getElementById('password-dialog')?.remove();
  const field = (id, label, autocomplete, hint) => {
    const input = h('input', { type: 'password', id, autocomplete, required: true, maxlength: '200' });
    return {
      input,
      block: h(
        'div',
        { class: 'password-field' },
        h('label', { for: id }, label),
        input,
        hint ? h('p', { class: 'password-hint', id: `${id}-hint` }, hint) : null,
      ),
    };
  };
  const current = field('password-current', say(lang, 'current'), 'current-password');
  const fresh = field('password-new', say(lang, 'fresh'), 'new-password', say(lang, 'freshHint'));
  fresh.input.setAttribute('aria-describedby', 'password-new-hint');
  const repeat = field('password-repeat', say(lang, 'repeat'), 'new-password');
  const message = h('p', { class: 'password-message', id: 'password-message', role: 'status', 'aria-live': 'polite' });
  const save = h('button', { type: 'submit', class: 'password-save', id: 'password-save' }, say(lang, 'save'));
  const cancel = h('button', { type: 'button', class: 'password-cancel', value: 'cancel' }, say(lang, 'cancel'));
  const form = h(
    'form',
    { method: 'dialog', class: 'password-form', novalidate: true },
    h('h2', { class: 'password-title', id: 'password-title' }, say(lang, 'changePassword')),
    current.block,
    fresh.block,
    repeat.block,
    message,
    h('div', { class: 'password-buttons' }, cancel, save),
  );
  const dialog = h('dialog', { class: 'password-dialog', id: 'password-dialog', 'aria-labelledby': 'password-title' }, form);
  const show = (text, tone) => {
    message.textContent = text;
    message.dataset.tone = tone;
  };
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    returnFocus.focus();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const input of [current.input, fresh.input, repeat.input]) input.removeAttribute('aria-invalid');
    if (fresh.input.value.length < 10) {
      fresh.input.setAttribute('aria-invalid', 'true');
      fresh.input.focus();
      show(say(lang, 'tooShort'), 'error');
      return;
    }
    if (fresh.input.value !== repeat.input.value) {
      repeat.input.setAttribute('aria-invalid', 'true');
      repeat.input.focus();
      show(say(lang, 'mismatch'), 'error');
      return;
    }
    save.disabled = true;
    save.textContent = say(lang, 'saving');
    const result = await request('POST', '/api/session/password', {
      json: { currentPassword: current.input.value, newPassword: fresh.input.value },
    });
    save.disabled = false;
    save.textContent = say(lang, 'save');
    if (result.status === 0) {
      show(say(lang, 'network'), 'error');
      return;
    }
    if (result.ok) {
      for (const input of [current.input, fresh.input, repeat.input]) input.value = '';
      show(say(lang, 'changed'), 'ok');
      save.hidden = true;
      cancel.textContent = 'OK';
      cancel.focus();
      return;
    }
    const body = result.data;
    const paths = (body?.error?.issues ?? []).map((issue) => issue.path);
    const wrong = paths.includes('currentPassword') ? current.input : paths.includes('newPassword') ? fresh.input : null;
    wrong?.setAttribute('aria-invalid', 'true');
    wrong?.focus();
    // The server's message names the problem in both languages; a rule of the new password is in its issue.
    const rule = wrong === fresh.input ? body?.error?.issues?.[0]?.message : null;
    show(say(lang, 'failed', { message: rule ?? body?.error?.message ?? result.status }), 'error');
  });
  document.body.append(dialog);
  dialog.showModal();
  current.input.focus();
}
