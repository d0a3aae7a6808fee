// The console's words in Chinese and English. The language is remembered in
// localStorage; Chinese is the default. The message tables live in messages/, one module
// per area of the console.

import common from './messages/common.js';
import questionnaires from './messages/questionnaires.js';
import evaluations from './messages/evaluations.js';
import access from './messages/access.js';
import accounts from './messages/accounts.js';

const STORAGE_KEY = 'meeting-eval.console.lang';

const TABLES = [common, questionnaires, evaluations, access, accounts];
const MESSAGES = {
  zh: Object.assign({}, ...TABLES.map((table) => table.zh)),
  en: Object.assign({}, ...TABLES.map((table) => table.en)),
};

export const LANGUAGES = [
  { code: 'zh', name: '中文', tag: 'zh-CN' },
  { code: 'en', name: 'English', tag: 'en' },
];

let current = readStored();

function readStored() {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'zh' || stored === 'en') return stored;
  } catch {
    // storage can be off (private mode); the default applies
  }
  return 'zh';
}

export function lang() {
  return current;
}

export function langTag() {
  return current === 'zh' ? 'zh-CN' : 'en';
}

export function setLang(code) {
  current = code === 'en' ? 'en' : 'zh';
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch {
    // not remembered, still switched
  }
}

/** The message `key` in the console's language, with `{name}` filled in. */
export function t(key, params = {}) {
  const template = MESSAGES[current][key] ?? MESSAGES.zh[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** Localized text (a string or {zh, en, …}) in the console's language, else any. */
export function lt(text, preferred = current) {
  if (text == null) return '';
  if (typeof text === 'string') return text;
  if (typeof text !== 'object') return String(text);
  if (typeof text[preferred] === 'string' && text[preferred] !== '') return text[preferred];
  for (const key of ['zh', 'en']) if (typeof text[key] === 'string' && text[key] !== '') return text[key];
  for (const value of Object.values(text)) if (typeof value === 'string' && value !== '') return value;
  return '';
}

export function formatNumber(value, digits = 0, minDigits = digits) {
  if (value == null || Number.isNaN(value)) return '–';
  return new Intl.NumberFormat(langTag(), { maximumFractionDigits: digits, minimumFractionDigits: minDigits }).format(value);
}

export function formatPercent(fraction, digits = 1) {
  if (fraction == null || !Number.isFinite(fraction)) return '–';
  return new Intl.NumberFormat(langTag(), {
    style: 'percent',
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(fraction);
}

export function formatDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (!match) return iso ?? '';
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(langTag(), { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

export function formatDateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso ?? '';
  return new Intl.DateTimeFormat(langTag(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso ?? '';
  return new Intl.DateTimeFormat(langTag(), { timeStyle: 'medium' }).format(date);
}
