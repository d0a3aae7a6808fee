// Around the screens: the page title, the language switch (keeping the reader's place) and
// the progress bar.

import { languageButtons } from '../shared/dom.js';
import { languageTag } from '../shared/i18n.js';
import { otherLanguage, text } from './messages.js';
import { app, page, persist, questionnaire, render, tr } from './state.js';

const brandText = document.getElementById('brand-text');
const languageSwitch = document.getElementById('lang-switch');
const progress = document.getElementById('progress');
const progressBar = document.getElementById('progress-bar');

export function updateChrome() {
  document.documentElement.lang = languageTag(page.locale);
  brandText.textContent = tr('brand');
  const title = page.evaluation?.title;
  document.title = title ? `${title} · ${tr('brand')}` : `${tr('brand')} · MeetingEval`;
  renderLanguageSwitch();
}

function renderLanguageSwitch() {
  const locales = questionnaire()?.locales ?? [];
  if (locales.length < 2) {
    languageSwitch.hidden = true;
    languageSwitch.replaceChildren();
    return;
  }
  languageSwitch.hidden = false;
  languageSwitch.setAttribute('aria-label', `${text('language', {}, page.locale)} / ${text('language', {}, otherLanguage(page.locale))}`);
  languageSwitch.replaceChildren(...languageButtons(locales, page.locale, switchLocale));
}

function switchLocale(locale) {
  if (locale === page.locale) return;
  const anchor = page.view === 'form' ? scrollAnchor() : null;
  page.locale = locale;
  if (page.draft) {
    page.draft.locale = locale;
    persist();
  }
  render();
  if (anchor) restoreScrollAnchor(anchor);
  const button = languageSwitch.querySelector(`[data-lang="${CSS.escape(locale)}"]`);
  if (button) button.focus();
}

/** The first question on screen and its distance from the top, to keep the reader's place. */
function scrollAnchor() {
  const top = document.querySelector('.topbar')?.getBoundingClientRect().bottom ?? 0;
  for (const element of app.querySelectorAll('[data-anchor]')) {
    if (element.hidden) continue;
    const rect = element.getBoundingClientRect();
    if (rect.bottom > top) return { id: element.id, offset: rect.top };
  }
  return null;
}

function restoreScrollAnchor(anchor) {
  const element = document.getElementById(anchor.id);
  if (!element) return;
  window.scrollBy(0, element.getBoundingClientRect().top - anchor.offset);
}

export function setProgress(visible, answered, total) {
  progress.hidden = !visible;
  if (!visible) return;
  const percent = total === 0 ? 0 : Math.round((answered / total) * 100);
  progressBar.className = `progress-bar p-${Math.round(percent / 5) * 5}`;
  progress.setAttribute('aria-valuenow', String(answered));
  progress.setAttribute('aria-valuemax', String(total));
  progress.setAttribute('aria-valuetext', tr('progress', { a: answered, n: total }));
  progress.setAttribute('aria-label', tr('progress', { a: answered, n: total }));
}
