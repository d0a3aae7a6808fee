// Accounts (administrators): the users with their roles, adding one (a chosen password or a
// generated one, shown once), disabling and enabling; and API tokens: the list, a new token
// (its secret shown once, with a copy button), revoking. Anyone signed in sees and manages
// their own tokens at #/accounts/tokens; administrators see everyone's.

import { language, t } from '../shared/i18n.js';
import { formatDateTime } from '../shared/format.js';
import { announce, fill, h, icon } from '../shared/dom.js';
import { may, session } from '../shared/session.js';
import { roleName } from '../shared/account-menu.js';
import { api } from './api.js';
import { confirmDialog } from './dialog.js';
import { errorBlock, failureMessage, loadingBlock, pageHead, setTitle, toast } from './dom.js';
import { membershipCell, membershipChoices, organizationsSection, tickedOrganizations } from './account-organizations.js';

const ROLES = ['organizer', 'evaluator', 'admin'];

function subnav(active) {
  if (!may('manageUsers')) return null;
  const items = [
    { key: 'users', href: '#/accounts', label: t('a.tabUsers'), icon: 'settings' },
    { key: 'tokens', href: '#/accounts/tokens', label: t('a.tabTokens'), icon: 'doc' },
  ];
  return h(
    'nav',
    { class: 'subnav', 'aria-label': t('a.tabs') },
    h('ul', {}, items.map((item) => h('li', {}, h('a', { href: item.href, 'aria-current': item.key === active ? 'page' : null, 'data-tab': item.key }, icon(item.icon), h('span', {}, item.label))))),
  );
}

/** A secret shown once: read-only field, copy button, the warning that it will not be shown again. */
function secretPanel({ id, title, value, note }) {
  const input = h('input', { type: 'text', readonly: true, id: `${id}-value`, class: 'secret-input mono', spellcheck: 'false', autocomplete: 'off' });
  input.value = value;
  input.addEventListener('focus', () => input.select());
  const copy = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-secondary',
      id: `${id}-copy`,
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(value);
          toast(t('a.copied'));
        } catch {
          input.focus();
          input.select();
          toast(t('x.copyFailed'), 'error');
        }
      },
    },
    icon('copy'),
    t('a.copy'),
  );
  return h(
    'section',
    { class: 'card secret-card', id, 'aria-labelledby': `${id}-title`, tabindex: '-1' },
    h('h2', { class: 'section-title', id: `${id}-title` }, icon('alert'), h('span', {}, title)),
    h('p', { class: 'secret-note' }, note),
    h('label', { class: 'field-label small', for: `${id}-value` }, t('a.secretLabel')),
    h('div', { class: 'secret-row' }, input, copy),
  );
}

function fieldBlock(id, label, control, hint = null) {
  control.id = id;
  if (hint) control.setAttribute('aria-describedby', `${id}-hint`);
  return h(
    'div',
    { class: 'field' },
    h('label', { class: 'field-label', for: id }, label),
    control,
    hint ? h('p', { class: 'field-hint', id: `${id}-hint` }, hint) : null,
  );
}

// ---------------------------------------------------------------- users

/** The password made for the last new user, shown once (kept while the view is drawn again). */
let shownPassword = null;

