// The pages' own words in Chinese and English, and the reader's language.
//
// Exports:
// - `LANGUAGES`: the languages of the pages' own words, `[{code, name, tag}]` (Chinese first,
//   the default).
// - `language()`, `setLanguage(code, {remember = true})` (remembered in localStorage under one
//   key for every page, so the sign-in page's choice carries over), `onLanguageChange(listener)`
//   (returns a function that stops listening).
// - `addMessages({zh: {...}, en: {...}})`: a page registers its message tables;
//   `t(key, params = {}, lang = language())`: the message with `{name}` placeholders filled in
//   (falling back to Chinese, then English, then the key itself; keys without a text are
//   collected in `missingTexts`).
// - `messages(tables)`: the same look-up over tables of their own, for words that travel into
//   other pages and must not mix with theirs (the account menu, the attendee form that the
//   console previews); returns `text(key, params = {}, lang = language())`.
// - `localized(text, lang = language())`: a localized text (a string or `{zh, en, …}`) in `lang`,
//   else Chinese, English or any language it has.
// - `uiLanguage(code)` ('zh' for any Chinese, else 'en'), `languageTag(code)` (BCP 47, for
//   `lang` attributes and Intl), `languageName(code)` (a language's name in itself).

const STORAGE_KEY = 'meeting-eval.lang';
/** Where the console and the evaluator pages remembered the language before they shared one key. */
const EARLIER_KEYS = ['meeting-eval.console.lang', 'meeting-eval.evaluate.lang'];

export const LANGUAGES = [
  { code: 'zh', name: '中文', tag: 'zh-CN' },
  { code: 'en', name: 'English', tag: 'en' },
];

const LANGUAGE_NAMES = { zh: '中文', en: 'English', fr: 'Français', de: 'Deutsch', ru: 'Русский', ja: '日本語', ko: '한국어' };

/** The pages' own words exist in Chinese and English; any other language reads English. */
export function uiLanguage(code) {
  return String(code || '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** A BCP 47 tag for `<html lang>` and Intl formatting. */
export function languageTag(code) {
  return code === 'zh' ? 'zh-CN' : String(code || 'en');
}

/** A language's name in that language, for a language switch. */
export function languageName(code) {
  if (LANGUAGE_NAMES[code]) return LANGUAGE_NAMES[code];
  return uiLanguage(code) === 'zh' ? LANGUAGE_NAMES.zh : String(code);
}

function readStored() {
  try {
    for (const key of [STORAGE_KEY, ...EARLIER_KEYS]) {
      const stored = localStorage.getItem(key);
      if (LANGUAGES.some((l) => l.code === stored)) return stored;
    }
  } catch {
    // storage can be off (private mode); the default applies
  }
  return LANGUAGES[0].code;
}

let current = readStored();
const listeners = new Set();

export function language() {
  return current;
}

export function setLanguage(code, { remember = true } = {}) {
  const next = uiLanguage(code);
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not remembered, still switched
    }
  }
  if (next === current) return;
  current = next;
  for (const listener of [...listeners]) {
    try {
      listener(current);
    } catch (error) {
      console.error(error);
    }
  }
}

export function onLanguageChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Keys asked for that have no text in the language asked for: kept for tests and debugging. */
export const missingTexts = new Set();

function fillIn(template, params) {
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

function lookUp(tables, key, params, lang) {
  const code = uiLanguage(lang);
  let template = tables[code]?.[key];
  if (template === undefined) {
    missingTexts.add(`${code}:${key}`);
    template = tables.zh?.[key] ?? tables.en?.[key] ?? key;
  }
  return fillIn(template, params ?? {});
}

const pageTables = { zh: {}, en: {} };

export function addMessages(tables) {
  for (const [code, table] of Object.entries(tables)) {
    pageTables[code] = { ...(pageTables[code] ?? {}), ...table };
  }
}

export function t(key, params = {}, lang = current) {
  return lookUp(pageTables, key, params, lang);
}

export function messages(tables) {
  return (key, params = {}, lang = current) => lookUp(tables, key, params, lang);
}

export function localized(text, lang = current) {
  if (text === null || text === undefined) return '';
  if (typeof text === 'string') return text;
  if (typeof text !== 'object') return String(text);
  if (typeof text[lang] === 'string' && text[lang] !== '') return text[lang];
  for (const key of ['zh', 'en']) if (typeof text[key] === 'string' && text[key] !== '') return text[key];
  for (const value of Object.values(text)) if (typeof value === 'string' && value !== '') return value;
  return '';
}
