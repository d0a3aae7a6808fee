// One vocabulary for an evaluation's state on every page (console, evaluator pages, attendee
// page): draft, scheduled (open, but its window starts later), open (accepting responses) and
// closed (closed by the organizer or past its window). The server sends it as `phase`
// (`Evaluation.phase` in the core); `phaseOf` derives it from the status and the window for
// data that has none (a live snapshot of an older server, a stored draft).

import { h } from './dom.js';
import { formatDateTime } from './format.js';
import { addMessages, t } from './i18n.js';

export const PHASES = ['draft', 'scheduled', 'open', 'closed'];

addMessages({
  zh: {
    'phase.draft': '草稿',
    'phase.scheduled': '未开始',
    'phase.open': '收集中',
    'phase.closed': '已结束',
    'phase.opensAt': '{time} 开始',
    'phase.closesAt': '{time} 截止',
    'phase.closedAt': '{time} 结束',
  },
  en: {
    'phase.draft': 'Draft',
    'phase.scheduled': 'Scheduled',
    'phase.open': 'Open',
    'phase.closed': 'Closed',
    'phase.opensAt': 'opens {time}',
    'phase.closesAt': 'closes {time}',
    'phase.closedAt': 'closed {time}',
  },
});

/** `draft`, `scheduled`, `open` or `closed`. */
export function phaseOf(evaluation, now = new Date()) {
  if (!evaluation) return 'draft';
  if (PHASES.includes(evaluation.phase)) return evaluation.phase;
  const time = (iso) => (iso ? Date.parse(iso) : NaN);
  if (evaluation.status === 'draft') return 'draft';
  if (evaluation.status === 'closed') return 'closed';
  if (time(evaluation.closesAt) <= now.getTime()) return 'closed';
  if (time(evaluation.opensAt) > now.getTime()) return 'scheduled';
  return 'open';
}

/** The state's name in `lang` (the page's language unless given). */
export function phaseName(phase, lang) {
  return t(`phase.${phase}`, {}, lang);
}

/** The time that goes with the state: when a scheduled one opens, when an open one closes,
 *  when a closed one ended; '' when there is none. */
export function phaseTime(evaluation, { lang, dateStyle = 'medium' } = {}) {
  const phase = phaseOf(evaluation);
  const at = (iso, key) => (iso ? t(key, { time: formatDateTime(iso, { dateStyle, lang }) }, lang) : '');
  if (phase === 'scheduled') return at(evaluation.opensAt, 'phase.opensAt');
  if (phase === 'open') return at(evaluation.closesAt, 'phase.closesAt');
  if (phase === 'closed') return at(closingTime(evaluation), 'phase.closedAt');
  return '';
}

/** When a closed evaluation stopped accepting responses: the earlier of the organizer's close
 *  and the end of its window. */
export function closingTime(evaluation) {
  const times = [evaluation?.closedAt, evaluation?.closesAt].filter((iso) => iso && Date.parse(iso) <= Date.now());
  times.sort((a, b) => Date.parse(a) - Date.parse(b));
  return times[0] ?? null;
}

/** A badge with the state's name (and, for a scheduled evaluation, its opening time);
 *  `className` is the page's badge style. */
export function phaseBadge(evaluation, { className = 'badge', withTime = true } = {}) {
  const phase = phaseOf(evaluation);
  const when = withTime && phase === 'scheduled' ? phaseTime(evaluation, { dateStyle: 'short' }) : '';
  return h(
    'span',
    { class: [className, `badge-${phase}`, `status-${phase}`], 'data-phase': phase },
    h('span', { class: 'badge-dot', 'aria-hidden': 'true' }),
    phaseName(phase),
    when ? h('span', { class: 'badge-when' }, ` · ${when}`) : null,
  );
}
