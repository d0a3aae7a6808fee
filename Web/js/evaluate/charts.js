// Charts drawn as inline SVG, sized to the space they get: each chart is drawn for an
// exact pixel width so its text stays readable on a phone, and drawn again when that
// width changes. Every chart is an image with a title and a description; the figures
// themselves are always also in a table next to it.

import { fill, h, s, uid } from '../shared/dom.js';

/** Rough width of a text in px at a font size (CJK characters are square). */
export function textWidth(text, size) {
  let width = 0;
  for (const char of String(text)) {
    const code = char.codePointAt(0);
    width += code >= 0x2e80 ? size : code === 32 ? size * 0.3 : size * 0.58;
  }
  return width;
}

function fit(text, size, room) {
  const value = String(text);
  if (textWidth(value, size) <= room) return value;
  let out = '';
  for (const char of value) {
    if (textWidth(`${out}${char}…`, size) > room) break;
    out += char;
  }
  return `${out}…`;
}

function frame({ width, height, title, desc, className }) {
  const titleId = uid('chart-title');
  const descId = uid('chart-desc');
  return s('svg', {
    class: ['chart', className],
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-labelledby': `${titleId} ${descId}`,
  },
  s('title', { id: titleId }, title),
  s('desc', { id: descId }, desc));
}

const fmt = (value) => (value === null || value === undefined ? '—' : Number(value).toFixed(2));

/**
 * Horizontal bars on a 0–100 scale.
 * rows: [{label, value, note?}]; reference: {value, label} drawn as a dashed line.
 */
export function barChart({ rows, reference = null, title, desc, width, emptyLabel = '—', highlight = null }) {
  const stacked = width < 560;
  const size = 13;
  const valueRoom = 52;
  const labelRoom = stacked ? 0 : Math.min(Math.round(width * 0.34), Math.max(80, ...rows.map((r) => textWidth(r.label, size))) + 14);
  const left = stacked ? 0 : labelRoom;
  const right = valueRoom;
  const top = reference ? 24 : 8;
  const rowHeight = stacked ? 44 : 30;
  const barHeight = stacked ? 14 : 16;
  const axis = 24;
  const height = top + rows.length * rowHeight + axis;
  const plot = Math.max(40, width - left - right);
  const x = (value) => left + (Math.max(0, Math.min(100, value)) / 100) * plot;
  const svg = frame({ width, height, title, desc, className: 'bar-chart' });

  const grid = s('g', { class: 'grid', 'aria-hidden': 'true' });
  for (let tick = 0; tick <= 100; tick += 20) {
    grid.append(
      s('line', { x1: x(tick), x2: x(tick), y1: top - 4, y2: top + rows.length * rowHeight, class: tick === 0 ? 'axis-line' : 'grid-line' }),
      s('text', { x: x(tick), y: height - 6, class: 'tick', 'text-anchor': 'middle' }, String(tick)),
    );
  }
  svg.append(grid);

  rows.forEach((row, index) => {
    const y0 = top + index * rowHeight;
    const barY = stacked ? y0 + 22 : y0 + (rowHeight - barHeight) / 2;
    const group = s('g', { class: ['bar-row', highlight && highlight(row) ? 'is-highlight' : null] });
    const labelText = stacked ? fit(row.label, size, width - 8) : fit(row.label, size, labelRoom - 12);
    group.append(s('text', {
      x: stacked ? 0 : labelRoom - 10,
      y: stacked ? y0 + 15 : barY + barHeight / 2 + 4.5,
      class: 'bar-label',
      'text-anchor': stacked ? 'start' : 'end',
    }, labelText, s('title', {}, row.label)));
    group.append(s('rect', { x: x(0), y: barY, width: plot, height: barHeight, rx: 3, class: 'bar-track' }));
    if (row.value !== null && row.value !== undefined) {
      const w = Math.max(1.5, x(row.value) - x(0));
      group.append(s('rect', { x: x(0), y: barY, width: w, height: barHeight, rx: 3, class: 'bar' },
        s('title', {}, `${row.label}: ${fmt(row.value)}${row.note ? ` (${row.note})` : ''}`)));
      group.append(s('text', { x: x(row.value) + 6, y: barY + barHeight / 2 + 4.5, class: 'bar-value' }, fmt(row.value)));
    } else {
      group.append(s('text', { x: x(0) + 6, y: barY + barHeight / 2 + 4.5, class: 'bar-empty' }, emptyLabel));
    }
    svg.append(group);
  });

  if (reference && reference.value !== null && reference.value !== undefined) {
    const rx = x(reference.value);
    const label = `${reference.label} ${fmt(reference.value)}`;
    const anchor = rx + textWidth(label, 12) / 2 > width ? 'end' : rx - textWidth(label, 12) / 2 < 0 ? 'start' : 'middle';
    svg.append(s('g', { class: 'reference', 'aria-hidden': 'true' },
      s('line', { x1: rx, x2: rx, y1: top - 6, y2: top + rows.length * rowHeight, class: 'reference-line' }),
      s('text', { x: rx, y: top - 10, 'text-anchor': anchor, class: 'reference-label' }, label)));
  }
  return svg;
}

