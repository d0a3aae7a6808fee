// The scorecard's questions (each with its answer distribution) and the attendees' comments
// (filtered by question, venue and rater group, shown a page at a time).

import { fill, h, uid } from '../shared/dom.js';
import { decimal, integer, localized, note, percent, score, section } from './common.js';

const COMMENTS_PAGE = 20;

// ------------------------------------------------------------------ questions

function questionDefinitions(definition) {
  const map = new Map();
  for (const dimension of definition?.dimensions ?? []) {
    for (const question of dimension.questions ?? []) map.set(question.id, question);
  }
  return map;
}

/** The answer distribution rows of a question, labelled from the questionnaire. */
function distributionRows(ctx, question, def) {
  const { t, lang } = ctx;
  const dist = question.distribution ?? {};
  const rows = [];
  if (question.type === 'rating') {
    const min = def?.scale?.min ?? Math.min(...Object.keys(dist).map(Number));
    const max = def?.scale?.max ?? Math.max(...Object.keys(dist).map(Number));
    if (Number.isFinite(min) && Number.isFinite(max)) {
      for (let point = min; point <= max; point += 1) {
        const caption = localized(def?.scale?.labels?.[point] ?? def?.scale?.labels?.[String(point)], lang);
        rows.push({ label: caption ? `${point} · ${caption}` : String(point), count: dist[String(point)] ?? 0, level: max > min ? (point - min) / (max - min) : 1 });
      }
    }
    if (question.notApplicable || def?.allowNotApplicable) {
      rows.push({ label: t('q.notApplicable'), count: question.notApplicable ?? 0, na: true });
    }
  } else if (question.type === 'single' || question.type === 'multiple') {
    const options = def?.options ?? Object.keys(dist).map((id) => ({ id, text: id }));
    for (const option of options) {
      rows.push({
        label: localized(option.text, lang) || option.id,
        count: dist[option.id] ?? 0,
        na: Boolean(option.notApplicable),
        level: typeof option.score === 'number' ? option.score / 100 : null,
      });
    }
  }
  return rows;
}

function distributionTable(ctx, question, def) {
  const { t, lang } = ctx;
  const rows = distributionRows(ctx, question, def);
  if (!rows.length) return null;
  const base = question.type === 'multiple' ? question.n : rows.reduce((sum, row) => sum + row.count, 0);
  return h('table', { class: 'dist' },
    h('caption', { class: 'sr-only' }, t('q.distCaption', { q: question.text })),
    h('thead', { class: 'sr-only' }, h('tr', {},
      h('th', { scope: 'col' }, t('q.answer')),
      h('th', { scope: 'col' }, t('q.count')),
      h('th', { scope: 'col' }, t('q.share')))),
    h('tbody', {}, rows.map((row) => {
      const share = base ? row.count / base : 0;
      const level = row.na || row.level === null || row.level === undefined ? null : Math.round(row.level * 4);
      return h('tr', { class: row.na ? 'is-na' : null },
        h('th', { scope: 'row' }, row.label),
        h('td', { class: 'dist-bar-cell' },
          h('span', { class: 'dist-track', 'aria-hidden': 'true' },
            row.count ? h('span', { class: ['dist-bar', level === null ? 'lvl-na' : `lvl-${level}`], style: { width: `${(share * 100).toFixed(1)}%` } }) : null),
          h('span', { class: 'dist-count' }, integer(row.count, lang))),
        h('td', { class: 'num dist-share' }, base ? percent(share, lang, 1) : '—'));
    })));
}

