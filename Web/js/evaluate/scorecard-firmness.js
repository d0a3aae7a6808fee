// How firm a scorecard's result is (docs/scoring.md §9), in words: the probability that the
// grade is right, the range of each dimension's weight that keeps the grade, and the venues
// and rater groups that differ from the rest after Holm's adjustment. Also the flag marks
// that the venue ranking and the meeting comparison put beside a name or a change.

import { h } from '../shared/dom.js';
import { t as translate } from '../shared/i18n.js';
import { section } from './common.js';


const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
const wholePercent = (share) => `${Math.round(share * 100)}%`;
const plain = (value) => String(Number(value.toFixed(2)));
/** `= 0.0123`, or `< 0.0001` when it rounds to 0. */
const pText = (p) => (p < 0.0001 ? '< 0.0001' : `= ${p.toFixed(4)}`);

/** The sentences, in the page's language (the same as the printable report's). */
export function firmnessLines(scorecard, lang) {
  const t = (key, params) => translate(key, params, lang);
  const lines = [];
  const overall = scorecard.overall ?? {};
  if (isNum(overall.gradeConfidence) && overall.grade) {
    lines.push({ kind: 'confidence', text: t('firm.gradeConfidence', { grade: overall.grade, p: wholePercent(overall.gradeConfidence) }) });
  } else if (isNum(overall.score)) {
    lines.push({ kind: 'confidence', text: t('firm.noConfidence') });
  }
  for (const d of scorecard.dimensions ?? []) {
    const range = d.gradeStableWeight;
    if (!range) continue;
    lines.push({
      kind: 'weight',
      text: t('firm.stableWeight', { dimension: d.title, weight: wholePercent(d.weight), low: wholePercent(range.low), high: wholePercent(range.high) }),
    });
  }
  const parts = [
    ...(scorecard.venues ?? []).map((v) => ({ kind: 'venue', name: v.name, c: v.comparison })),
    ...(scorecard.raterGroups ?? []).map((g) => ({ kind: 'group', name: g.name, c: g.comparison })),
  ].filter((part) => part.c && part.c.flag);
  for (const part of parts) {
    if (part.c.flag === 'none') continue;
    lines.push({
      kind: 'flag',
      flag: part.c.flag,
      text: t(`firm.${part.kind}.${part.c.flag}`, { name: part.name, difference: plain(Math.abs(part.c.difference)), p: pText(part.c.pAdjusted) }),
    });
  }
  if (parts.length && parts.every((part) => part.c.flag === 'none')) lines.push({ kind: 'flag', flag: 'none', text: t('firm.noFlags') });
  return lines;
}

export function firmnessSection(ctx, { scorecard }) {
  const lines = firmnessLines(scorecard, ctx.lang);
  return section('sc-firmness', ctx.t('firm.title'),
    h('ul', { class: 'findings', id: 'firmness' },
      lines.map((line) => h('li', { dataset: { kind: line.kind, flag: line.flag ?? '' } }, line.text))));
}

/** A venue's name with its flag mark, for the ranking chart. */
export function flaggedName(venue, lang) {
  const flag = venue.comparison?.flag;
  if (flag === 'below') return `${venue.name} ▼ ${translate('flag.below', {}, lang)}`;
  if (flag === 'above') return `${venue.name} ▲ ${translate('flag.above', {}, lang)}`;
  return venue.name;
}

/** The mark of a meeting whose overall changed significantly from the previous one (p < 0.05). */
export function changeMark(row, lang) {
  const change = row.changeFromPrevious;
  if (!change?.significant) return {};
  return { mark: 'significant', markLabel: `${translate('flag.significant', {}, lang)} (p = ${change.p.toFixed(4)})` };
}
