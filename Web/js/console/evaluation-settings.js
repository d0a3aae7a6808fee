// Correcting an evaluation on its settings tab: a draft is edited in the create form (and an
// empty draft deleted); an open evaluation gets more venues, each with its link and QR code
// at once; a closed one is archived or brought back. The rules (what each state allows) are
// the server's; this view offers what fits the state and shows the server's answer.

import { localized, t } from '../shared/i18n.js';
import { announce, fill, h, icon } from '../shared/dom.js';
import { api } from './api.js';
import { confirmDialog } from './dialog.js';
import { errorBlock, failureMessage, loadingBlock, toast } from './dom.js';
import { changeBody, valuesFromEvaluation } from './evaluation-fields.js';
import { evaluationForm } from './evaluation-new.js';
import { venuesFromText } from './model.js';
import { inCurrentOrganization } from './organizations.js';


/** The draft's edit form, with "delete" while it holds no response. `redraw()` draws the page again. */
export async function drawDraftEditor(page, body, redraw) {
  fill(body, loadingBlock());
  const result = await api.questionnaires();
  if (!body.isConnected) return;
  if (!result.ok) {
    fill(body, errorBlock(t('loadFailed', { message: failureMessage(result) }), () => drawDraftEditor(page, body, redraw)));
    return;
  }
  const evaluation = page.evaluation;
  const questionnaires = (result.data?.questionnaires ?? []).filter(
    (q) => inCurrentOrganization(q) || q.id === evaluation.questionnaire.id,
  );
  const values = valuesFromEvaluation(evaluation);
  const form = evaluationForm(questionnaires, values, {
    formId: 'edit-evaluation',
    submitId: 'save-evaluation',
    label: t('fix.save'),
    busyLabel: t('fix.saving'),
    failedKey: 'fix.saveFailed',
    send: (request) => api.changeEvaluation(evaluation.id, changeBody(keepVenueIds(request, evaluation))),
    done: (changed) => {
      page.evaluation = changed;
      redraw();
      toast(t('fix.saved'));
      announce(t('fix.saved'));
    },
  });
  const empty = (evaluation.counts?.responses ?? 0) === 0;
  fill(
    body,
    h(
      'div',
      { class: 'settings-head' },
      h('div', {}, h('h2', { class: 'section-title' }, t('fix.editTitle')), h('p', { class: 'section-hint' }, t('fix.editLead'))),
      empty
        ? h('button', { type: 'button', class: 'btn btn-danger-outline', id: 'delete-evaluation', onclick: () => deleteDraft(evaluation) }, icon('trash'), t('fix.delete'))
        : null,
    ),
    form,
  );
}

/** The venue text gives new ids; a venue whose name is unchanged keeps the id it had, so that
 *  correcting one venue leaves the others' links as they were. */
function keepVenueIds(request, evaluation) {
  if (!request.venues) return request;
  const unused = [...(evaluation.venues ?? [])];
  const kept = request.venues.map((venue) => {
    const index = unused.findIndex((old) => JSON.stringify(old.name) === JSON.stringify(venue.name));
    return index >= 0 ? { ...venue, id: unused.splice(index, 1)[0].id, kept: true } : venue;
  });
  const taken = new Set(kept.filter((venue) => venue.kept).map((venue) => venue.id));
  const venues = kept.map(({ kept: wasKept, ...venue }) => {
    if (wasKept) return venue;
    let id = venue.id;
    for (let n = 2; taken.has(id); n += 1) id = `${venue.id}-${n}`;
    taken.add(id);
    return { ...venue, id };
  });
  return { ...request, venues };
}

async function deleteDraft(evaluation) {
  const ok = await confirmDialog({ title: t('fix.deleteTitle'), body: t('fix.deleteBody'), confirmLabel: t('fix.delete'), tone: 'danger' });
  if (!ok) return;
  const result = await api.deleteEvaluation(evaluation.id);
  if (!result.ok) {
    const message = t('ev.actionFailed', { message: failureMessage(result) });
    toast(message, 'error');
    announce(message);
    return;
  }
  toast(t('fix.deleted'));
  announce(t('fix.deleted'));
  location.hash = '#/evaluations';
}

/** The venue a name typed in the form becomes: its id given, or made as the create form makes
 *  one, and never one the evaluation has already. */
function newVenue(evaluation, nameText, idText) {
  const [made] = venuesFromText(nameText);
  if (!made) return null;
  const taken = new Set((evaluation.venues ?? []).map((venue) => venue.id));
  let base = idText.trim() || made.id;
  if (/^v\d+$/.test(base) && !idText.trim()) base = `v${taken.size + 1}`;
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  return { id, name: made.name };
}

