// The small modal dialog in which the evaluator gives the reason for excluding a
// response or for counting it again. A native <dialog>: Escape and the Cancel button
// close it, focus stays inside while it is open. The API's error is shown in it.

import { h, uid } from '../shared/dom.js';
import { errorDetails } from './common.js';

const MAX_REASON = 500;

/**
 * Opens the dialog; resolves to the API's answer after a successful submit, or null
 * when the evaluator cancels.
 * options: {mode: 'exclude'|'include', facts: [[label, value]], submit: async (reason) => result,
 *   title?, desc?: the words for the response's actual state (default: the mode's)}
 */
export function openReasonDialog(ctx, { mode, facts, submit, title = null, desc = null }) {
  const { t } = ctx;
  const ids = { title: uid('dlg-title'), desc: uid('dlg-desc'), reason: uid('dlg-reason'), hint: uid('dlg-hint'), error: uid('dlg-error'), counter: uid('dlg-counter') };
  const exclude = mode === 'exclude';
  return new Promise((resolve) => {
    let busy = false;
    const textarea = h('textarea', {
      id: ids.reason, name: 'reason', rows: '3', maxlength: String(MAX_REASON), required: true,
      'aria-describedby': `${ids.hint} ${ids.counter} ${ids.error}`,
    });
    const counter = h('span', { class: 'counter', id: ids.counter }, `0/${MAX_REASON}`);
    const error = h('div', { class: 'dialog-error', id: ids.error, role: 'alert' });
    const cancel = h('button', { type: 'button', class: 'button button-ghost', dataset: { action: 'cancel' } }, t('cancel'));
    const confirm = h('button', {
      type: 'submit', class: ['button', exclude ? 'button-danger' : 'button-primary'], dataset: { action: 'confirm' },
    }, exclude ? t('dlg.confirmExclude') : t('dlg.confirmInclude'));
    const presets = (exclude ? ['dlg.preset.duplicate', 'dlg.preset.test', 'dlg.preset.outsider', 'dlg.preset.invalid']
      : ['dlg.preset.valid', 'dlg.preset.mistake']).map((key) => t(key));

    const form = h('form', { method: 'dialog', class: 'dialog-form', novalidate: true },
      h('h2', { id: ids.title, class: 'dialog-title' }, title ?? (exclude ? t('dlg.excludeTitle') : t('dlg.includeTitle'))),
      h('p', { id: ids.desc, class: 'dialog-desc' }, desc ?? (exclude ? t('dlg.excludeDesc') : t('dlg.includeDesc'))),
      facts?.length ? h('dl', { class: 'dialog-facts' }, facts.map(([label, value]) => h('div', {}, h('dt', {}, label), h('dd', {}, value)))) : null,
      h('div', { class: 'field' },
        h('label', { for: ids.reason }, t('dlg.reason'), h('span', { class: 'req' }, t('requiredMark'))),
        textarea,
        h('div', { class: 'field-foot' }, h('span', { id: ids.hint, class: 'hint' }, t('dlg.hint')), counter)),
      h('div', { class: 'presets', role: 'group', 'aria-label': t('dlg.presets') },
        presets.map((text) => h('button', {
          type: 'button', class: 'preset',
          on: {
            click: () => {
              textarea.value = text;
              update();
              textarea.focus();
            },
          },
        }, text))),
      error,
      h('div', { class: 'dialog-actions' }, cancel, confirm));

    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': ids.title, 'aria-describedby': ids.desc, id: 'reason-dialog' }, form);

    function update() {
      counter.textContent = `${textarea.value.length}/${MAX_REASON}`;
      if (textarea.value.trim()) {
        textarea.removeAttribute('aria-invalid');
        if (error.dataset.kind === 'local') error.replaceChildren();
      }
    }

    function finish(result) {
      dialog.close();
      dialog.remove();
      resolve(result);
    }

    textarea.addEventListener('input', update);
    cancel.addEventListener('click', () => { if (!busy) finish(null); });
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      if (!busy) finish(null);
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (busy) return;
      const reason = textarea.value.trim();
      if (!reason) {
        error.dataset.kind = 'local';
        error.replaceChildren(h('p', { class: 'error-summary' }, t('dlg.reasonRequired')));
        textarea.setAttribute('aria-invalid', 'true');
        textarea.focus();
        return;
      }
      busy = true;
      confirm.disabled = true;
      cancel.disabled = true;
      confirm.classList.add('is-busy');
      const label = confirm.textContent;
      confirm.textContent = t('saving');
      error.replaceChildren();
      try {
        const result = await submit(reason);
        busy = false;
        finish(result ?? true);
      } catch (problem) {
        busy = false;
        confirm.disabled = false;
        cancel.disabled = false;
        confirm.classList.remove('is-busy');
        confirm.textContent = label;
        error.dataset.kind = 'server';
        error.replaceChildren(...errorDetails(t, problem).filter(Boolean));
        if (problem?.issues?.some((issue) => issue.path === 'reason')) textarea.setAttribute('aria-invalid', 'true');
        textarea.focus();
      }
    });

    document.body.append(dialog);
    dialog.showModal();
    textarea.focus();
  });
}
