// The questionnaire form builder: a form on one side and, next to it, the same definition
// as YAML text and a live preview as attendees see it. Either side can be edited; the
// server's validator checks the definition as you type (debounced), and its messages are
// shown next to the form fields their paths name, in a summary, and on the YAML lines.
//
// This module is the view itself (loading a version to edit, the page layout, starting
// over, saving); its parts live in builder/: state.js (what the builder holds), sync.js
// (form → YAML → preview → validator), form.js and options.js (the editors), fields.js
// (labelled controls), issues.js (the check status, problems on fields and the summary),
// yaml-pane.js (the YAML box and the preview tabs).

import { t } from '../shared/i18n.js';
import { announce, fill, h, icon } from '../shared/dom.js';
import { api } from './api.js';
import { confirmDialog } from './dialog.js';
import { errorBlock, failureMessage, loadingBlock, pageHead, setTitle, toast } from './dom.js';
import { definitionFromModel, emptyModel, modelFromDefinition } from './model.js';
import { createPreview } from './preview.js';
import { renderForm } from './builder/form.js';
import { applyIssues, openSummary, renderCheck } from './builder/issues.js';
import { els, setEls, state } from './builder/state.js';

export { hasUnsavedChanges } from './builder/state.js';
import { refreshDirty, refreshPreview, regenerateYAML, scheduleValidate, setCheck, validate } from './builder/sync.js';
import { drawSide, renderYAMLDecor } from './builder/yaml-pane.js';
import { currentOrganization } from './organizations.js';

// ---------------------------------------------------------------- entry

export async function render(main, { mode, id, version }) {
  const key = mode === 'new' ? 'new' : `edit:${id}:${version ?? 'latest'}`;
  setTitle(mode === 'new' ? t('b.newTitle') : t('b.editTitle', { id }));
  if (state.key !== key || !state.model) {
    if (mode === 'new') {
      startWith(key, emptyModel(), null);
    } else {
      fill(main, 
        pageHead({ crumbs: [{ href: '#/questionnaires', label: t('q.title') }], title: t('b.editTitle', { id }) }),
        loadingBlock(),
      );
      main.setAttribute('aria-busy', 'true');
      const [result, list] = await Promise.all([
        version ? api.questionnaireVersion(id, version) : api.questionnaire(id),
        api.questionnaires(),
      ]);
      main.setAttribute('aria-busy', 'false');
      if (!result.ok) {
        fill(main, 
          pageHead({ crumbs: [{ href: '#/questionnaires', label: t('q.title') }], title: t('b.editTitle', { id }) }),
          errorBlock(t('loadFailed', { message: failureMessage(result) }), () => render(main, { mode, id, version })),
        );
        return undefined;
      }
      const model = modelFromDefinition(result.data.definition);
      const latest = (list.data?.questionnaires ?? []).find((q) => q.id === id)?.latestVersion ?? result.data.version;
      model.version = latest + 1;
      startWith(key, model, result.data.version);
    }
  }
  draw(main);
  return () => {
    clearTimeout(state.timer);
    state.preview?.destroy();
    state.preview = null;
    setEls(null);
  };
}

function startWith(key, model, baseVersion) {
  state.key = key;
  state.model = model;
  state.baseVersion = baseVersion;
  state.dirty = false;
  state.yamlSource = 'form';
  state.yamlInSync = true;
  state.yamlBackup = null;
  state.check = { status: 'idle', errors: [], warnings: [], message: '' };
  // A new, empty form is not covered in messages: a field shows its problem once it was
  // left (or after a save was tried); the status and the summary count everything.
  state.quiet = key === 'new';
  state.touched = new Set();
  state.collapsed = new Set(model.dimensions.slice(1).map((dimension) => dimension.id));
  regenerateYAML();
}

// ---------------------------------------------------------------- the page