function questionCard(ctx, question, def, onShowComments) {
  const { t, lang } = ctx;
  const scored = question.weight !== null && question.weight !== undefined;
  const typeLabel = t(`qtype.${question.type}`);
  const stats = scored
    ? h('dl', { class: 'q-stats' },
      h('div', { class: 'q-stat-main' }, h('dt', {}, t('score')), h('dd', {}, score(question.score))),
      h('div', {}, h('dt', {}, t('q.mean')), h('dd', {}, score(question.mean))),
      h('div', {}, h('dt', {}, t('q.sd')), h('dd', {}, question.sd === null || question.sd === undefined ? '—' : decimal(question.sd, lang))),
      h('div', {}, h('dt', {}, t('n')), h('dd', {}, integer(question.n, lang))),
      h('div', {}, h('dt', {}, t('q.na')), h('dd', {}, integer(question.notApplicable, lang))),
      h('div', {}, h('dt', {}, t('weight')), h('dd', {}, percent(question.weight, lang, 1))))
    : h('dl', { class: 'q-stats' },
      h('div', {}, h('dt', {}, t('q.answered')), h('dd', {}, integer(question.n, lang))),
      h('div', {}, h('dt', {}, t('weight')), h('dd', {}, t('q.unscored'))));
  const body = question.type === 'text'
    ? h('p', { class: 'q-text-answers' },
      question.n
        ? h('button', { type: 'button', class: 'link-button', on: { click: () => onShowComments(question.id) } },
          t('q.showComments', { n: question.n }))
        : h('span', { class: 'muted' }, t('q.noText')))
    : distributionTable(ctx, question, def);
  return h('article', { class: 'q-card', id: `q-${question.id}`, 'aria-labelledby': `q-${question.id}-title` },
    h('h4', { class: 'q-title', id: `q-${question.id}-title` }, question.text),
    h('p', { class: 'q-meta' }, h('span', { class: 'chip chip-soft' }, typeLabel), ' ', h('code', {}, question.id),
      question.type === 'multiple' ? h('span', { class: 'muted' }, ` · ${t('q.multipleNote')}`) : null),
    stats,
    body);
}

let showCommentsFor = null;

export function questionsSection(ctx, { scorecard, definition }) {
  const { t, lang } = ctx;
  const defs = questionDefinitions(definition);
  const scoredDims = new Map((scorecard.dimensions ?? []).map((d) => [d.id, d]));
  const order = [];
  const groups = new Map();
  for (const question of scorecard.questions ?? []) {
    if (!groups.has(question.dimension)) {
      groups.set(question.dimension, []);
      order.push(question.dimension);
    }
    groups.get(question.dimension).push(question);
  }
  const dimTitle = (id) => scoredDims.get(id)?.title
    ?? localized((definition?.dimensions ?? []).find((d) => d.id === id)?.title, lang) ?? id;
  const onShowComments = (questionId) => showCommentsFor?.(questionId);
  return section('sc-questions', t('sc.questions'),
    note(t('q.intro')),
    order.map((dimId, index) => {
      const dim = scoredDims.get(dimId);
      return h('details', { class: 'q-group', open: index < 2 ? true : null },
        h('summary', {},
          h('span', { class: 'q-group-title' }, dimTitle(dimId)),
          h('span', { class: 'q-group-meta' },
            dim ? t('q.groupMeta', { score: score(dim.score), w: percent(dim.weight, lang, 1), n: groups.get(dimId).length })
              : t('q.groupUnscored', { n: groups.get(dimId).length }))),
        h('div', { class: 'q-grid' }, groups.get(dimId).map((q) => questionCard(ctx, q, defs.get(q.id), onShowComments))));
    }),
    h('p', { class: 'q-expand' },
      h('button', {
        type: 'button', class: 'button button-ghost button-small',
        on: {
          click: (event) => {
            const all = [...document.querySelectorAll('#sc-questions details.q-group')];
            const open = all.some((d) => !d.open);
            all.forEach((d) => { d.open = open; });
            event.currentTarget.textContent = open ? t('q.collapseAll') : t('q.expandAll');
          },
        },
      }, t('q.expandAll'))));
}

// ------------------------------------------------------------------ comments