/**
 * The grade bands from 0 to 100 with the score and its confidence interval.
 * bands: [{min, label}] highest first (the questionnaire's order).
 */
export function gradeGauge({ score, ci, bands, title, desc, width }) {
  const height = 86;
  const left = 10;
  const right = 10;
  const plot = width - left - right;
  const x = (v) => left + (Math.max(0, Math.min(100, v)) / 100) * plot;
  const svg = frame({ width, height, title, desc, className: 'gauge' });
  const sorted = [...bands].sort((a, b) => a.min - b.min);
  const barTop = 22;
  const barHeight = 20;
  sorted.forEach((band, index) => {
    const from = Math.max(0, band.min);
    const to = index + 1 < sorted.length ? sorted[index + 1].min : 100;
    if (to <= from) return;
    const level = sorted.length === 1 ? 3 : Math.round((index / (sorted.length - 1)) * 3);
    svg.append(s('rect', { x: x(from), y: barTop, width: x(to) - x(from), height: barHeight, class: `band band-${level}` }));
    const mid = (x(from) + x(to)) / 2;
    const room = x(to) - x(from) - 4;
    if (room > 14) {
      svg.append(s('text', { x: mid, y: barTop + 14.5, 'text-anchor': 'middle', class: 'band-label' }, fit(band.label, 12, room)));
    }
    svg.append(s('text', { x: x(from), y: 14, 'text-anchor': from === 0 ? 'start' : 'middle', class: 'tick' }, String(from)));
  });
  svg.append(s('text', { x: x(100), y: 14, 'text-anchor': 'end', class: 'tick' }, '100'));
  if (score !== null && score !== undefined) {
    const sx = x(score);
    if (Array.isArray(ci)) {
      const [lo, hi] = ci.map(x);
      const y = barTop + barHeight + 12;
      svg.append(s('g', { class: 'ci' },
        s('line', { x1: lo, x2: hi, y1: y, y2: y }),
        s('line', { x1: lo, x2: lo, y1: y - 5, y2: y + 5 }),
        s('line', { x1: hi, x2: hi, y1: y - 5, y2: y + 5 })));
    }
    svg.append(s('path', { d: `M${sx - 7},${barTop - 9} L${sx + 7},${barTop - 9} L${sx},${barTop + 1} Z`, class: 'marker' }));
    svg.append(s('line', { x1: sx, x2: sx, y1: barTop, y2: barTop + barHeight, class: 'marker-line' }));
    const label = fmt(score);
    const anchor = sx + 24 > width ? 'end' : sx - 24 < 0 ? 'start' : 'middle';
    svg.append(s('text', { x: sx, y: height - 6, 'text-anchor': anchor, class: 'marker-label' }, label));
  }
  return svg;
}

/** Eight series styles that differ in colour, dash and marker shape (readable without colour). */
export const SERIES_STYLES = [
  { color: '#0f3a6d', dash: '', marker: 'circle' },
  { color: '#d55e00', dash: '', marker: 'square' },
  { color: '#0072b2', dash: '6 3', marker: 'triangle' },
  { color: '#009e73', dash: '', marker: 'diamond' },
  { color: '#b8860b', dash: '2 3', marker: 'circle' },
  { color: '#cc79a7', dash: '6 3', marker: 'square' },
  { color: '#5b4db7', dash: '', marker: 'triangle' },
  { color: '#6b7785', dash: '2 3', marker: 'diamond' },
  { color: '#8c2d19', dash: '6 3', marker: 'circle' },
];

export function markerShape(kind, x, y, r, attrs = {}) {
  switch (kind) {
    case 'square':
      return s('rect', { x: x - r * 0.85, y: y - r * 0.85, width: r * 1.7, height: r * 1.7, ...attrs });
    case 'triangle':
      return s('path', { d: `M${x},${y - r * 1.1} L${x + r},${y + r * 0.75} L${x - r},${y + r * 0.75} Z`, ...attrs });
    case 'diamond':
      return s('path', { d: `M${x},${y - r * 1.2} L${x + r * 1.1},${y} L${x},${y + r * 1.2} L${x - r * 1.1},${y} Z`, ...attrs });
    default:
      return s('circle', { cx: x, cy: y, r, ...attrs });
  }
}