export async function renderUsers(main) {
  setTitle(t('a.title'));
  const head = pageHead({ title: t('a.title'), lead: t('a.lead') });
  const body = h('div', { class: 'view-body' }, loadingBlock());
  fill(main, head, subnav('users'), body);
  main.setAttribute('aria-busy', 'true');
  const [result, organizationResult] = await Promise.all([api.users(), api.organizations()]);
  main.setAttribute('aria-busy', 'false');
  if (!result.ok || !organizationResult.ok) {
    const failure = result.ok ? organizationResult : result;
    fill(body, errorBlock(t('loadFailed', { message: failureMessage(failure) }), () => renderUsers(main)));
    return;
  }
  const users = result.data?.users ?? [];
  const organizations = organizationResult.data?.organizations ?? [];
  const redraw = () => renderUsers(main);
  const me = session()?.name?.toLowerCase();
  const secret = shownPassword
    ? secretPanel({
        id: 'new-password',
        title: t(shownPassword.reset ? 'a.newPasswordTitle' : 'a.passwordTitle', { name: shownPassword.name }),
        value: shownPassword.password,
        note: t('a.passwordNote'),
      })
    : null;

  const table = h(
    'table',
    { class: 'data-table', id: 'user-table' },
    h('caption', { class: 'sr-only' }, t('a.users')),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, t('a.colName')),
        h('th', { scope: 'col' }, t('a.colRole')),
        h('th', { scope: 'col' }, t('a.colStatus')),
        h('th', { scope: 'col' }, t('org.memberships')),
        h('th', { scope: 'col' }, t('a.colCreated')),
        h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'sr-only' }, t('e.colActions'))),
      ),
    ),
    h(
      'tbody',
      {},
      users.map((user) => {
        const self = user.name.toLowerCase() === me;
        return h(
          'tr',
          { 'data-user': user.name, 'data-disabled': String(Boolean(user.disabled)) },
          h('th', { scope: 'row', class: 'cell-main' }, h('span', { class: 'row-title' }, user.name), self ? h('span', { class: 'row-sub' }, t('a.you')) : null),
          h('td', { 'data-label': t('a.colRole') }, h('span', { class: `role-tag role-${user.role}` }, roleName(user.role, language()))),
          h(
            'td',
            { 'data-label': t('a.colStatus') },
            user.disabled
              ? h('span', { class: 'badge badge-closed' }, h('span', { class: 'badge-dot', 'aria-hidden': 'true' }), t('a.disabled'))
              : h('span', { class: 'badge badge-open' }, h('span', { class: 'badge-dot', 'aria-hidden': 'true' }), t('a.active')),
            user.disabled && user.disabledAt ? h('span', { class: 'row-sub' }, formatDateTime(user.disabledAt)) : null,
          ),
          h(
            'td',
            { 'data-label': t('org.memberships') },
            user.role === 'admin' ? h('span', { class: 'muted' }, t('org.all')) : membershipCell(user, organizations, redraw),
          ),
          h('td', { 'data-label': t('a.colCreated') }, h('time', { datetime: user.createdAt }, formatDateTime(user.createdAt))),
          h(
            'td',
            { class: 'col-actions' },
            self
              ? null
              : h(
                  'div',
                  { class: 'row-actions' },
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'btn btn-secondary btn-small',
                      'data-action': 'password',
                      'aria-label': t('a.resetLabel', { name: user.name }),
                      onclick: () => resetPassword(main, user),
                    },
                    t('a.reset'),
                  ),
                  h(
                    'button',
                    {
                      type: 'button',
                      class: user.disabled ? 'btn btn-secondary btn-small' : 'btn btn-danger-outline btn-small',
                      'data-action': user.disabled ? 'enable' : 'disable',
                      'aria-label': t(user.disabled ? 'a.enableLabel' : 'a.disableLabel', { name: user.name }),
                      onclick: () => setDisabled(main, user, !user.disabled),
                    },
                    t(user.disabled ? 'a.enable' : 'a.disable'),
                  ),
                ),
          ),
        );
      }),
    ),
  );

  fill(
    body,
    secret,
    h('div', { class: 'accounts-layout' },
      h('section', { class: 'card table-card', 'aria-labelledby': 'users-title' },
        h('h2', { class: 'section-title table-card-title', id: 'users-title' }, t('a.users')),
        table),
      addUserForm(main, organizations)),
    organizationsSection(users, organizations, redraw),
  );
  if (secret) {
    secret.focus();
  }
  return forgetOnLeave();
}

