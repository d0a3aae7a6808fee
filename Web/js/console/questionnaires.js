// Questionnaire views: the list with versions, and one version in full (dimensions,
// questions, weights as typed and normalized, grades).

import { localized, t } from '../shared/i18n.js';
import { formatDateTime, formatNumber, formatPercent } from '../shared/format.js';
import { fill, h, icon } from '../shared/dom.js';
import { may } from '../shared/session.js';
import { api } from './api.js';
import { errorBlock, failureMessage, loadingBlock, pageHead, setTitle } from './dom.js';
import { DEFAULT_GRADES, dimensionShares, modelFromDefinition, questionShares } from './model.js';
import { inCurrentOrganization } from './organizations.js';

const LOCALE_NAMES = { zh: '中文', en: 'English' };

export function localeList(locales) {
  return (locales ?? []).map((code) => LOCALE_NAMES[code] ?? code).join(' · ');
}

// ---------------------------------------------------------------- list

export async function renderList(main) {
  setTitle(t('q.title'));
  const head = pageHead({
    title: t('q.title'),
    lead: t('q.lead'),
    actions: may('writeQuestionnaires')
      ? [h('a', { class: 'btn btn-primary', href: '#/questionnaires/new', id: 'new-questionnaire' }, icon('plus'), t('q.new'))]
      : [],
  });
  const body = h('div', { class: 'view-body' }, loadingBlock());
  fill(main, head, body);
  main.setAttribute('aria-busy', 'true');
  const result = await api.questionnaires();
  main.setAttribute('aria-busy', 'false');
  if (!result.ok) {
    fill(body, errorBlock(t('loadFailed', { message: failureMessage(result) }), () => renderList(main)));
    return;
  }
  const list = (result.data?.questionnaires ?? []).filter(inCurrentOrganization);
  if (list.length === 0) {
    fill(body, h('div', { class: 'empty-state card' }, icon('doc'), h('p', {}, t('q.empty'))));
    return;
  }
  fill(body, 
    h(
      'div',
      { class: 'card table-card' },
      h(
        'table',
        { class: 'data-table', id: 'questionnaire-table' },
        h('caption', { class: 'sr-only' }, t('q.title')),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('q.colTitle')),
            h('th', { scope: 'col' }, t('q.colType')),
            h('th', { scope: 'col' }, t('q.colVersions')),
            h('th', { scope: 'col' }, t('q.colLocales')),
            h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'sr-only' }, t('q.colActions'))),
          ),
        ),
        h(
          'tbody',
          {},
          list.map((item) =>
            h(
              'tr',
              { 'data-questionnaire': item.id },
              h(
                'th',
                { scope: 'row', class: 'cell-main' },
                h('a', { href: `#/questionnaires/${encodeURIComponent(item.id)}`, class: 'row-title' }, localized(item.title) || item.id),
                h('span', { class: 'row-sub mono' }, item.id),
              ),
              h('td', { 'data-label': t('q.colType') }, t(`type.${item.meetingType}`)),
              h(
                'td',
                { 'data-label': t('q.colVersions'), class: 'cell-versions' },
                h(
                  'ul',
                  { class: 'version-chips' },
                  [...item.versions].reverse().map((v) =>
                    h(
                      'li',
                      {},
                      h(
                        'a',
                        {
                          class: v === item.latestVersion ? 'chip chip-latest' : 'chip',
                          href: `#/questionnaires/${encodeURIComponent(item.id)}/versions/${v}`,
                          'data-version': v,
                          'aria-label': `${t('q.versionN', { v })}${v === item.latestVersion ? ` (${t('q.latest', { v })})` : ''}`,
                        },
                        `v${v}`,
                      ),
                    ),
                  ),
                ),
              ),
              h('td', { 'data-label': t('q.colLocales') }, localeList(item.locales)),
              h(
                'td',
                { class: 'col-actions' },
                h(
                  'div',
                  { class: 'row-actions' },
                  may('writeQuestionnaires')
                    ? h('a', { class: 'btn btn-ghost btn-small', href: `#/questionnaires/${encodeURIComponent(item.id)}/edit` }, icon('edit'), t('q.edit'))
                    : null,
                  may('manageEvaluations')
                    ? h(
                        'a',
                        { class: 'btn btn-secondary btn-small', href: `#/evaluations/new?questionnaire=${encodeURIComponent(item.id)}` },
                        icon('plus'),
                        t('q.useForEvaluation'),
                      )
                    : h('a', { class: 'btn btn-ghost btn-small', href: `#/questionnaires/${encodeURIComponent(item.id)}` }, t('q.view')),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------- one version

function weightText(weight, share) {
  if (share === null || share === undefined) return t('q.unscored');
  return `${formatNumber(weight ?? 1, { digits: 2, minDigits: 0 })} · ${formatPercent(share)}`;
}

function optionLine(option, locale) {
  const parts = [h('span', { class: 'opt-text' }, localized(option.text, locale))];
  if (option.notApplicable) parts.push(h('span', { class: 'tag tag-muted' }, t('q.naOption')));
  else if (option.score !== undefined && option.score !== null) parts.push(h('span', { class: 'tag tag-score' }, formatNumber(option.score, { digits: 2, minDigits: 0 })));
  return h('li', {}, parts, h('span', { class: 'opt-id mono' }, option.id));
}

function questionDetails(question, byId) {
  const items = [];
  if (question.type === 'rating') {
    const scale = question.scale ?? {};
    items.push(h('p', { class: 'detail-line' }, t('q.scale', { min: scale.min, max: scale.max })));
    const labels = Object.entries(scale.labels ?? {});
    if (labels.length) {
      items.push(
        h(
          'ul',
          { class: 'scale-labels' },
          labels.map(([point, text]) => h('li', {}, h('b', {}, point), ' ', localized(text))),
        ),
      );
    }
    if (question.allowNotApplicable) items.push(h('p', { class: 'detail-line' }, t('q.na')));
  }
  if (question.type === 'single' || question.type === 'multiple') {
    items.push(h('ul', { class: 'option-list' }, (question.options ?? []).map((option) => optionLine(option))));
    if (question.type === 'multiple' && question.maxSelections) {
      items.push(h('p', { class: 'detail-line' }, t('q.maxSelections', { n: question.maxSelections })));
    }
  }
  if (question.type === 'text') items.push(h('p', { class: 'detail-line' }, t('q.maxLength', { n: question.maxLength ?? 2000 })));
  return items;
}

function showIfNote(question, byId) {
  if (!question.showIf) return null;
  const target = byId.get(question.showIf.question);
  const optionNames = (question.showIf.in ?? []).map((id) => {
    const option = target?.options?.find((o) => o.id === id);
    return `“${option ? localized(option.text) : id}”`;
  });
  return h(
    'p',
    { class: 'showif-note' },
    icon('info'),
    t('q.showIf', { question: target ? localized(target.text) : question.showIf.question, options: optionNames.join(' / ') }),
  );
}

function dimensionCard(dimension, index, share, model, byId, numbering) {
  const shares = questionShares(model.dimensions[index]);
  return h(
    'section',
    { class: 'card dimension-view', 'aria-labelledby': `dim-view-${index}`, 'data-dimension': dimension.id },
    h(
      'header',
      { class: 'dimension-view-head' },
      h(
        'div',
        {},
        h('h2', { id: `dim-view-${index}`, class: 'section-title' }, h('span', { class: 'dim-index' }, String(index + 1)), localized(dimension.title)),
        h('p', { class: 'row-sub mono' }, dimension.id),
      ),
      h(
        'p',
        { class: share === null ? 'weight-pill is-unscored' : 'weight-pill' },
        share === null ? t('q.unscored') : [h('span', {}, `${t('q.weight')} ${formatNumber(dimension.weight, { digits: 2, minDigits: 0 })}`), h('b', {}, formatPercent(share))],
      ),
    ),
    dimension.description ? h('p', { class: 'dimension-view-desc' }, localized(dimension.description)) : null,
    h(
      'table',
      { class: 'data-table question-table' },
      h('caption', { class: 'sr-only' }, `${localized(dimension.title)} · ${t('q.questions')}`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col', class: 'col-no' }, t('q.colNo')),
          h('th', { scope: 'col' }, t('q.colQuestion')),
          h('th', { scope: 'col' }, t('q.colQType')),
          h('th', { scope: 'col' }, t('q.colWeight')),
          h('th', { scope: 'col' }, t('q.colRequired')),
          h('th', { scope: 'col' }, t('q.colDetails')),
        ),
      ),
      h(
        'tbody',
        {},
        (dimension.questions ?? []).map((question, q) =>
          h(
            'tr',
            { 'data-question': question.id },
            h('td', { class: 'col-no', 'data-label': t('q.colNo') }, String(numbering.get(question.id))),
            h(
              'th',
              { scope: 'row', class: 'cell-main' },
              h('span', { class: 'row-title' }, localized(question.text)),
              h('span', { class: 'row-sub mono' }, question.id),
              question.description ? h('span', { class: 'row-sub' }, localized(question.description)) : null,
              showIfNote(question, byId),
            ),
            h('td', { 'data-label': t('q.colQType') }, h('span', { class: `type-tag type-${question.type}` }, t(`qtype.${question.type}`))),
            h('td', { 'data-label': t('q.colWeight'), class: 'num' }, weightText(question.weight, shares[q])),
            h('td', { 'data-label': t('q.colRequired') }, question.required ? t('yes') : t('no')),
            h('td', { 'data-label': t('q.colDetails'), class: 'cell-details' }, h('div', {}, questionDetails(question, byId))),
          ),
        ),
      ),
    ),
  );
}

export async function renderOne(main, id, version) {
  setTitle(id);
  const body = h('div', { class: 'view-body' }, loadingBlock());
  fill(main, 
    pageHead({ crumbs: [{ href: '#/questionnaires', label: t('q.title') }], title: id }),
    body,
  );
  main.setAttribute('aria-busy', 'true');
  const [result, listResult] = await Promise.all([
    version ? api.questionnaireVersion(id, version) : api.questionnaire(id),
    api.questionnaires(),
  ]);
  main.setAttribute('aria-busy', 'false');
  if (!result.ok) {
    fill(body, errorBlock(t('loadFailed', { message: failureMessage(result) }), () => renderOne(main, id, version)));
    return;
  }
  const stored = result.data;
  const definition = stored.definition ?? {};
  const summary = (listResult.data?.questionnaires ?? []).find((q) => q.id === id);
  const versions = summary?.versions ?? [stored.version];
  const model = modelFromDefinition(definition);
  const shares = dimensionShares(model);
  const byId = new Map();
  const numbering = new Map();
  for (const dimension of definition.dimensions ?? []) {
    for (const question of dimension.questions ?? []) {
      byId.set(question.id, question);
      numbering.set(question.id, numbering.size + 1);
    }
  }
  const title = localized(definition.title) || id;
  setTitle(title);
  const questionCount = numbering.size;
  const source = stored.source?.startsWith('file:') ? t('q.sourceFile', { name: stored.source.slice(5) }) : t('q.sourceApi');
  const head = pageHead({
    crumbs: [{ href: '#/questionnaires', label: t('q.title') }],
    title,
    extra: h(
      'p',
      { class: 'page-meta' },
      h('span', { class: 'mono' }, stored.id),
      h('span', { class: 'chip chip-latest', id: 'shown-version' }, `v${stored.version}`),
      h('span', {}, t(`type.${definition.meetingType ?? 'other'}`)),
      h('span', {}, t('q.dimensionCount', { n: (definition.dimensions ?? []).length, k: questionCount })),
    ),
    actions: [
      may('writeQuestionnaires')
        ? h(
            'a',
            { class: 'btn btn-secondary', href: `#/questionnaires/${encodeURIComponent(id)}/edit?from=${stored.version}` },
            icon('edit'),
            t('q.edit'),
          )
        : null,
      may('manageEvaluations')
        ? h(
            'a',
            { class: 'btn btn-primary', href: `#/evaluations/new?questionnaire=${encodeURIComponent(id)}&version=${stored.version}` },
            icon('plus'),
            t('q.useForEvaluation'),
          )
        : null,
    ].filter(Boolean),
  });
  const grades = Array.isArray(definition.grades) && definition.grades.length ? definition.grades : DEFAULT_GRADES;
  fill(main, 
    head,
    h(
      'div',
      { class: 'view-body' },
      h(
        'div',
        { class: 'card info-card' },
        h(
          'nav',
          { class: 'version-nav', 'aria-label': t('q.versions') },
          h('span', { class: 'info-label' }, t('q.versions')),
          h(
            'ul',
            { class: 'version-chips' },
            [...versions].reverse().map((v) =>
              h(
                'li',
                {},
                h(
                  'a',
                  {
                    class: 'chip',
                    href: `#/questionnaires/${encodeURIComponent(id)}/versions/${v}`,
                    'aria-current': v === stored.version ? 'page' : null,
                  },
                  `v${v}`,
                ),
              ),
            ),
          ),
        ),
        h(
          'dl',
          { class: 'facts' },
          definition.description ? [h('dt', {}, t('q.description')), h('dd', {}, localized(definition.description))] : null,
          h('dt', {}, t('q.locales')),
          h('dd', {}, localeList(definition.locales)),
          h('dt', {}, t('q.createdAt')),
          h('dd', {}, formatDateTime(stored.createdAt)),
          h('dt', {}, t('q.source')),
          h('dd', {}, source),
          h('dt', {}, t('q.digest')),
          h('dd', { class: 'mono digest', title: stored.digest }, `${String(stored.digest ?? '').slice(0, 16)}…`),
        ),
      ),
      h('h2', { class: 'block-title' }, t('q.dimensions')),
      (definition.dimensions ?? []).map((dimension, index) => dimensionCard(dimension, index, shares[index], model, byId, numbering)),
      h(
        'section',
        { class: 'card grades-card', 'aria-labelledby': 'grades-title' },
        h(
          'h2',
          { class: 'section-title', id: 'grades-title' },
          t('q.grades'),
          definition.grades ? null : h('span', { class: 'muted' }, ` ${t('q.gradesDefault')}`),
        ),
        h(
          'ol',
          { class: 'grade-list' },
          grades.map((grade) => h('li', {}, h('span', { class: 'grade-name' }, localized(grade.label)), h('span', { class: 'grade-min' }, t('q.gradeFrom', { min: grade.min })))),
        ),
      ),
    ),
  );
}
