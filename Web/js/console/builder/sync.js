// Keeps the builder's sides together: an edit in the form rewrites the YAML, refreshes the
// preview and asks the server's validator (debounced); a valid answer to typed YAML
// becomes the form's content.

import { t } from '../../shared/i18n.js';
import { announce, fill, h, icon } from '../../shared/dom.js';
import { api } from '../api.js';
import { failureMessage } from '../dom.js';
import { definitionFromModel, modelFromDefinition } from '../model.js';
import { emitYAML } from '../yaml.js';
import { refreshDerived, renderForm } from './form.js';
import { renderCheck } from './issues.js';
import { els, state } from './state.js';
import { renderYAMLDecor, renderYAMLNote } from './yaml-pane.js';

const VALIDATE_DELAY_MS = 400;

// ---------------------------------------------------------------- edits

/** A value changed in the form (no new fields): YAML, weights, preview and a check follow. */
export function edited() {
  state.dirty = true;
  fromForm();
  refreshDerived();
  refreshDirty();
}

/** The form's structure changed: draw it again, then focus `focusId` (an element id). */
export function structural(focusId) {
  state.dirty = true;
  fromForm();
  renderForm();
  refreshDirty();
  if (focusId) {
    let target = document.getElementById(focusId);
    // A moved item's "up" is disabled once it is first: its other tools take the focus.
    if (target?.disabled) target = target.parentElement?.querySelector('button:not([disabled])') ?? target;
    if (target) {
      target.focus();
      if (typeof target.scrollIntoView === 'function') target.scrollIntoView({ block: 'nearest' });
    }
  }
}

/** The form is now the source: write the YAML from it (keeping typed YAML that had problems). */
function fromForm() {
  if (state.yamlSource === 'user' && !state.yamlInSync && state.yamlBackup === null) {
    state.yamlBackup = state.yamlText;
  }
  state.yamlSource = 'form';
  state.yamlInSync = true;
  regenerateYAML();
  if (els) {
    els.yaml.value = state.yamlText;
    renderYAMLDecor();
    renderYAMLNote();
    els.stale.hidden = true;
  }
  schedulePreview();
  scheduleValidate();
}

export function regenerateYAML() {
  const { text } = emitYAML(definitionFromModel(state.model));
  state.yamlText = text;
}

export function refreshDirty() {
  if (!els) return;
  els.unsaved.textContent = state.dirty ? t('b.unsaved') : '';
}

// ---------------------------------------------------------------- checking with the server

export function scheduleValidate(delay = VALIDATE_DELAY_MS) {
  clearTimeout(state.timer);
  if (state.check.status !== 'checking') setCheck({ ...state.check, status: 'checking' });
  state.timer = setTimeout(() => {
    state.pending = validate();
  }, delay);
}

/** Sends the YAML text to the validator; applies the answer if nothing newer was sent. */
export async function validate() {
  const seq = (state.seq += 1);
  state.controller?.abort();
  const controller = new AbortController();
  state.controller = controller;
  const source = state.yamlSource;
  const text = state.yamlText;
  const result = await api.validateYAML(text, controller.signal);
  // A newer check is on its way when the text changed meanwhile; this answer is stale.
  if (seq !== state.seq || result.aborted || text !== state.yamlText) return;
  if (result.ok) {
    const warnings = result.data?.warnings ?? [];
    setCheck({ status: 'valid', errors: [], warnings, message: '' });
    if (source === 'user') {
      const definition = result.data?.definition;
      if (definition && typeof definition === 'object') {
        state.model = modelFromDefinition(definition);
        state.yamlInSync = true;
        renderForm();
        schedulePreview();
        announce(t('b.loadedFromYaml'));
        if (els) els.stale.hidden = true;
      } else {
        state.yamlInSync = false;
        showStale(t('b.needsServer'));
      }
    }
  } else if (result.status === 422) {
    setCheck({ status: 'invalid', errors: result.error.issues, warnings: [], message: result.error.message });
    if (source === 'user') {
      state.yamlInSync = false;
      showStale(t('b.yamlStale'));
    }
  } else if (result.status === 400) {
    const line = /line (\d+)/i.exec(result.error.message)?.[1];
    setCheck({
      status: 'syntax',
      errors: [{ path: '', message: result.error.message, line: line ? Number(line) : undefined }],
      warnings: [],
      message: result.error.message,
    });
    if (source === 'user') {
      state.yamlInSync = false;
      showStale(t('b.yamlStale'));
    }
  } else {
    setCheck({ status: 'offline', errors: [], warnings: [], message: failureMessage(result) });
  }
}

function showStale(message) {
  if (!els) return;
  els.stale.hidden = false;
  fill(els.stale, icon('alert'), h('span', {}, message));
}

export function setCheck(check) {
  state.check = check;
  renderCheck();
}

// ---------------------------------------------------------------- preview

let previewTimer = null;

function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(refreshPreview, 150);
}

export function refreshPreview() {
  if (!els || !state.preview) return;
  const definition = definitionFromModel(state.model);
  state.preview.update(definition, els.previewLocales);
}