/** A generated new password for someone who forgot theirs, shown once like a new user's. */
async function resetPassword(main, user) {
  const ok = await confirmDialog({
    title: t('a.resetTitle', { name: user.name }),
    body: t('a.resetBody'),
    confirmLabel: t('a.reset'),
  });
  if (!ok) return;
  const result = await api.setUserPassword(user.name);
  if (!result.ok) {
    toast(t('a.actionFailed', { message: failureMessage(result) }), 'error');
    return;
  }
  shownPassword = { name: user.name, password: result.data?.password, reset: true };
  await renderUsers(main);
}

async function setDisabled(main, user, disabled) {
  if (disabled) {
    const ok = await confirmDialog({
      title: t('a.disableTitle', { name: user.name }),
      body: t('a.disableBody'),
      confirmLabel: t('a.disable'),
      tone: 'danger',
    });
    if (!ok) return;
  }
  const result = await api.setUserDisabled(user.name, disabled);
  if (!result.ok) {
    toast(t('a.actionFailed', { message: failureMessage(result) }), 'error');
    return;
  }
  shownPassword = null;
  const message = t(disabled ? 'a.disabledDone' : 'a.enabledDone', { name: user.name });
  await renderUsers(main);
  toast(message);
  document.querySelector(`tr[data-user="${CSS.escape(user.name)}"] button[data-action="${disabled ? 'enable' : 'disable'}"]`)?.focus();
}

