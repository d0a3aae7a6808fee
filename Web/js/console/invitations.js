// Invitation codes of an evaluation with `access: invitation`: the counts (made, used) per
// batch, the dialog that makes a batch bound to a venue and rater group, and the printable
// sheet of cut-out cards. The server stores only digests of the codes, so a new batch's codes
// exist in this page's memory alone: the sheet opens right after they are made.

import { localized, t } from '../shared/i18n.js';
import { formatDate, formatDateTime, formatNumber } from '../shared/format.js';
import { announce, fill, h, icon } from '../shared/dom.js';
import { csvText } from '../shared/csv.js';
import { may } from '../shared/session.js';
import { api } from './api.js';
import { confirmDialog } from './dialog.js';
import { errorBlock, failureMessage, loadingBlock, notice, toast } from './dom.js';

const enc = encodeURIComponent;
export const MAX_BATCH = 5000;

/** The batch made last in this page, per evaluation: {batch, codes, venue, raterGroup, createdAt, count}. */
const fresh = new Map();

function venueName(evaluation, id, locale) {
  const venue = (evaluation.venues ?? []).find((v) => v.id === id);
  return venue ? localized(venue.name, locale) || venue.id : id;
}

function groupName(evaluation, id, locale) {
  const group = (evaluation.raterGroups ?? []).find((g) => g.id === id);
  return group ? localized(group.name, locale) || group.id : id;
}

/** The attendee link printed on every card (the code is typed in, never part of the link). */
export function attendeeURL(evaluation) {
  return `${location.origin}${evaluation.attendeePath ?? `/e/${enc(evaluation.slug)}`}`;
}

// ---------------------------------------------------------------- the codes tab

export async function drawCodes(page, body) {
  const { evaluation } = page;
  fill(body, loadingBlock());
  const result = await api.invitations(evaluation.id);
  if (!body.isConnected) return;
  if (!result.ok) {
    fill(body, errorBlock(t('loadFailed', { message: failureMessage(result) }), () => drawCodes(page, body)));
    return;
  }
  const summary = result.data ?? {};
  const batches = [...(summary.batches ?? [])].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  const total = summary.codes ?? 0;
  // An anonymous evaluation's counts come only per venue and rater group, and only from the
  // anonymity threshold on (docs/security.md); a count the server leaves out is shown as such.
  const hidden = summary.used == null;
  const used = summary.used ?? 0;
  const withdrawn = summary.withdrawn ?? 0;
  const threshold = summary.anonymityThreshold ?? 5;
  const canMake = may('manageInvitations');
  const closed = evaluation.status === 'closed';
  const makeButton = canMake && !closed
    ? h('button', { type: 'button', class: 'btn btn-primary', id: 'make-codes', onclick: () => openMakeDialog(page) }, icon('plus'), t('c.make'))
    : null;
  const last = fresh.get(evaluation.id);
  const stat = (id, label, value, note) =>
    h(
      'section',
      { class: 'card stat-card', 'aria-labelledby': `${id}-label` },
      h('h2', { class: 'stat-label', id: `${id}-label` }, label),
      h('p', { class: 'stat-value' }, h('span', { class: 'stat-number', id, 'data-count': value }, typeof value === 'number' ? formatNumber(value) : value)),
      note ? h('p', { class: 'stat-note' }, note) : null,
    );
  fill(
    body,
    h('div', { class: 'dist-head' }, h('p', { class: 'section-hint' }, t('c.lead')), makeButton),
    closed ? notice('info', t('c.closedNote')) : null,
    last
      ? notice(
          'warn',
          t('c.freshNote', { n: formatNumber(last.count) }),
          h('a', { class: 'btn btn-secondary btn-small', href: `#/evaluations/${enc(evaluation.id)}/codes/sheet`, id: 'reopen-sheet' }, icon('print'), t('c.reopenSheet')),
        )
      : null,
    h(
      'div',
      { class: 'stat-grid stat-grid-3' },
      stat('codes-total', t('c.total'), total, null),
      hidden
        ? stat('codes-used', t('c.used'), '—', t('c.usedHidden', { n: formatNumber(threshold) }))
        : stat('codes-used', t('c.used'), used, total > 0 ? t('c.usedShare', { p: Math.round((used / total) * 100) }) : null),
      summary.anonymous
        ? stat('codes-batches', t('c.batches'), batches.length, t('c.anonymousNote', { n: formatNumber(threshold) }))
        : stat('codes-unused', t('c.unused'), Math.max(0, total - used - withdrawn), withdrawn > 0 ? t('c.withdrawnNote', { n: formatNumber(withdrawn) }) : null),
    ),
    h(
      'section',
      { class: 'card table-card', 'aria-labelledby': 'batches-title' },
      h('h2', { class: 'section-title table-card-title', id: 'batches-title' }, t('c.batches')),
      batches.length
        ? h(
            'table',
            { class: 'data-table', id: 'batch-table' },
            h('caption', { class: 'sr-only' }, t('c.batches')),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, t('c.colCreated')),
                h('th', { scope: 'col' }, t('c.colVenue')),
                h('th', { scope: 'col' }, t('c.colGroup')),
                h('th', { scope: 'col', class: 'col-count' }, t('c.colCodes')),
                h('th', { scope: 'col', class: 'col-count' }, t('c.colUsed')),
                h('th', { scope: 'col', class: 'col-count' }, t('c.colWithdrawn')),
                canMake ? h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'sr-only' }, t('c.colActions'))) : null,
              ),
            ),
            h(
              'tbody',
              {},
              batches.map((batch) =>
                h(
                  'tr',
                  { 'data-batch': batch.batch },
                  h('th', { scope: 'row', class: 'cell-main' }, h('time', { datetime: batch.createdAt }, formatDateTime(batch.createdAt))),
                  h('td', { 'data-label': t('c.colVenue') }, batch.venue ? venueName(evaluation, batch.venue) : h('span', { class: 'muted' }, t('c.anyVenue'))),
                  h('td', { 'data-label': t('c.colGroup') }, batch.raterGroup ? groupName(evaluation, batch.raterGroup) : h('span', { class: 'muted' }, t('c.anyGroup'))),
                  h('td', { 'data-label': t('c.colCodes'), class: 'col-count' }, h('b', { class: 'count-number' }, formatNumber(batch.codes))),
                  h('td', { 'data-label': t('c.colUsed'), class: 'col-count' }, batch.used == null ? '—' : formatNumber(batch.used)),
                  h(
                    'td',
                    { 'data-label': t('c.colWithdrawn'), class: 'col-count' },
                    batch.withdrawn == null ? (batch.isWithdrawn ? t('c.withdrawnMark') : '—') : formatNumber(batch.withdrawn),
                  ),
                  canMake
                    ? h(
                        'td',
                        { class: 'col-actions' },
                        (batch.used == null ? !batch.isWithdrawn : batch.codes - batch.used - (batch.withdrawn ?? 0) > 0)
                          ? h(
                              'button',
                              {
                                type: 'button',
                                class: 'btn btn-danger-outline btn-small',
                                'data-action': 'withdraw',
                                onclick: () => withdrawBatch(page, body, batch),
                              },
                              t('c.withdraw'),
                            )
                          : null,
                      )
                    : null,
                ),
              ),
            ),
          )
        : h('p', { class: 'muted empty-line', id: 'no-batches' }, canMake ? t('c.noneYet') : t('c.noneYetReader')),
      batches.length ? h('p', { class: 'section-hint table-note' }, t('c.onceNote')) : null,
    ),
  );
}

