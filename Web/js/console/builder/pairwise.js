// The pairwise-comparison editor (AHP, docs/scoring.md §10): a slider on Saaty's scale for
// every pair of weighed dimensions, the weights and the consistency ratio as they move, and
// the most inconsistent triple when the judgments contradict each other. It writes
// `weighting:` into the definition like every other field; the server's validator decides,
// and a CR above 0.10 is an error there, so the builder will not save it.

import { localized, t } from '../../shared/i18n.js';
import { formatPercent } from '../../shared/format.js';
import { fill, h } from '../../shared/dom.js';
import { idFor, issueSlot } from '../dom.js';
import { MAX_CR, MAX_ITEMS, MAX_STEP, MIN_STEP, pairJudgments, solve, valueOf, weighedDimensions } from '../ahp.js';
import { checkField } from './fields.js';
import { els } from './state.js';
import { edited, structural } from './sync.js';


const titleOf = (model, id) => {
  const dimension = model.dimensions.find((d) => d.id === id);
  return (dimension && localized(dimension.title)) || id;
};

const ratioText = (x) => (x >= 1 ? String(Number(x.toPrecision(3))) : `1/${Number((1 / x).toPrecision(3))}`);

/** What a slider position says, in words. */
function judgmentText(model, pair) {
  if (pair.step === 0) return t('ahp.equal');
  const [x, y] = pair.step > 0 ? [pair.a, pair.b] : [pair.b, pair.a];
  return t('ahp.more', { x: titleOf(model, x), y: titleOf(model, y), k: Math.abs(pair.step) + 1 });
}

export function pairwiseSection(model) {
  const on = Boolean(model.weighting);
  const toggle = checkField('weighting.method', t('ahp.toggle'), on, (checked) => {
    if (checked) {
      model.weighting = { method: 'ahp', comparisons: pairJudgments({ ...model, weighting: { comparisons: [] } }) };
      applyWeights(model);
    } else {
      delete model.weighting;
    }
    structural(idFor('weighting.method'));
  });
  if (on) applyWeights(model);
  const children = [h('h2', { class: 'section-title', id: 'ahp-title' }, t('ahp.title')), h('p', { class: 'field-hint' }, t('ahp.hint')), toggle];
  if (on) {
    const pairs = pairJudgments(model);
    children.push(
      issueSlot(idFor('weighting', 'issue')),
      issueSlot(idFor('weighting.comparisons', 'issue')),
      h('ol', { class: 'pair-list', id: 'ahp-pairs' }, pairs.map((pair, k) => pairRow(model, pair, k))),
      h('div', { class: 'ahp-result', id: 'ahp-result', 'aria-live': 'polite' }),
    );
  }
  const section = h('section', { class: 'card form-section pairwise', id: 'pairwise-section', 'aria-labelledby': 'ahp-title', 'data-path': 'weighting' }, children);
  if (on) renderResult(model, section);
  return section;
}

function pairRow(model, pair, k) {
  const path = `weighting.comparisons[${k}]`;
  const id = idFor(path, 'slider');
  // Left of the middle: a matters more; right: b does.
  const slider = h('input', {
    type: 'range', id, min: String(MIN_STEP), max: String(MAX_STEP), step: '1', value: String(-pair.step),
    'aria-valuetext': judgmentText(model, pair), 'aria-describedby': idFor(path, 'issue'),
    dataset: { a: pair.a, b: pair.b },
  });
  const output = h('output', { class: 'pair-judgment', for: id }, judgmentText(model, pair));
  slider.addEventListener('input', () => {
    const current = pairJudgments(model);
    const target = current.find((c) => c.a === pair.a && c.b === pair.b);
    target.step = -Number(slider.value);
    target.value = valueOf(target.step);
    model.weighting.comparisons = current.map(({ a, b, value }) => ({ a, b, value }));
    output.textContent = judgmentText(model, target);
    slider.setAttribute('aria-valuetext', output.textContent);
    applyWeights(model);
    edited();
    renderResult(model, document.getElementById('pairwise-section'));
  });
  return h('li', { class: 'pair-row', 'data-path': path, dataset: { pair: `${pair.a}|${pair.b}` } },
    h('label', { class: 'field-label', for: id }, t('ahp.pair', { a: titleOf(model, pair.a), b: titleOf(model, pair.b) })),
    h('div', { class: 'pair-control' },
      h('span', { class: 'pair-end', 'aria-hidden': 'true' }, titleOf(model, pair.a)),
      slider,
      h('span', { class: 'pair-end', 'aria-hidden': 'true' }, titleOf(model, pair.b))),
    output,
    issueSlot(idFor(path, 'issue')));
}