function addUserForm(main, organizations) {
  const memberships = h(
    'fieldset',
    { class: 'field radio-set', id: 'new-user-organizations' },
    h('legend', { class: 'field-label' }, t('org.memberships')),
    membershipChoices(organizations, [], 'new-user-organization'),
  );
  const name = h('input', { type: 'text', autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false', maxlength: '64', required: true });
  const role = h('select', {}, ROLES.map((r) => h('option', { value: r }, roleName(r, language()))));
  const generate = h('input', { type: 'radio', name: 'password-mode', id: 'password-generate', value: 'generate' });
  generate.checked = true;
  const choose = h('input', { type: 'radio', name: 'password-mode', id: 'password-choose', value: 'choose' });
  const password = h('input', { type: 'password', autocomplete: 'new-password', minlength: '10' });
  const passwordField = fieldBlock('new-user-password', t('a.password'), password, t('a.passwordHint'));
  passwordField.hidden = true;
  const syncMode = () => {
    passwordField.hidden = !choose.checked;
    if (!choose.checked) password.value = '';
  };
  generate.addEventListener('change', syncMode);
  choose.addEventListener('change', syncMode);
  const error = h('div', { class: 'form-error', id: 'new-user-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'add-user' }, icon('plus'), h('span', { class: 'btn-label' }, t('a.add')));
  const form = h(
    'form',
    { class: 'card stack-form', id: 'new-user-form', novalidate: true, 'aria-labelledby': 'new-user-title' },
    h('h2', { class: 'section-title', id: 'new-user-title' }, t('a.addTitle')),
    error,
    fieldBlock('new-user-name', t('a.name'), name, t('a.nameHint')),
    fieldBlock('new-user-role', t('a.role'), role, t('a.roleHint')),
    h(
      'fieldset',
      { class: 'field radio-set' },
      h('legend', { class: 'field-label' }, t('a.passwordMode')),
      h('label', { class: 'check', for: 'password-generate' }, generate, h('span', {}, t('a.generate'))),
      h('label', { class: 'check', for: 'password-choose' }, choose, h('span', {}, t('a.choose'))),
    ),
    passwordField,
    memberships,
    h('div', { class: 'form-actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const problems = [];
    for (const control of [name, password]) control.removeAttribute('aria-invalid');
    if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name.value.trim())) {
      problems.push(t('a.nameInvalid'));
      name.setAttribute('aria-invalid', 'true');
    }
    if (choose.checked && password.value.length < 10) {
      problems.push(t('a.passwordShort'));
      password.setAttribute('aria-invalid', 'true');
    }
    if (problems.length) {
      error.replaceChildren(icon('error'), h('span', {}, problems.join(' ')));
      error.classList.add('is-visible');
      (name.getAttribute('aria-invalid') ? name : password).focus();
      return;
    }
    const request = { name: name.value.trim(), role: role.value, organizations: tickedOrganizations(memberships) };
    if (choose.checked) request.password = password.value;
    submit.disabled = true;
    const result = await api.createUser(request);
    submit.disabled = false;
    if (!result.ok) {
      const issues = result.error?.issues ?? [];
      const message = issues.length
        ? issues.map((issue) => `${issue.path === 'name' ? t('a.name') : issue.path === 'password' ? t('a.password') : issue.path}: ${issue.message}`).join('; ')
        : failureMessage(result);
      error.replaceChildren(icon('error'), h('span', {}, t('a.addFailed', { message })));
      error.classList.add('is-visible');
      return;
    }
    const created = result.data?.user ?? request;
    shownPassword = result.data?.password ? { name: created.name, password: result.data.password } : null;
    const message = t('a.added', { name: created.name, role: roleName(created.role, language()) });
    await renderUsers(main);
    toast(message);
    announce(message);
    if (!shownPassword) document.getElementById('new-user-name')?.focus();
  });
  return form;
}

// ---------------------------------------------------------------- API tokens

let shownSecret = null;

export async function renderTokens(main) {
  const admin = may('manageUsers');
  setTitle(admin ? t('a.tokensTitle') : t('a.myTokensTitle'));
  const head = pageHead({ title: admin ? t('a.tokensTitle') : t('a.myTokensTitle'), lead: t('a.tokensLead') });
  const body = h('div', { class: 'view-body' }, loadingBlock());
  fill(main, head, subnav('tokens'), body);
  main.setAttribute('aria-busy', 'true');
  const [result, users] = await Promise.all([api.tokens(), admin ? api.users() : Promise.resolve(null)]);
  main.setAttribute('aria-busy', 'false');
  if (!result.ok) {
    fill(body, errorBlock(t('loadFailed', { message: failureMessage(result) }), () => renderTokens(main)));
    return;
  }
  const tokens = [...(result.data?.tokens ?? [])].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  const secret = shownSecret
    ? secretPanel({ id: 'new-token', title: t('a.secretTitle', { label: shownSecret.label }), value: shownSecret.secret, note: t('a.secretNote') })
    : null;
  const table = tokens.length
    ? h(
        'table',
        { class: 'data-table', id: 'token-table' },
        h('caption', { class: 'sr-only' }, t('a.tokens')),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('a.colLabel')),
            h('th', { scope: 'col' }, t('a.colAccount')),
            h('th', { scope: 'col' }, t('a.colCreated')),
            h('th', { scope: 'col' }, t('a.colStatus')),
            h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'sr-only' }, t('e.colActions'))),
          ),
        ),
        h(
          'tbody',
          {},
          tokens.map((token) =>
            h(
              'tr',
              { 'data-token': token.id, 'data-revoked': String(Boolean(token.revokedAt)) },
              h('th', { scope: 'row', class: 'cell-main' }, h('span', { class: 'row-title' }, token.label), h('span', { class: 'row-sub mono' }, token.id.slice(0, 8))),
              h('td', { 'data-label': t('a.colAccount') }, token.account),
              h('td', { 'data-label': t('a.colCreated') }, h('time', { datetime: token.createdAt }, formatDateTime(token.createdAt))),
              h(
                'td',
                { 'data-label': t('a.colStatus') },
                token.revokedAt
                  ? [h('span', { class: 'badge badge-closed' }, h('span', { class: 'badge-dot', 'aria-hidden': 'true' }), t('a.revoked')), h('span', { class: 'row-sub' }, formatDateTime(token.revokedAt))]
                  : h('span', { class: 'badge badge-open' }, h('span', { class: 'badge-dot', 'aria-hidden': 'true' }), t('a.active')),
              ),
              h(
                'td',
                { class: 'col-actions' },
                token.revokedAt
                  ? null
                  : h(
                      'button',
                      {
                        type: 'button',
                        class: 'btn btn-danger-outline btn-small',
                        'data-action': 'revoke',
                        'aria-label': t('a.revokeLabel', { label: token.label }),
                        onclick: () => revoke(main, token),
                      },
                      t('a.revoke'),
                    ),
              ),
            ),
          ),
        ),
      )
    : h('p', { class: 'muted empty-line' }, t('a.noTokens'));
  fill(
    body,
    secret,
    h('div', { class: 'accounts-layout' },
      h('section', { class: 'card table-card', 'aria-labelledby': 'tokens-title' },
        h('h2', { class: 'section-title table-card-title', id: 'tokens-title' }, t('a.tokens')),
        table),
      addTokenForm(main, admin ? (users?.data?.users ?? []).filter((u) => !u.disabled) : null)),
  );
  if (secret) secret.focus();
  return forgetOnLeave();
}

