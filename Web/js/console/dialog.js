// A confirmation in a modal <dialog>: Escape or "Cancel" says no, the confirm button yes.
// Focus starts on "Cancel" (the safe choice) and returns to where it was afterwards.

import { h, icon } from '../shared/dom.js';
import { t } from '../shared/i18n.js';

/** Resolves to true when the person confirms. `tone` 'danger' colours the confirm button red. */
export function confirmDialog({ title, body, confirmLabel, tone = 'primary' }) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const titleId = 'confirm-title';
    const bodyId = 'confirm-body';
    const cancel = h('button', { type: 'button', class: 'btn btn-secondary', value: 'cancel', 'data-action': 'cancel' }, t('cancel'));
    const confirm = h(
      'button',
      { type: 'button', class: `btn ${tone === 'danger' ? 'btn-danger' : 'btn-primary'}`, value: 'confirm', 'data-action': 'confirm' },
      confirmLabel ?? t('confirm'),
    );
    const dialog = h(
      'dialog',
      { class: 'confirm-dialog', 'aria-labelledby': titleId, 'aria-describedby': bodyId, id: 'confirm-dialog' },
      h(
        'div',
        { class: 'dialog-body' },
        h('div', { class: `dialog-icon dialog-icon-${tone}` }, icon(tone === 'danger' ? 'alert' : 'info')),
        h('div', {}, h('h2', { id: titleId, class: 'dialog-title' }, title), h('p', { id: bodyId, class: 'dialog-text' }, body)),
      ),
      h('div', { class: 'dialog-actions' }, cancel, confirm),
    );
    let answered = false;
    const finish = (value) => {
      if (answered) return;
      answered = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      if (opener && typeof opener.focus === 'function' && document.contains(opener)) opener.focus();
      resolve(value);
    };
    cancel.addEventListener('click', () => finish(false));
    confirm.addEventListener('click', () => finish(true));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(false);
    });
    dialog.addEventListener('close', () => finish(false));
    // A click on the backdrop (outside the box) is a "no".
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) {
        const box = dialog.getBoundingClientRect();
        const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
        if (!inside) finish(false);
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
