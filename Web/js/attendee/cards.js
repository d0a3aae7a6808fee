// The pieces of the state cards (loading, closed, thanks, the code step…): a heading and a
// body in the reader's language with the other language below, the icon, the meeting line.

import { h, icon } from '../shared/dom.js';
import { formatDate } from '../shared/format.js';
import { languageTag } from '../shared/i18n.js';
import { otherLanguage, text } from './messages.js';
import { page, tr } from './state.js';

/** Title in the current language, with the other language below for readers of it. */
export function bilingualHeading(key) {
  const other = otherLanguage(page.locale);
  return [
    h('h1', { class: 'state-title', tabindex: '-1' }, tr(key)),
    h('p', { class: 'state-title-alt', lang: languageTag(other) }, text(key, {}, other)),
  ];
}

export function stateCard(kind, iconName, children) {
  return h('section', { class: `state-card state-${kind}` }, h('div', { class: `state-icon state-icon-${kind}` }, icon(iconName)), children);
}

export function meetingLine() {
  const evaluation = page.evaluation;
  if (!evaluation) return null;
  return h(
    'div',
    { class: 'state-meeting' },
    h('p', { class: 'state-meeting-title' }, evaluation.title ?? ''),
    evaluation.meetingDate ? h('p', { class: 'state-meeting-date' }, formatDate(evaluation.meetingDate, { style: 'long', lang: page.locale })) : null,
  );
}

/** The body text of a state card in the page's language, then in the other one. */
export function bilingualBody(key) {
  const other = otherLanguage(page.locale);
  return [
    h('p', { class: 'state-body' }, tr(key)),
    h('p', { class: 'state-body-alt', lang: languageTag(other) }, text(key, {}, other)),
  ];
}
