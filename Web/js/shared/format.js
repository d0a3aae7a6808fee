// Numbers, dates and times written for people in the reader's language.
//
// Exports (each takes an options object; `lang` defaults to the page language, `empty` is what a
// missing value reads as):
// - `formatNumber(value, {digits = 0, minDigits = digits})`,
//   `formatPercent(fraction, {digits = 1, minDigits = digits})`;
// - `formatDate(isoDate, {style = 'medium'})` for a calendar date `YYYY-MM-DD` (no time-zone drift),
//   `formatDateTime(iso, {dateStyle = 'medium', timeStyle = 'short'})`,
//   `formatTime(iso, {timeStyle = 'medium'})` for a moment in the reader's time zone;
// - `formatCompactDateTime(iso)`: `2026-11-20 09:58:02` in the reader's time zone, for tables.

import { language, languageTag } from './i18n.js';

function isNumber(value) {
  return value !== null && value !== undefined && value !== '' && Number.isFinite(Number(value));
}

function intl(lang, options, value, fallback) {
  try {
    return new Intl.NumberFormat(languageTag(lang), options).format(value);
  } catch {
    return fallback;
  }
}

export function formatNumber(value, { digits = 0, minDigits = digits, lang = language(), empty = '–' } = {}) {
  if (!isNumber(value)) return empty;
  return intl(lang, { maximumFractionDigits: digits, minimumFractionDigits: minDigits }, Number(value), String(value));
}

export function formatPercent(fraction, { digits = 1, minDigits = digits, lang = language(), empty = '–' } = {}) {
  if (!isNumber(fraction)) return empty;
  return intl(
    lang,
    { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: Math.min(minDigits, digits) },
    Number(fraction),
    `${(Number(fraction) * 100).toFixed(digits)}%`,
  );
}

export function formatDate(isoDate, { style = 'medium', lang = language() } = {}) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate ?? '');
  if (!match) return isoDate ?? '';
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  try {
    return new Intl.DateTimeFormat(languageTag(lang), { dateStyle: style, timeZone: 'UTC' }).format(date);
  } catch {
    return isoDate;
  }
}

export function formatDateTime(iso, { dateStyle = 'medium', timeStyle = 'short', lang = language() } = {}) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return iso ?? '';
  try {
    return new Intl.DateTimeFormat(languageTag(lang), { dateStyle, timeStyle }).format(date);
  } catch {
    return date.toISOString();
  }
}

export function formatTime(iso, { timeStyle = 'medium', lang = language() } = {}) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return iso ?? '';
  try {
    return new Intl.DateTimeFormat(languageTag(lang), { timeStyle }).format(date);
  } catch {
    return date.toISOString();
  }
}

export function formatCompactDateTime(iso) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return iso ?? '';
  const two = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} `
    + `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}