export function commentsSection(ctx, { scorecard }) {
  const { t, lang } = ctx;
  const comments = scorecard.comments ?? [];
  const questions = new Map((scorecard.questions ?? []).map((q) => [q.id, q]));
  const venues = new Map((scorecard.venues ?? []).map((v) => [v.id, v.name]));
  const groups = new Map((scorecard.raterGroups ?? []).map((g) => [g.id, g.name]));
  const state = { question: '', venue: '', group: '', query: '', shown: COMMENTS_PAGE };

  if (!comments.length) {
    return section('sc-comments', t('sc.comments'), h('p', { class: 'muted' }, t('comments.none')));
  }
  const ids = { q: uid('c-q'), v: uid('c-v'), g: uid('c-g'), s: uid('c-s') };
  const questionIds = [...new Set(comments.map((c) => c.question))];
  const qSelect = h('select', { id: ids.q },
    h('option', { value: '' }, t('comments.allQuestions')),
    questionIds.map((id) => h('option', { value: id }, questions.get(id)?.text ?? id)));
  const venueIds = [...new Set(comments.map((c) => c.venue).filter(Boolean))];
  const vSelect = venueIds.length ? h('select', { id: ids.v },
    h('option', { value: '' }, t('comments.allVenues')),
    venueIds.map((id) => h('option', { value: id }, venues.get(id) ?? id))) : null;
  const groupIds = [...new Set(comments.map((c) => c.raterGroup).filter(Boolean))];
  const gSelect = groupIds.length ? h('select', { id: ids.g },
    h('option', { value: '' }, t('comments.allGroups')),
    groupIds.map((id) => h('option', { value: id }, groups.get(id) ?? id))) : null;
  const search = h('input', { id: ids.s, type: 'search', autocomplete: 'off', placeholder: t('comments.searchPlaceholder') });
  const count = h('p', { class: 'result-count', id: 'comments-count' });
  const list = h('ol', { class: 'comments', id: 'comments-list' });
  const moreButton = h('button', { type: 'button', class: 'button button-secondary', id: 'comments-more' });

  const filtered = () => {
    const query = state.query.trim().toLowerCase();
    return comments.filter((c) => (!state.question || c.question === state.question)
      && (!state.venue || c.venue === state.venue)
      && (!state.group || c.raterGroup === state.group)
      && (!query || c.text.toLowerCase().includes(query)));
  };
  const draw = (focusFrom = -1) => {
    const items = filtered();
    const visible = items.slice(0, state.shown);
    fill(list, visible.map((c, index) => h('li', { class: 'comment', tabindex: index === focusFrom ? '-1' : null },
      h('p', { class: 'comment-text' }, c.text),
      h('p', { class: 'comment-question' }, questions.get(c.question)?.text ?? c.question),
      h('p', { class: 'comment-meta' },
        c.venue ? h('span', {}, venues.get(c.venue) ?? c.venue) : null,
        c.raterGroup ? h('span', {}, groups.get(c.raterGroup) ?? c.raterGroup) : null))));
    count.textContent = items.length === comments.length
      ? t('comments.countAll', { shown: integer(visible.length, lang), n: integer(items.length, lang) })
      : t('comments.countFiltered', { shown: integer(visible.length, lang), n: integer(items.length, lang), total: integer(comments.length, lang) });
    const rest = items.length - visible.length;
    moreButton.hidden = rest <= 0;
    moreButton.textContent = t('comments.more', { n: integer(Math.min(rest, COMMENTS_PAGE), lang), rest: integer(rest, lang) });
    if (!items.length) list.append(h('li', { class: 'comment empty' }, t('comments.noMatch')));
    if (focusFrom >= 0) list.children[focusFrom]?.focus();
  };
  let timer = 0;
  const refilter = () => {
    state.shown = COMMENTS_PAGE;
    draw();
    clearTimeout(timer);
    timer = setTimeout(() => ctx.announce(count.textContent), 600);
  };
  ctx.onCleanup(() => clearTimeout(timer));
  qSelect.addEventListener('change', () => { state.question = qSelect.value; refilter(); });
  vSelect?.addEventListener('change', () => { state.venue = vSelect.value; refilter(); });
  gSelect?.addEventListener('change', () => { state.group = gSelect.value; refilter(); });
  search.addEventListener('input', () => { state.query = search.value; refilter(); });
  moreButton.addEventListener('click', () => {
    const from = state.shown;
    state.shown += COMMENTS_PAGE;
    draw(from);
    ctx.announce(count.textContent);
  });
  showCommentsFor = (questionId) => {
    if (!questionIds.includes(questionId)) return;
    qSelect.value = questionId;
    state.question = questionId;
    refilter();
    const heading = document.getElementById('sc-comments-title');
    heading?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    heading?.focus({ preventScroll: true });
  };
  ctx.onCleanup(() => { showCommentsFor = null; });
  draw();

  return section('sc-comments', t('sc.comments'),
    h('form', { class: 'filters', role: 'search', 'aria-label': t('comments.filters'), on: { submit: (e) => e.preventDefault() } },
      h('div', { class: 'field' }, h('label', { for: ids.q }, t('comments.question')), qSelect),
      vSelect ? h('div', { class: 'field' }, h('label', { for: ids.v }, t('venue')), vSelect) : null,
      gSelect ? h('div', { class: 'field' }, h('label', { for: ids.g }, t('raterGroup')), gSelect) : null,
      h('div', { class: 'field grow' }, h('label', { for: ids.s }, t('comments.search')), search)),
    count,
    list,
    h('p', { class: 'more-row' }, moreButton));
}