/** The weights the judgments give, written into the weighed dimensions (what the form shows). */
function applyWeights(model) {
  const dimensions = weighedDimensions(model);
  if (dimensions.length < 2 || dimensions.length > MAX_ITEMS) return null;
  const result = solve(dimensions.map((d) => d.id), pairJudgments(model));
  dimensions.forEach((d, i) => {
    d.weight = result.weights[i];
  });
  return result;
}

function renderResult(model, section) {
  const box = section?.querySelector('#ahp-result');
  if (!box) return;
  const dimensions = weighedDimensions(model);
  if (dimensions.length < 2) return fill(box, h('p', { class: 'field-hint' }, t('ahp.tooFew')));
  if (dimensions.length > MAX_ITEMS) return fill(box, h('p', { class: 'field-error' }, t('ahp.tooMany', { n: MAX_ITEMS })));
  const result = solve(dimensions.map((d) => d.id), pairJudgments(model));
  const inconsistent = result.cr > MAX_CR;
  const triple = inconsistent ? result.triple : null;
  section.querySelectorAll('.pair-row').forEach((row) => {
    const [a, b] = row.dataset.pair.split('|');
    row.classList.toggle('is-inconsistent', Boolean(triple && triple.ids.includes(a) && triple.ids.includes(b)));
  });
  fill(box,
    h('h3', { class: 'block-title' }, t('ahp.weights')),
    h('ul', { class: 'ahp-weights', id: 'ahp-weights' }, dimensions.map((d, i) =>
      h('li', { dataset: { dimension: d.id, weight: String(result.weights[i]) } },
        h('span', {}, titleOf(model, d.id)), h('strong', {}, formatPercent(result.weights[i]))))),
    h('p', { class: ['ahp-consistency', inconsistent ? 'is-bad' : 'is-ok'], id: 'ahp-consistency', dataset: { cr: String(result.cr) } },
      t('ahp.consistency', { lambda: result.lambdaMax.toFixed(4), ci: result.ci.toFixed(4), cr: result.cr.toFixed(3) }), ' ',
      inconsistent ? null : t('ahp.consistent')),
    triple
      ? h('p', { class: 'ahp-triple', id: 'ahp-triple', role: 'alert', dataset: { triple: triple.ids.join(' ') } },
        t('ahp.inconsistent', {
          cr: result.cr.toFixed(3), a: titleOf(model, triple.ids[0]), b: titleOf(model, triple.ids[1]),
          c: titleOf(model, triple.ids[2]), product: ratioText(triple.product),
        }))
      : null);
  markDerivedWeights(model);
}

/** In AHP mode the weighed dimensions' weight fields show the derived weights, read-only. */
export function markDerivedWeights(model) {
  if (!els) return;
  model.dimensions.forEach((d, index) => {
    const input = els.form.querySelector(`#${CSS.escape(idFor(`dimensions[${index}].weight`))}`);
    if (!input) return;
    const derived = Boolean(model.weighting) && d.weight !== undefined && d.weight !== null && d.weight !== '';
    input.readOnly = derived;
    input.title = derived ? t('ahp.derived') : '';
    if (derived) input.value = String(d.weight);
  });
}


