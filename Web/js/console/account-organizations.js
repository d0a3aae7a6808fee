// Organizations in the accounts view (administrators): the organizations with their members,
// adding, renaming and deleting one (the server refuses an organization that is not empty),
// and which organizations each account belongs to.

import { localized, t } from '../shared/i18n.js';
import { announce, fill, h, icon } from '../shared/dom.js';
import { api } from './api.js';
import { confirmDialog } from './dialog.js';
import { failureMessage, toast } from './dom.js';
import { loadOrganizations } from './organizations.js';

function nameOf(organization) {
  return localized(organization.name) || organization.id;
}

function failed(result) {
  const issues = result.error?.issues ?? [];
  const message = issues.length ? issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') : failureMessage(result);
  return t('org.failed', { message });
}

/** Check boxes, one per organization; `checked` holds the ids ticked. */
export function membershipChoices(organizations, checked, idPrefix) {
  return organizations.map((organization) => {
    const id = `${idPrefix}-${organization.id}`;
    const box = h('input', { type: 'checkbox', id, value: organization.id, 'data-organization': organization.id });
    box.checked = checked.includes(organization.id);
    return h('label', { class: 'check', for: id }, box, h('span', {}, nameOf(organization)));
  });
}

/** The ids ticked in `container`. */
export function tickedOrganizations(container) {
  return [...container.querySelectorAll('input[type="checkbox"][data-organization]')].filter((box) => box.checked).map((box) => box.value);
}

/** An account's organizations in its row: the boxes and a save button. */
export function membershipCell(user, organizations, redraw) {
  const prefix = `member-${user.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const fieldset = h(
    'fieldset',
    { class: 'membership', 'data-memberships': user.name },
    h('legend', { class: 'sr-only' }, t('org.membershipsLabel', { name: user.name })),
    membershipChoices(organizations, user.organizations ?? [], prefix),
  );
  const save = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-secondary btn-small',
      'data-action': 'memberships',
      'aria-label': t('org.membershipsLabel', { name: user.name }),
      onclick: async () => {
        save.disabled = true;
        const result = await api.setUserOrganizations(user.name, tickedOrganizations(fieldset));
        save.disabled = false;
        if (!result.ok) {
          toast(failed(result), 'error');
          return;
        }
        const message = t('org.membershipsSaved', { name: user.name });
        await redraw();
        toast(message);
        announce(message);
      },
    },
    t('org.saveMemberships'),
  );
  return h('div', { class: 'membership-cell' }, fieldset, save);
}

/** The organizations card: the table and the form that adds one. */
export function organizationsSection(users, organizations, redraw) {
  const members = (id) => users.filter((user) => (user.organizations ?? []).includes(id)).length;
  const table = h(
    'table',
    { class: 'data-table', id: 'organization-table' },
    h('caption', { class: 'sr-only' }, t('org.title')),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, t('org.colName')),
        h('th', { scope: 'col' }, t('org.colId')),
        h('th', { scope: 'col' }, t('org.colMembers')),
        h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'sr-only' }, t('e.colActions'))),
      ),
    ),
    h(
      'tbody',
      {},
      organizations.map((organization) =>
        h(
          'tr',
          { 'data-organization': organization.id },
          h('th', { scope: 'row', class: 'cell-main' }, h('span', { class: 'row-title' }, nameOf(organization))),
          h('td', { 'data-label': t('org.colId'), class: 'mono' }, organization.id),
          h('td', { 'data-label': t('org.colMembers') }, String(members(organization.id))),
          h(
            'td',
            { class: 'col-actions' },
            h(
              'div',
              { class: 'row-actions' },
              h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-action': 'rename', 'aria-label': t('org.renameLabel', { name: nameOf(organization) }), onclick: () => rename(organization, redraw) }, t('org.rename')),
              h('button', { type: 'button', class: 'btn btn-danger-outline btn-small', 'data-action': 'delete', 'aria-label': t('org.deleteLabel', { name: nameOf(organization) }), onclick: () => remove(organization, redraw) }, t('org.delete')),
            ),
          ),
        ),
      ),
    ),
  );
  return h(
    'div',
    { class: 'accounts-layout', id: 'organizations' },
    h('section', { class: 'card table-card', 'aria-labelledby': 'organizations-title' }, h('h2', { class: 'section-title table-card-title', id: 'organizations-title' }, t('org.title')), h('p', { class: 'section-hint' }, t('org.lead')), table),
    addOrganizationForm(redraw),
  );
}

function nameFrom(zh, en) {
  const chinese = zh.trim();
  const english = en.trim();
  return chinese && english ? { zh: chinese, en: english } : chinese || english;
}

async function rename(organization, redraw) {
  const answer = window.prompt(t('org.renamePrompt', { name: nameOf(organization) }), nameOf(organization));
  if (answer === null || !answer.trim()) return;
  const result = await api.renameOrganization(organization.id, answer.trim());
  if (!result.ok) {
    toast(failed(result), 'error');
    return;
  }
  await loadOrganizations();
  await redraw();
  toast(t('org.renamed'));
  announce(t('org.renamed'));
}

async function remove(organization, redraw) {
  const ok = await confirmDialog({
    title: t('org.deleteTitle', { name: nameOf(organization) }),
    body: t('org.deleteBody'),
    confirmLabel: t('org.delete'),
    tone: 'danger',
  });
  if (!ok) return;
  const result = await api.deleteOrganization(organization.id);
  if (!result.ok) {
    toast(failed(result), 'error');
    announce(failed(result));
    return;
  }
  await loadOrganizations();
  await redraw();
  toast(t('org.deleted'));
  announce(t('org.deleted'));
}

function addOrganizationForm(redraw) {
  const field = (id, label, control, hint) => {
    control.id = id;
    if (hint) control.setAttribute('aria-describedby', `${id}-hint`);
    return h('div', { class: 'field' }, h('label', { class: 'field-label', for: id }, label), control, hint ? h('p', { class: 'field-hint', id: `${id}-hint` }, hint) : null);
  };
  const id = h('input', { type: 'text', maxlength: '64', autocapitalize: 'off', spellcheck: 'false', class: 'mono', required: true });
  const zh = h('input', { type: 'text', maxlength: '100', lang: 'zh', required: true });
  const en = h('input', { type: 'text', maxlength: '100', lang: 'en' });
  const error = h('div', { class: 'form-error', id: 'new-organization-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'add-organization' }, icon('plus'), t('org.add'));
  const form = h(
    'form',
    { class: 'card stack-form', id: 'new-organization-form', novalidate: true, 'aria-labelledby': 'new-organization-title' },
    h('h2', { class: 'section-title', id: 'new-organization-title' }, t('org.addTitle')),
    error,
    field('new-organization-id', t('org.id'), id, t('org.idHint')),
    field('new-organization-zh', t('org.nameZh'), zh),
    field('new-organization-en', t('org.nameEn'), en),
    h('div', { class: 'form-actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    submit.disabled = true;
    const result = await api.createOrganization({ id: id.value.trim(), name: nameFrom(zh.value, en.value) });
    submit.disabled = false;
    if (!result.ok) {
      fill(error, icon('error'), h('span', {}, failed(result)));
      error.classList.add('is-visible');
      return;
    }
    await loadOrganizations();
    await redraw();
    toast(t('org.created'));
    announce(t('org.created'));
  });
  return form;
}
