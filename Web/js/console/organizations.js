// The organization the console works in. Someone in one organization works in it; someone in
// several picks one in the top bar, and the choice is remembered in this browser; an admin
// may pick one or see all. Lists show the chosen organization's evaluations and
// questionnaires (and the shared templates), and new ones are created in it. What anyone may
// see at all is decided by the server (docs/security.md, "Organizations").
//
// Exports: `loadOrganizations()`, `organizations()`, `currentOrganization()`,
// `organizationName(id)`, `inCurrentOrganization(item)`, `organizationPicker(onChange)`.

import { localized, t } from '../shared/i18n.js';
import { h } from '../shared/dom.js';
import { session } from '../shared/session.js';
import { api } from './api.js';

const STORAGE_KEY = 'meetingEval.organization';

let known = [];

/** Reads the organizations the signed-in person sees (GET /api/organizations). */
export async function loadOrganizations() {
  const result = await api.organizations();
  known = result.ok ? result.data?.organizations ?? [] : [];
  return known;
}

export function organizations() {
  return known;
}

function isAdmin() {
  return session()?.role === 'admin';
}

function remembered() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The id of the organization the console works in; null: all of them (an admin's choice). */
export function currentOrganization() {
  const ids = known.map((organization) => organization.id);
  const stored = remembered();
  if (stored && ids.includes(stored)) return stored;
  if (isAdmin() || ids.length === 0) return null;
  return ids[0];
}

function remember(id) {
  try {
    if (id) localStorage.setItem(STORAGE_KEY, id);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Without storage the choice lasts until the page is left.
  }
}

export function organizationName(id) {
  const found = known.find((organization) => organization.id === id);
  return found ? localized(found.name) || found.id : id;
}

/** Whether an evaluation or questionnaire summary belongs in the current organization's lists
 *  (a shared template, with no organization, belongs everywhere). */
export function inCurrentOrganization(item) {
  const current = currentOrganization();
  return !current || !item.organization || item.organization === current;
}

/** The top bar's organization: a name, or a choice when there is more than one. */
export function organizationPicker(onChange) {
  const current = currentOrganization();
  if (known.length === 0) return null;
  if (known.length === 1 && !isAdmin()) {
    return h(
      'div',
      { class: 'org-current', id: 'organization-current', 'data-organization': known[0].id },
      h('span', { class: 'org-label' }, t('org.current')),
      h('span', { class: 'org-name' }, organizationName(known[0].id)),
    );
  }
  const select = h(
    'select',
    { id: 'organization-picker', class: 'org-select' },
    isAdmin() ? h('option', { value: '', selected: current === null }, t('org.all')) : null,
    known.map((organization) => h('option', { value: organization.id, selected: organization.id === current }, organizationName(organization.id))),
  );
  select.addEventListener('change', () => {
    remember(select.value || null);
    onChange();
  });
  return h(
    'div',
    { class: 'org-current', 'data-organization': current ?? '' },
    h('label', { class: 'sr-only', for: 'organization-picker' }, t('org.current')),
    select,
  );
}