/** Withdraws the unused codes of a batch (a sheet went missing), after a confirmation. */
async function withdrawBatch(page, body, batch) {
  const ok = await confirmDialog({
    title:
      batch.used == null
        ? t('c.withdrawTitleAnonymous')
        : t('c.withdrawTitle', { n: formatNumber(batch.codes - batch.used - (batch.withdrawn ?? 0)) }),
    body: t('c.withdrawBody'),
    confirmLabel: t('c.withdraw'),
    tone: 'danger',
  });
  if (!ok) return;
  const result = await api.withdrawInvitations(page.evaluation.id, batch.batch);
  if (!result.ok) {
    toast(t('c.withdrawFailed', { message: failureMessage(result) }), 'error');
    return;
  }
  await drawCodes(page, body);
  toast(result.data?.withdrawn == null ? t('c.withdrawnBatch') : t('c.withdrawn', { n: formatNumber(result.data.withdrawn) }));
}

// ---------------------------------------------------------------- the "make codes" dialog

function openMakeDialog(page) {
  const { evaluation } = page;
  const opener = document.activeElement;
  const venues = evaluation.venues ?? [];
  const groups = evaluation.raterGroups ?? [];
  // An anonymous evaluation's batches hold at least five codes, so no batch stands for one person.
  const fewest = evaluation.anonymous === false ? 1 : 5;
  const suggested = Math.min(MAX_BATCH, Math.max(fewest, Math.round(evaluation.expectedRespondents ?? 50)));
  const count = h('input', {
    type: 'number', id: 'codes-count', min: String(fewest), max: String(MAX_BATCH), step: '1', inputmode: 'numeric', required: true,
    'aria-describedby': 'codes-count-hint',
  });
  count.value = String(suggested);
  const venue = h(
    'select',
    { id: 'codes-venue', 'aria-describedby': 'codes-venue-hint' },
    h('option', { value: '' }, t('c.anyVenueChoice')),
    venues.map((v) => h('option', { value: v.id }, localized(v.name) || v.id)),
  );
  const group = h(
    'select',
    { id: 'codes-group', 'aria-describedby': 'codes-group-hint' },
    h('option', { value: '' }, t('c.anyGroupChoice')),
    groups.map((g) => h('option', { value: g.id }, localized(g.name) || g.id)),
  );
  const error = h('div', { class: 'dialog-error', id: 'codes-error', role: 'alert' });
  const cancel = h('button', { type: 'button', class: 'btn btn-secondary', 'data-action': 'cancel' }, t('cancel'));
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'codes-create', 'data-action': 'confirm' }, icon('check'), h('span', { class: 'btn-label' }, t('c.create')));
  const form = h(
    'form',
    { class: 'dialog-form', novalidate: true },
    h(
      'div',
      { class: 'dialog-body' },
      h('div', { class: 'dialog-icon' }, icon('qr')),
      h(
        'div',
        { class: 'dialog-main' },
        h('h2', { class: 'dialog-title', id: 'codes-dialog-title' }, t('c.dialogTitle')),
        h('p', { class: 'dialog-text', id: 'codes-dialog-text' }, t('c.dialogText')),
        error,
        h(
          'div',
          { class: 'dialog-fields' },
          h('div', { class: 'field' },
            h('label', { class: 'field-label', for: 'codes-count' }, t('c.count')),
            count,
            h('p', { class: 'field-hint', id: 'codes-count-hint' }, t('c.countHint', { min: formatNumber(fewest), max: formatNumber(MAX_BATCH) }))),
          venues.length
            ? h('div', { class: 'field' },
                h('label', { class: 'field-label', for: 'codes-venue' }, t('c.venue')),
                venue,
                h('p', { class: 'field-hint', id: 'codes-venue-hint' }, t('c.venueHint')))
            : null,
          groups.length
            ? h('div', { class: 'field' },
                h('label', { class: 'field-label', for: 'codes-group' }, t('c.group')),
                group,
                h('p', { class: 'field-hint', id: 'codes-group-hint' }, t('c.groupHint')))
            : null,
        ),
      ),
    ),
    h('div', { class: 'dialog-actions' }, cancel, submit),
  );
  const dialog = h('dialog', { class: 'confirm-dialog codes-dialog', id: 'codes-dialog', 'aria-labelledby': 'codes-dialog-title', 'aria-describedby': 'codes-dialog-text' }, form);
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    if (dialog.open) dialog.close();
    dialog.remove();
    if (opener && document.contains(opener)) opener.focus();
  };
  const showError = (message) => {
    error.replaceChildren(icon('error'), h('span', {}, message));
    error.classList.add('is-visible');
  };
  cancel.addEventListener('click', finish);
  // Closed from outside (the person went to another view): gone with it.
  dialog.addEventListener('close', finish);
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    if (!submit.disabled) finish();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const n = Number(count.value);
    if (!Number.isInteger(n) || n < fewest || n > MAX_BATCH) {
      count.setAttribute('aria-invalid', 'true');
      showError(t('c.countInvalid', { min: formatNumber(fewest), max: formatNumber(MAX_BATCH) }));
      count.focus();
      return;
    }
    count.removeAttribute('aria-invalid');
    const request = { count: n };
    if (venue.value) request.venue = venue.value;
    if (group.value) request.raterGroup = group.value;
    submit.disabled = true;
    cancel.disabled = true;
    submit.querySelector('.btn-label').textContent = t('c.creating');
    const result = await api.createInvitations(evaluation.id, request);
    submit.disabled = false;
    cancel.disabled = false;
    submit.querySelector('.btn-label').textContent = t('c.create');
    if (!result.ok) {
      showError(t('c.createFailed', { message: failureMessage(result) }));
      return;
    }
    const data = result.data ?? {};
    fresh.set(evaluation.id, {
      batch: data.batch,
      codes: Array.isArray(data.codes) ? data.codes : [],
      venue: data.venue ?? request.venue ?? null,
      raterGroup: data.raterGroup ?? request.raterGroup ?? null,
      count: data.count ?? n,
      createdAt: data.createdAt ?? new Date().toISOString(),
    });
    finish();
    toast(t('c.created', { n: formatNumber(data.count ?? n) }));
    location.hash = `#/evaluations/${enc(evaluation.id)}/codes/sheet`;
  });
  document.body.append(dialog);
  dialog.showModal();
  count.focus();
  count.select();
}