/** "Add a venue" for an open evaluation; the new venue's link and QR code follow the answer. */
export function addVenuePanel(page, { redraw, qrImage, distributionLinks }) {
  const name = h('input', { type: 'text', id: 'new-venue-name', maxlength: '100', autocomplete: 'off', 'aria-describedby': 'new-venue-name-hint' });
  const id = h('input', { type: 'text', id: 'new-venue-id', maxlength: '64', autocapitalize: 'off', spellcheck: 'false', class: 'mono' });
  const error = h('div', { class: 'form-error', id: 'new-venue-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'add-venue' }, icon('plus'), t('fix.addVenue'));
  const form = h(
    'form',
    { class: 'card stack-form', id: 'add-venue-form', novalidate: true, 'aria-labelledby': 'add-venue-title' },
    h('h2', { class: 'section-title', id: 'add-venue-title' }, t('fix.addVenueTitle')),
    h('p', { class: 'section-hint' }, t('fix.addVenueLead')),
    error,
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'new-venue-name' }, t('fix.venueName')), name, h('p', { class: 'field-hint', id: 'new-venue-name-hint' }, t('fix.venueNameHint'))),
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'new-venue-id' }, t('fix.venueId')), id),
    h('div', { class: 'form-actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const evaluation = page.evaluation;
    const venue = newVenue(evaluation, name.value, id.value);
    if (!venue) {
      error.replaceChildren(icon('error'), h('span', {}, t('fix.venueNameMissing')));
      error.classList.add('is-visible');
      name.setAttribute('aria-invalid', 'true');
      name.focus();
      return;
    }
    submit.disabled = true;
    const result = await api.changeEvaluation(evaluation.id, { venues: [...(evaluation.venues ?? []), venue] });
    submit.disabled = false;
    if (!result.ok) {
      const issues = result.error?.issues ?? [];
      const message = issues.length ? issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') : failureMessage(result);
      error.replaceChildren(icon('error'), h('span', {}, t('fix.saveFailed', { message })));
      error.classList.add('is-visible');
      return;
    }
    page.evaluation = result.data;
    const label = localized(venue.name) || venue.id;
    page.addedVenue = venue.id;
    redraw();
    toast(t('fix.venueAdded', { venue: label }));
    announce(t('fix.venueAdded', { venue: label }));
  });
  const holder = h('div', { class: 'add-venue-layout' }, form);
  if (page.addedVenue) holder.append(newVenueCard(page, { qrImage, distributionLinks }));
  return holder;
}

/** The link and QR code of the venue just added. */
function newVenueCard(page, { qrImage, distributionLinks }) {
  const card = h('section', { class: 'card venue-card', id: 'new-venue-card', 'data-venue': page.addedVenue, 'aria-live': 'polite' }, loadingBlock());
  distributionLinks(page.evaluation).then(({ links }) => {
    const link = links.find((entry) => entry.venue?.id === page.addedVenue);
    if (!link || !card.isConnected) return;
    const label = localized(link.venue.name) || link.venue.id;
    const input = h('input', { type: 'text', readonly: true, id: 'new-venue-link', class: 'link-input mono' });
    input.value = link.url;
    input.addEventListener('focus', () => input.select());
    fill(
      card,
      h('h2', { class: 'section-title' }, t('fix.newVenueLink', { venue: label })),
      qrImage(link, label, 'qr-screen'),
      h('label', { class: 'field-label small', for: 'new-venue-link' }, t('x.linkFor', { venue: label })),
      input,
      h('a', { class: 'btn btn-ghost btn-small', href: link.url, target: '_blank', rel: 'noopener' }, icon('external'), t('x.openLink')),
    );
  });
  return card;
}

/** Archive a closed evaluation (hidden from the default list), or bring it back. */
export function archivePanel(page, redraw) {
  const evaluation = page.evaluation;
  const archived = Boolean(evaluation.archivedAt);
  return h(
    'div',
    { class: 'form-actions archive-actions' },
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-secondary',
        id: archived ? 'unarchive-evaluation' : 'archive-evaluation',
        onclick: async () => {
          const result = await api.archiveEvaluation(evaluation.id, !archived);
          if (!result.ok) {
            toast(t('ev.actionFailed', { message: failureMessage(result) }), 'error');
            return;
          }
          page.evaluation = result.data;
          redraw();
          const message = t(archived ? 'fix.unarchived' : 'fix.archived');
          toast(message);
          announce(message);
        },
      },
      icon('doc'),
      t(archived ? 'fix.unarchive' : 'fix.archive'),
    ),
  );
}

/** What the page shows for an evaluation that does not exist or belongs to another organization. */
export function notFoundBlock() {
  return h(
    'div',
    { class: 'empty-state card', id: 'evaluation-not-found' },
    icon('alert'),
    h('p', {}, t('org.notFoundBody')),
    h('a', { class: 'btn btn-secondary', href: '#/evaluations' }, t('org.backToList')),
  );
}

