// The evaluation form's "meeting standard" section: which standard (会议规范) the meeting's
// facts are checked against, and how the survey score and the facts score combine into one
// index (docs/scoring.md §12). The standards come from the server (`/api/standards`).

import { localized, t } from '../shared/i18n.js';
import { h } from '../shared/dom.js';
import { api } from './api.js';
import { bound, section, simpleField } from './evaluation-fields.js';

/** The section, bound to `draft.standard`, `draft.indexSurvey` and `draft.indexFacts`. */
export function standardSection(draft) {
  const select = h('select', {}, h('option', { value: '' }, t('std.none')));
  select.addEventListener('change', () => (draft.standard = select.value));
  const source = h('p', { class: 'field-hint', id: 'standard-source' });
  const describe = (standards) => {
    const chosen = standards.find((standard) => standard.id === select.value);
    source.textContent = chosen ? localized(chosen.source?.citation) : t('std.noneHint');
  };
  api.standards().then((result) => {
    const standards = result.ok ? result.data.standards ?? [] : [];
    for (const standard of standards) {
      select.append(h('option', { value: standard.id }, `${localized(standard.title)} (${standard.id})`));
    }
    // A pinned standard the server no longer ships stays chosen.
    if (draft.standard && !standards.some((standard) => standard.id === draft.standard)) {
      select.append(h('option', { value: draft.standard }, draft.standard));
    }
    select.value = draft.standard ?? '';
    describe(standards);
    select.addEventListener('change', () => describe(standards));
  });
  const weight = (key) => bound(draft, 'input', { type: 'number', min: '0', max: '1000', step: 'any', inputmode: 'decimal' }, key);
  return section('standard', t('std.section'), [
    h('p', { class: 'section-hint' }, t('std.hint')),
    simpleField('standard', t('std.standard'), select),
    source,
    h(
      'div',
      { class: 'field-grid' },
      simpleField('index.survey', t('std.weightSurvey'), weight('indexSurvey'), { hint: t('std.weightHint') }),
      simpleField('index.facts', t('std.weightFacts'), weight('indexFacts')),
    ),
  ]);
}