async function revoke(main, token) {
  const ok = await confirmDialog({
    title: t('a.revokeTitle', { label: token.label }),
    body: t('a.revokeBody'),
    confirmLabel: t('a.revoke'),
    tone: 'danger',
  });
  if (!ok) return;
  const result = await api.revokeToken(token.id);
  if (!result.ok) {
    toast(t('a.actionFailed', { message: failureMessage(result) }), 'error');
    return;
  }
  shownSecret = null;
  await renderTokens(main);
  toast(t('a.revokedDone', { label: token.label }));
  document.getElementById('tokens-title')?.focus();
}

function addTokenForm(main, users) {
  const label = h('input', { type: 'text', maxlength: '100', autocomplete: 'off', required: true, placeholder: t('a.labelPlaceholder') });
  const me = session()?.name ?? '';
  let account = null;
  if (users) {
    account = h(
      'select',
      {},
      users.map((user) => h('option', { value: user.name, selected: user.name.toLowerCase() === me.toLowerCase() }, `${user.name}（${roleName(user.role, language())}）`)),
    );
  }
  const error = h('div', { class: 'form-error', id: 'new-token-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'add-token' }, icon('plus'), t('a.createToken'));
  const form = h(
    'form',
    { class: 'card stack-form', id: 'new-token-form', novalidate: true, 'aria-labelledby': 'new-token-title' },
    h('h2', { class: 'section-title', id: 'new-token-title' }, t('a.createTokenTitle')),
    error,
    fieldBlock('new-token-label', t('a.label'), label, t('a.labelHint')),
    account ? fieldBlock('new-token-account', t('a.account'), account, t('a.accountHint')) : null,
    h('div', { class: 'form-actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    label.removeAttribute('aria-invalid');
    if (!label.value.trim()) {
      label.setAttribute('aria-invalid', 'true');
      error.replaceChildren(icon('error'), h('span', {}, t('a.labelMissing')));
      error.classList.add('is-visible');
      label.focus();
      return;
    }
    const request = { label: label.value.trim() };
    if (account && account.value) request.account = account.value;
    submit.disabled = true;
    const result = await api.createToken(request);
    submit.disabled = false;
    if (!result.ok) {
      error.replaceChildren(icon('error'), h('span', {}, t('a.tokenFailed', { message: failureMessage(result) })));
      error.classList.add('is-visible');
      return;
    }
    shownSecret = { label: request.label, secret: result.data?.secret ?? '' };
    await renderTokens(main);
    announce(t('a.tokenCreated', { label: request.label }));
  });
  return form;
}

/** The view's cleanup: a secret shown once is forgotten when the person goes elsewhere (not on a language switch). */
function forgetOnLeave() {
  const here = location.hash;
  return () => {
    if (location.hash !== here) {
      shownPassword = null;
      shownSecret = null;
    }
  };
}