function draw(main) {
  const editing = state.key !== 'new';
  const id = editing ? state.key.split(':')[1] : null;
  const statusPill = h('span', { class: 'check-pill', id: 'check-status', role: 'status', 'aria-live': 'polite' });
  const saveButton = h(
    'button',
    { type: 'button', class: 'btn btn-primary', id: 'save-questionnaire', onclick: save },
    icon('check'),
    h('span', { class: 'btn-label' }, t('b.save')),
  );
  const head = pageHead({
    crumbs: [{ href: '#/questionnaires', label: t('q.title') }],
    title: editing ? t('b.editTitle', { id }) : t('b.newTitle'),
    lead: editing ? t('b.basedOn', { v: state.baseVersion }) : t('b.newLead'),
    actions: editing
      ? []
      : [h('button', { type: 'button', class: 'btn btn-ghost', id: 'start-over', onclick: startOver }, t('b.startOver'))],
  });
  const bar = h(
    'div',
    { class: 'builder-bar' },
    h('div', { class: 'builder-bar-inner' }, statusPill, h('span', { class: 'unsaved-note', id: 'unsaved-note' }), saveButton),
  );
  const summary = h('div', { class: 'issue-summary', id: 'issue-summary', tabindex: '-1' });
  const stale = h('div', { class: 'stale-note', id: 'stale-note', hidden: true });
  const form = h('form', {
    class: 'builder-form',
    id: 'builder-form',
    novalidate: true,
    'aria-label': editing ? t('b.editTitle', { id }) : t('b.newTitle'),
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('focusout', (event) => {
    const field = event.target.closest?.('[data-path]');
    if (!state.quiet || !field || state.touched.has(field.dataset.path)) return;
    state.touched.add(field.dataset.path);
    if (state.check.status !== 'checking') applyIssues();
  });
  const side = drawSide();
  fill(main, head, bar, summary, h('div', { class: 'builder' }, h('div', { class: 'builder-main' }, stale, form), side));
  setEls({
    main,
    form,
    summary,
    stale,
    statusPill,
    saveButton,
    unsaved: main.querySelector('#unsaved-note'),
    yaml: side.querySelector('#yaml-text'),
    gutter: side.querySelector('.code-gutter'),
    backdrop: side.querySelector('.code-backdrop'),
    yamlNote: side.querySelector('#yaml-note'),
    previewHost: side.querySelector('#preview-host'),
    previewLocales: side.querySelector('#preview-locales'),
  });
  els.yaml.value = state.yamlText;
  renderForm();
  renderYAMLDecor();
  renderCheck();
  refreshDirty();
  state.preview = createPreview(els.previewHost, { title: t('b.preview') });
  refreshPreview();
  if (state.check.status === 'idle') scheduleValidate(0);
}

async function startOver() {
  const ok = await confirmDialog({ title: t('b.startOver'), body: t('b.startOverConfirm'), confirmLabel: t('b.startOver'), tone: 'danger' });
  if (!ok) return;
  startWith('new', emptyModel(), null);
  draw(els.main);
  els.main.querySelector('.page-title')?.focus();
}

// ---------------------------------------------------------------- saving

async function save() {
  if (state.saving || !els) return;
  if (state.quiet) {
    state.quiet = false;
    renderCheck();
  }
  // A check still waiting (typing just stopped) runs now, so the save sees its answer.
  if (state.check.status === 'checking') {
    clearTimeout(state.timer);
    await validate();
  } else if (state.pending) {
    await state.pending;
  }
  if (state.check.status === 'invalid' || state.check.status === 'syntax') {
    toast(t('b.fixFirst'), 'error');
    applyIssues();
    openSummary();
    return;
  }
  if (state.yamlSource === 'user' && !state.yamlInSync) {
    toast(t('b.needsServer'), 'error');
    return;
  }
  state.saving = true;
  els.saveButton.disabled = true;
  els.saveButton.querySelector('.btn-label').textContent = t('b.saving');
  const definition = definitionFromModel(state.model);
  const organization = currentOrganization();
  let result = await api.saveQuestionnaire(definition, organization);
  if (result.status === 409 && result.error?.code === 'id_taken' && organization) {
    // A shared template (or another organization's id): the changes are saved as a copy in
    // the organization the console works in.
    const copy = { ...definition, id: `${definition.id}-${organization}`.slice(0, 64).replace(/-+$/, ''), version: 1 };
    result = await api.saveQuestionnaire(copy, organization);
  }
  state.saving = false;
  if (els) {
    els.saveButton.disabled = false;
    els.saveButton.querySelector('.btn-label').textContent = t('b.save');
  }
  if (result.ok) {
    const { id, version, created } = result.data;
    const message = created ? t('b.savedNew', { v: version }) : t('b.savedSame', { v: version });
    state.dirty = false;
    state.key = null;
    state.model = null;
    toast(message);
    announce(message);
    location.hash = `#/questionnaires/${encodeURIComponent(id)}/versions/${version}`;
    return;
  }
  if (result.status === 422) {
    setCheck({ status: 'invalid', errors: result.error.issues, warnings: [], message: result.error.message });
    openSummary();
  }
  toast(t('b.saveFailed', { message: failureMessage(result) }), 'error');
  announce(t('b.saveFailed', { message: failureMessage(result) }));
}