/** A small legend sample of a series: a line with its marker. */
export function seriesSample(style, emphasis = false) {
  return s('svg', { class: 'series-sample', width: 30, height: 14, viewBox: '0 0 30 14', 'aria-hidden': 'true', focusable: 'false' },
    s('line', { x1: 1, x2: 29, y1: 7, y2: 7, stroke: style.color, 'stroke-width': emphasis ? 3 : 2, 'stroke-dasharray': style.dash || null }),
    markerShape(style.marker, 15, 7, emphasis ? 4.2 : 3.6, { fill: style.color, stroke: '#fff', 'stroke-width': 1 }));
}

function dayNumber(isoDate) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate ?? '');
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 86400000 : NaN;
}

/**
 * Scores over time. points: [{date: 'YYYY-MM-DD', label}] in date order; series:
 * [{id, label, style, values: [number|null per point], emphasis}]. A null (a meeting without
 * responses) has no marker; the line runs on past it as a thin dotted bridge, so a series never
 * falls apart, and the meeting keeps its tick with a hollow mark on the axis. The first date
 * tick, and each tick in a new year, carries the year on a second line.
 */
export function lineChart({ points, series, bands = [], title, desc, width, zoom = false, formatTick }) {
  const narrow = width < 560;
  const height = narrow ? 270 : 340;
  const margin = { top: 14, right: narrow ? 14 : 58, bottom: 54, left: 38 };
  const plotW = Math.max(60, width - margin.left - margin.right);
  const plotH = height - margin.top - margin.bottom;

  let lo = 0;
  let hi = 100;
  if (zoom) {
    const all = series.flatMap((item) => item.values).filter((v) => v !== null && v !== undefined);
    if (all.length) {
      lo = Math.max(0, Math.floor((Math.min(...all) - 5) / 10) * 10);
      hi = Math.min(100, Math.ceil((Math.max(...all) + 5) / 10) * 10);
      if (hi - lo < 20) hi = Math.min(100, lo + 20);
      if (hi - lo < 20) lo = Math.max(0, hi - 20);
    }
  }
  const y = (v) => margin.top + plotH - ((v - lo) / (hi - lo)) * plotH;

  const days = points.map((p) => dayNumber(p.date));
  const first = Math.min(...days);
  const last = Math.max(...days);
  const pad = points.length > 1 ? 0.04 : 0;
  const x = (index) => {
    if (!(last > first)) {
      return points.length === 1 ? margin.left + plotW / 2 : margin.left + (plotW * (index + 0.5)) / points.length;
    }
    const t = (days[index] - first) / (last - first);
    return margin.left + plotW * (pad + t * (1 - 2 * pad));
  };

  const svg = frame({ width, height, title, desc, className: 'line-chart' });
  const clipId = uid('clip');
  svg.append(s('defs', {}, s('clipPath', { id: clipId },
    s('rect', { x: margin.left, y: margin.top, width: plotW, height: plotH }))));

  const background = s('g', { class: 'bands', 'clip-path': `url(#${clipId})`, 'aria-hidden': 'true' });
  const sorted = [...bands].sort((a, b) => a.min - b.min);
  sorted.forEach((band, index) => {
    const from = Math.max(lo, band.min);
    const to = Math.min(hi, index + 1 < sorted.length ? sorted[index + 1].min : 100);
    if (to <= from) return;
    const level = sorted.length === 1 ? 3 : Math.round((index / (sorted.length - 1)) * 3);
    background.append(s('rect', { x: margin.left, width: plotW, y: y(to), height: y(from) - y(to), class: `band-bg band-${level}` }));
    if (!narrow && y(from) - y(to) > 14) {
      svg.append(s('text', { x: margin.left + plotW + 6, y: (y(from) + y(to)) / 2 + 4, class: 'band-side-label' }, band.label));
    }
  });
  svg.append(background);

  const grid = s('g', { class: 'grid', 'aria-hidden': 'true' });
  const step = hi - lo <= 40 ? 5 : 20;
  for (let tick = Math.ceil(lo / step) * step; tick <= hi; tick += step) {
    grid.append(
      s('line', { x1: margin.left, x2: margin.left + plotW, y1: y(tick), y2: y(tick), class: tick === lo ? 'axis-line' : 'grid-line' }),
      s('text', { x: margin.left - 8, y: y(tick) + 4, 'text-anchor': 'end', class: 'tick' }, String(tick)),
    );
  }
  // Date ticks: every point when there is room, otherwise an even selection.
  const labelWidth = textWidth(formatTick(points[0]?.date ?? ''), 11) + 12;
  const room = Math.max(1, Math.floor(plotW / labelWidth));
  const every = Math.max(1, Math.ceil(points.length / room));
  let lastX = -Infinity;
  let lastYear = null;
  points.forEach((point, index) => {
    if (index % every !== 0 && index !== points.length - 1) return;
    const px = x(index);
    if (px - lastX < labelWidth) return;
    lastX = px;
    const year = String(point.date ?? '').slice(0, 4);
    const tick = formatTick(point.date);
    grid.append(
      s('line', { x1: px, x2: px, y1: margin.top + plotH, y2: margin.top + plotH + 5, class: 'axis-line' }),
      s('text', { x: px, y: margin.top + plotH + 19, 'text-anchor': 'middle', class: 'tick' }, tick),
    );
    if (year !== lastYear && !tick.startsWith(year)) {
      grid.append(s('text', { x: px, y: margin.top + plotH + 34, 'text-anchor': 'middle', class: 'tick tick-year' }, year));
    }
    lastYear = year;
  });
  // Meetings without a score in any shown series: a hollow mark on the axis.
  points.forEach((point, index) => {
    if (series.some((item) => item.values[index] !== null && item.values[index] !== undefined)) return;
    const mark = s('circle', { cx: x(index), cy: margin.top + plotH, r: 4, class: 'no-data-mark' });
    mark.append(s('title', {}, `${point.date} · ${point.label}`));
    grid.append(mark);
  });
  svg.append(grid);

  const lines = s('g', { class: 'series' });
  const ordered = [...series].sort((a, b) => Number(Boolean(a.emphasis)) - Number(Boolean(b.emphasis)));
  for (const item of ordered) {
    const { style } = item;
    const group = s('g', { class: ['series-line', item.emphasis ? 'is-emphasis' : null], dataset: { series: item.id } });
    let d = '';
    let bridges = '';
    let previous = null;
    item.values.forEach((value, index) => {
      if (value === null || value === undefined) return;
      const point = `${x(index).toFixed(1)},${y(Math.max(lo, Math.min(hi, value))).toFixed(1)}`;
      if (previous && previous.index < index - 1) {
        // Meetings without a score in between: bridge them, dotted, and start a new solid run.
        bridges += `M${previous.point} L${point} `;
        d += `M${point} `;
      } else {
        d += `${previous ? 'L' : 'M'}${point} `;
      }
      previous = { index, point };
    });
    if (bridges) {
      group.append(s('path', {
        d: bridges.trim(), fill: 'none', stroke: style.color, 'stroke-width': 1.5,
        'stroke-dasharray': '2 4', 'stroke-linecap': 'round', class: 'series-bridge',
      }));
    }
    if (d) {
      group.append(s('path', {
        d: d.trim(), fill: 'none', stroke: style.color, 'stroke-width': item.emphasis ? 3.2 : 2,
        'stroke-dasharray': style.dash || null, 'stroke-linejoin': 'round', 'stroke-linecap': 'round',
      }));
    }
    item.values.forEach((value, index) => {
      if (value === null || value === undefined) return;
      const point = points[index];
      group.append(markerShape(style.marker, x(index), y(Math.max(lo, Math.min(hi, value))), item.emphasis ? 5 : 4, {
        fill: style.color, stroke: '#fff', 'stroke-width': 1.5, class: 'point',
      }));
      group.lastChild.append(s('title', {}, `${point.date} · ${point.label}\n${item.label}: ${fmt(value)}`));
      // A point the caller marks (a significant change from the previous meeting) gets a ring.
      if (item.emphasis && point.mark) {
        group.append(s('circle', {
          cx: x(index), cy: y(Math.max(lo, Math.min(hi, value))), r: 9, fill: 'none', stroke: style.color,
          'stroke-width': 2, class: 'point-mark', dataset: { mark: point.mark },
        }, s('title', {}, point.markLabel ?? '')));
      }
    });
    lines.append(group);
  }
  svg.append(lines);
  return svg;
}

/**
 * Calls draw(width) now and again whenever the element's width changes noticeably.
 * Returns a function that stops watching.
 */
export function responsive(container, draw) {
  let drawn = 0;
  const redraw = () => {
    const width = Math.floor(container.clientWidth);
    if (width <= 0 || Math.abs(width - drawn) < 8) return;
    drawn = width;
    draw(width);
  };
  if (typeof ResizeObserver === 'undefined') {
    requestAnimationFrame(redraw);
    return () => {};
  }
  const observer = new ResizeObserver(() => redraw());
  observer.observe(container);
  redraw();
  return () => observer.disconnect();
}

/** Draws `draw(width)` into a box now and whenever the box changes width. */
export function chartBox(ctx, draw, className = '') {
  const box = h('div', { class: ['chart-box', className] });
  const stop = responsive(box, (width) => fill(box, draw(width)));
  ctx.onCleanup(stop);
  return box;
}
