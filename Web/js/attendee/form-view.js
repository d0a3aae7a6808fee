// The form screen: the meeting (hero), "about you" (venue and rater group, preset by the link
// or locked by the invitation code), the questionnaire's dimensions and the submit area.

import { h, icon } from '../shared/dom.js';
import { formatDate, formatDateTime } from '../shared/format.js';
import { flattenQuestions } from './form-logic.js';
import { errorSlot, questionCountText, questionPositions, renderDimension, requiredMark } from './question-view.js';
import { onChange, onInput, refreshForm } from './form-checks.js';
import { onSubmit, refreshSendState } from './submit.js';
import { app, localText, page, query, questionnaire, questionView, tr } from './state.js';

function heroFacts() {
  const evaluation = page.evaluation;
  const facts = [];
  // The same count as the progress counter; questions that appear only for some answers are
  // named apart, and each says so when it appears.
  facts.push(h('li', { id: 'question-count' }, questionCountText(questionnaire(), page.locale)));
  if (evaluation.anonymous) facts.push(h('li', {}, tr('anonymous')));
  if (evaluation.closesAt) facts.push(h('li', {}, tr('closesAt', { time: formatDateTime(evaluation.closesAt, { dateStyle: 'long', timeStyle: 'short', lang: page.locale }) })));
  return h('ul', { class: 'hero-facts' }, facts);
}

function renderHero() {
  const evaluation = page.evaluation;
  const q = questionnaire();
  const type = evaluation.meetingType ?? q.meetingType;
  const description = q.description ? localText(q.description) : '';
  return h(
    'section',
    { class: 'hero', 'aria-labelledby': 'meeting-title' },
    h(
      'p',
      { class: 'hero-kicker' },
      type ? h('span', { class: 'chip' }, tr(`type.${type}`)) : null,
      evaluation.meetingDate ? h('time', { datetime: evaluation.meetingDate }, formatDate(evaluation.meetingDate, { style: 'long', lang: page.locale })) : null,
    ),
    h('h1', { id: 'meeting-title', class: 'hero-title', tabindex: '-1' }, evaluation.title ?? ''),
    h('p', { class: 'hero-questionnaire' }, localText(q.title)),
    description ? h('p', { class: 'hero-description' }, description) : null,
    heroFacts(),
  );
}

function pickerField(kind, items, selected) {
  const id = kind === 'venue' ? 'venue' : 'rater-group';
  const errorId = `${id}-err`;
  const fromLink = query.get(kind === 'venue' ? 'venue' : 'group') ?? (kind === 'venue' ? null : query.get('raterGroup'));
  const bound = page.invitation ? page.invitation[kind === 'venue' ? 'venue' : 'raterGroup'] : null;
  const locked = Boolean(bound) && items.some((item) => item.id === bound) && selected === bound;
  const preset = !locked && fromLink && items.some((item) => item.id === fromLink) && selected === fromLink;
  const select = h(
    'select',
    {
      id,
      name: kind,
      required: true,
      'aria-required': 'true',
      'aria-describedby': preset || locked ? `${id}-hint ${errorId}` : errorId,
      'data-path': kind === 'venue' ? 'venue' : 'raterGroup',
      disabled: locked,
      'data-locked': locked ? 'code' : null,
    },
    h('option', { value: '' }, tr('choose')),
    items.map((item) => h('option', { value: item.id, selected: item.id === selected }, localText(item.name))),
  );
  return h(
    'div',
    { class: 'field', id: `${id}-field`, 'data-anchor': '' },
    h('label', { for: id, class: 'field-label' }, tr(kind === 'venue' ? 'venue' : 'raterGroup'), requiredMark(page.locale)),
    h('div', { class: 'select-wrap' }, select),
    preset ? h('p', { class: 'field-hint', id: `${id}-hint` }, tr('preset')) : null,
    locked ? h('p', { class: 'field-hint field-locked', id: `${id}-hint` }, icon('lock'), h('span', {}, tr(kind === 'venue' ? 'lockedVenue' : 'lockedGroup'))) : null,
    errorSlot(errorId),
  );
}

function renderAbout() {
  const evaluation = page.evaluation;
  const venues = evaluation.venues ?? [];
  const groups = evaluation.raterGroups ?? [];
  if (venues.length === 0 && groups.length === 0) return null;
  return h(
    'section',
    { class: 'dimension about', 'aria-labelledby': 'about-title' },
    h('div', { class: 'dimension-head' }, h('h2', { id: 'about-title', class: 'dimension-title' }, tr('about'))),
    h(
      'div',
      { class: 'card' },
      venues.length > 0 ? pickerField('venue', venues, page.draft.venue) : null,
      groups.length > 0 ? pickerField('raterGroup', groups, page.draft.raterGroup) : null,
    ),
  );
}

function renderSubmitArea() {
  return h(
    'div',
    { class: 'submit-area' },
    h('div', { id: 'summary', class: 'summary', tabindex: '-1' }),
    h('p', { id: 'answered-count', class: 'answered-count' }),
    h(
      'button',
      { type: 'submit', id: 'submit-button', class: 'button button-primary button-block' },
      h('span', { class: 'spinner spinner-small', 'aria-hidden': 'true' }),
      h('span', { class: 'button-label' }, tr('submit')),
    ),
    h('div', { id: 'send-status', class: 'send-status', role: 'status', 'aria-live': 'polite' }),
  );
}

export function renderForm() {
  const q = questionnaire();
  page.questions = new Map(flattenQuestions(q).map((entry) => [entry.question.id, entry.question]));
  const positions = questionPositions(q);
  const form = h(
    'form',
    { id: 'evaluation-form', class: 'evaluation-form', novalidate: true, onsubmit: onSubmit, onchange: onChange, oninput: onInput },
    h('p', { class: 'required-note' }, h('span', { class: 'req', 'aria-hidden': 'true' }, '*'), ` ${tr('requiredNote')}`),
    renderAbout(),
    (q.dimensions ?? []).map((dimension, index) => renderDimension(dimension, index, positions, questionView())),
    renderSubmitArea(),
  );
  app.replaceChildren(renderHero(), form);
  refreshForm();
  refreshSendState();
}
