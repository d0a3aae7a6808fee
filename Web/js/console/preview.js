// The live preview: the questionnaire drawn by the attendee page's own renderer, with the
// attendee page's own style sheet, inside a phone-sized frame (an iframe, so the console's
// styles and the attendee page's never mix). It can be answered to try showIf rules;
// nothing is sent anywhere.

import { flattenQuestions, localize } from '../attendee/form-logic.js';
import { text as attendeeText } from '../attendee/messages.js';
import { domId, questionCountText, questionPositions, readAnswer, refreshQuestions, renderDimension } from '../attendee/question-view.js';
import { h, languageButtons } from '../shared/dom.js';
import { languageTag, t } from '../shared/i18n.js';

const FRAME_DOCUMENT = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/css/base.css">
<link rel="stylesheet" href="/assets/css/attendee.css">
<link rel="stylesheet" href="/assets/css/preview-frame.css">
</head>
<body>
<header class="topbar"><div class="topbar-inner"><span class="brand" id="brand"></span><div class="lang-switch" id="lang" role="group"></div></div></header>
<main id="app" class="app" data-state="form"></main>
</body>
</html>`;

export function createPreview(host, { title }) {
  const frame = h('iframe', { class: 'preview-frame', title, id: 'preview-frame' });
  frame.srcdoc = FRAME_DOCUMENT;
  host.replaceChildren(frame);
  let ready = false;
  let definition = null;
  let locale = null;
  let outerGroup = null;
  const answers = {};

  frame.addEventListener('load', () => {
    ready = true;
    draw();
  });

  function setLocale(next) {
    if (next === locale) return;
    locale = next;
    drawLocaleButtons();
    draw();
  }

  function locales() {
    const list = Array.isArray(definition?.locales) && definition.locales.length ? definition.locales : ['zh'];
    return list.filter((code) => typeof code === 'string' && code !== '');
  }

  function drawLocaleButtons() {
    if (!outerGroup) return;
    outerGroup.replaceChildren(...languageButtons(locales(), locale, setLocale, { className: 'seg-button' }));
  }

  function view() {
    return { locale, defaultLocale: locales()[0], answers };
  }

  function draw() {
    if (!ready || !definition) return;
    const doc = frame.contentDocument;
    const app = doc?.getElementById('app');
    if (!app) return;
    doc.documentElement.lang = languageTag(locale);
    const scroll = doc.scrollingElement?.scrollTop ?? 0;
    doc.getElementById('brand').textContent = attendeeText('brand', {}, locale);
    const lang = doc.getElementById('lang');
    const list = locales();
    lang.hidden = list.length < 2;
    lang.replaceChildren(...languageButtons(list, locale, setLocale));
    const q = definition;
    const text = (value) => localize(value, locale, list[0]);
    const positions = questionPositions(q);
    const type = q.meetingType;
    const hero = h(
      'section',
      { class: 'hero' },
      h('p', { class: 'hero-kicker' }, type ? h('span', { class: 'chip' }, attendeeText(`type.${type}`, {}, locale)) : null),
      h('h1', { class: 'hero-title' }, t('b.previewMeeting')),
      h('p', { class: 'hero-questionnaire' }, text(q.title)),
      q.description ? h('p', { class: 'hero-description' }, text(q.description)) : null,
      h('ul', { class: 'hero-facts' }, h('li', {}, questionCountText(q, locale)), h('li', {}, attendeeText('anonymous', {}, locale))),
    );
    const answered = h('p', { class: 'answered-count', id: 'answered-count' });
    const form = h(
      'form',
      { class: 'evaluation-form', novalidate: true, onsubmit: (event) => event.preventDefault() },
      h('p', { class: 'required-note' }, h('span', { class: 'req', 'aria-hidden': 'true' }, '*'), ` ${attendeeText('requiredNote', {}, locale)}`),
      (q.dimensions ?? []).map((dimension, index) => renderDimension(dimension, index, positions, view())),
      h(
        'div',
        { class: 'submit-area' },
        answered,
        h('button', { type: 'button', class: 'button button-primary button-block preview-submit', tabindex: '-1', 'aria-disabled': 'true' }, attendeeText('submit', {}, locale)),
      ),
    );
    const find = (id) => doc.getElementById(domId(id));
    const refresh = () => {
      const { shown, answered: done } = refreshQuestions(q, answers, find, locale);
      answered.textContent = attendeeText('progress', { a: done, n: shown }, locale);
    };
    const questions = new Map(flattenQuestions(q).map((entry) => [entry.question.id, entry.question]));
    form.addEventListener('change', (event) => {
      const control = event.target;
      const question = questions.get(control.dataset?.question);
      if (!question || question.type === 'text' || control.dataset.other !== undefined) return;
      const value = readAnswer(question, control, find(question.id));
      if (question.type === 'multiple' && value.length === 0) delete answers[question.id];
      else answers[question.id] = value;
      refresh();
    });
    form.addEventListener('input', (event) => {
      const control = event.target;
      if (control.tagName !== 'TEXTAREA') return;
      const question = questions.get(control.dataset.question);
      if (!question) return;
      if (control.value === '') delete answers[question.id];
      else answers[question.id] = control.value;
      refresh();
    });
    app.replaceChildren(hero, form);
    refresh();
    if (doc.scrollingElement) doc.scrollingElement.scrollTop = scroll;
  }

  return {
    update(next, group) {
      definition = next;
      outerGroup = group ?? outerGroup;
      const list = locales();
      if (!locale || !list.includes(locale)) locale = list[0];
      drawLocaleButtons();
      draw();
    },
    destroy() {
      ready = false;
      frame.remove();
    },
  };
}