// ---------------------------------------------------------------- the printable sheet


function downloadCSV(evaluation, batch) {
  const url = attendeeURL(evaluation);
  const rows = [['code', 'venue', 'venueName', 'raterGroup', 'raterGroupName', 'link']];
  for (const code of batch.codes) {
    rows.push([
      code,
      batch.venue ?? '',
      batch.venue ? venueName(evaluation, batch.venue, 'zh') : '',
      batch.raterGroup ?? '',
      batch.raterGroup ? groupName(evaluation, batch.raterGroup, 'zh') : '',
      url,
    ]);
  }
  const text = csvText(rows);
  const blob = new Blob([text], { type: 'text/csv;charset=utf-8' });
  const link = h('a', { href: URL.createObjectURL(blob), download: `invitation-codes-${String(batch.batch ?? 'batch').slice(0, 8)}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

export function renderSheet(main, evaluation) {
  const back = `#/evaluations/${enc(evaluation.id)}/codes`;
  const batch = fresh.get(evaluation.id);
  if (!batch) {
    fill(
      main,
      h(
        'div',
        { class: 'page-head' },
        h('h1', { class: 'page-title', tabindex: '-1' }, t('c.sheetTitle')),
      ),
      notice('warn', t('c.sheetGone'), h('a', { class: 'btn btn-secondary btn-small', href: back }, icon('back'), t('c.backToCodes'))),
    );
    return undefined;
  }
  const url = attendeeURL(evaluation);
  const where = (locale) => [
    batch.venue ? venueName(evaluation, batch.venue, locale) : null,
    batch.raterGroup ? groupName(evaluation, batch.raterGroup, locale) : null,
  ].filter(Boolean);
  const whereZh = where('zh');
  const whereEn = where('en');
  const toolbar = h(
    'div',
    { class: 'print-toolbar no-print' },
    h(
      'div',
      { class: 'print-toolbar-text' },
      h('h1', { class: 'page-title', tabindex: '-1' }, t('c.sheetTitle')),
      h('p', { class: 'section-hint' }, t('c.sheetHint', { n: formatNumber(batch.codes.length) })),
    ),
    h(
      'div',
      { class: 'page-actions' },
      h('a', { class: 'btn btn-secondary', href: back }, icon('back'), t('c.backToCodes')),
      h('button', { type: 'button', class: 'btn btn-secondary', id: 'download-codes', onclick: () => downloadCSV(evaluation, batch) }, icon('download'), t('c.download')),
      h('button', { type: 'button', class: 'btn btn-primary', id: 'print-codes', onclick: () => window.print() }, icon('print'), t('p.printNow')),
    ),
  );
  const warning = h(
    'div',
    { class: 'notice notice-warn once-note no-print', id: 'codes-once', role: 'note' },
    icon('alert'),
    h('div', {}, h('p', {}, h('strong', {}, t('c.onceTitle'))), h('p', {}, t('c.onceBody'))),
  );
  const cards = batch.codes.map((code) =>
    h(
      'li',
      { class: 'code-card', 'data-code': code },
      h('p', { class: 'code-meeting' }, evaluation.title),
      h(
        'p',
        { class: 'code-where' },
        whereZh.length ? whereZh.join(' · ') : '各会场通用',
        whereEn.length && whereEn.join(' · ') !== whereZh.join(' · ') ? h('span', { class: 'code-where-en', lang: 'en' }, whereEn.join(' · ')) : null,
        whereZh.length ? null : h('span', { class: 'code-where-en', lang: 'en' }, 'Any venue'),
      ),
      h('p', { class: 'code-label' }, '邀请码 ', h('span', { lang: 'en' }, 'Invitation code')),
      h('p', { class: 'code-value mono' }, code),
      h('p', { class: 'code-link mono' }, url),
      h('p', { class: 'code-instruction', lang: 'zh-CN' }, '手机打开链接，输入邀请码即可评价；每码限用一次。'),
      h('p', { class: 'code-instruction-en', lang: 'en' }, 'Open the link, enter the code and answer. Each code works once.'),
    ),
  );
  fill(
    main,
    toolbar,
    warning,
    h(
      'section',
      { class: 'print-sheet codes-sheet', 'aria-label': t('c.sheetTitle') },
      h(
        'header',
        { class: 'print-head' },
        h('p', { class: 'print-head-title' }, evaluation.title),
        h('p', { class: 'print-head-date' }, `${formatDate(evaluation.meetingDate)} · ${t('c.sheetCount', { n: formatNumber(batch.codes.length) })}`),
      ),
      h('ul', { class: 'codes-grid', id: 'codes-grid' }, cards),
    ),
  );
  announce(t('c.sheetReady', { n: batch.codes.length }));
  return undefined;
}
