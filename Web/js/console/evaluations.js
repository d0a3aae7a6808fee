// The list of evaluations with their status and counts. The form that creates one is in
// evaluation-new.js.

import { localized, t } from '../shared/i18n.js';
import { formatDate, formatNumber, formatPercent } from '../shared/format.js';
import { fill, h, icon } from '../shared/dom.js';
import { may } from '../shared/session.js';
import { api } from './api.js';
import { bar, errorBlock, failureMessage, loadingBlock, pageHead, setTitle, statusBadge } from './dom.js';
import { inCurrentOrganization } from './organizations.js';

// ---------------------------------------------------------------- list

export async function renderList(main, { archived = false } = {}) {
  setTitle(t('e.title'));
  const archivedToggle = h(
    'a',
    { class: 'btn btn-ghost', href: archived ? '#/evaluations' : '#/evaluations?archived=1', id: 'toggle-archived' },
    t(archived ? 'fix.hideArchived' : 'fix.showArchived'),
  );
  const head = pageHead({
    title: t('e.title'),
    lead: t('e.lead'),
    actions: [
      archivedToggle,
      may('manageEvaluations') ? h('a', { class: 'btn btn-primary', href: '#/evaluations/new', id: 'new-evaluation' }, icon('plus'), t('e.new')) : null,
    ].filter(Boolean),
  });
  const body = h('div', { class: 'view-body' }, loadingBlock());
  fill(main, head, body);
  main.setAttribute('aria-busy', 'true');
  const [result, questionnaires] = await Promise.all([api.evaluations({ archived }), api.questionnaires()]);
  main.setAttribute('aria-busy', 'false');
  if (!result.ok) {
    fill(body, errorBlock(t('loadFailed', { message: failureMessage(result) }), () => renderList(main)));
    return;
  }
  const titles = new Map((questionnaires.data?.questionnaires ?? []).map((q) => [q.id, localized(q.title)]));
  const list = (result.data?.evaluations ?? []).filter(inCurrentOrganization);
  if (list.length === 0) {
    fill(body, 
      h(
        'div',
        { class: 'empty-state card' },
        icon('chart'),
        h('p', {}, t('e.empty')),
        may('manageEvaluations') ? h('a', { class: 'btn btn-primary', href: '#/evaluations/new' }, icon('plus'), t('e.new')) : null,
      ),
    );
    return;
  }
  fill(body, 
    h(
      'div',
      { class: 'card table-card' },
      h(
        'table',
        { class: 'data-table', id: 'evaluation-table' },
        h('caption', { class: 'sr-only' }, t('e.title')),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('e.colMeeting')),
            h('th', { scope: 'col' }, t('e.colDate')),
            h('th', { scope: 'col' }, t('e.colQuestionnaire')),
            h('th', { scope: 'col' }, t('e.colStatus')),
            h('th', { scope: 'col', class: 'col-count' }, t('e.colResponses')),
            h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'sr-only' }, t('e.colActions'))),
          ),
        ),
        h(
          'tbody',
          {},
          list.map((evaluation) => {
            const received = evaluation.counts?.responses ?? 0;
            const expected = evaluation.expectedRespondents ?? null;
            const href = `#/evaluations/${encodeURIComponent(evaluation.id)}`;
            return h(
              'tr',
              { 'data-evaluation': evaluation.id, 'data-status': evaluation.status },
              h(
                'th',
                { scope: 'row', class: 'cell-main' },
                h('a', { href, class: 'row-title' }, evaluation.title),
                h(
                  'span',
                  { class: 'row-sub' },
                  `${t(`type.${evaluation.meetingType}`)} · ${t('e.venuesCount', { n: (evaluation.venues ?? []).length })}`,
                  evaluation.access === 'invitation' ? h('span', { class: 'chip chip-small chip-access' }, t('access.invitationShort')) : null,
                ),
              ),
              h('td', { 'data-label': t('e.colDate') }, h('time', { datetime: evaluation.meetingDate }, formatDate(evaluation.meetingDate))),
              h(
                'td',
                { 'data-label': t('e.colQuestionnaire') },
                h(
                  'span',
                  {},
                  h(
                    'a',
                    { href: `#/questionnaires/${encodeURIComponent(evaluation.questionnaire.id)}/versions/${evaluation.questionnaire.version}` },
                    titles.get(evaluation.questionnaire.id) || evaluation.questionnaire.id,
                  ),
                  h('span', { class: 'chip chip-small' }, `v${evaluation.questionnaire.version}`),
                ),
              ),
              h('td', { 'data-label': t('e.colStatus') }, statusBadge(evaluation)),
              h(
                'td',
                { 'data-label': t('e.colResponses'), class: 'col-count' },
                h(
                  'span',
                  { class: 'count-cell' },
                  h('b', { class: 'count-number', 'data-count': received }, formatNumber(received)),
                  expected ? h('span', { class: 'muted' }, ` / ${formatNumber(expected)}`) : null,
                  expected ? bar(received, expected, `${received} / ${expected}`) : null,
                ),
              ),
              h(
                'td',
                { class: 'col-actions' },
                h('a', { class: 'btn btn-secondary btn-small', href }, t('e.manage')),
              ),
            );
          }),
        ),
      ),
    ),
  );
}
