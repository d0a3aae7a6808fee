// The Analytic Hierarchy Process for the builder's pairwise editor: the same arithmetic as
// the server (docs/scoring.md §10), so that the weights and the consistency ratio move while
// the judgments do. The server's validator stays the judge of what may be saved. No DOM here.

/** Saaty's scale as slider steps: −8 … 8 stand for 1/9 … 1/2, 1, 2 … 9. */
export const MIN_STEP = -8;
export const MAX_STEP = 8;
export const RANDOM_INDEX = { 3: 0.58, 4: 0.9, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49 };
export const MAX_ITEMS = 10;
export const MAX_CR = 0.1;

/** A judgment's value as written in the file (`3`, `"1/3"`) to a slider step. */
export function stepOf(value) {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 9) return value - 1;
  const match = /^\s*1\/([1-9])\s*$/.exec(String(value ?? ''));
  if (match) return -(Number(match[1]) - 1);
  const whole = Number(value);
  return Number.isInteger(whole) && whole >= 1 && whole <= 9 ? whole - 1 : 0;
}

/** A slider step to the value written in the file. */
export function valueOf(step) {
  return step >= 0 ? step + 1 : `1/${1 - step}`;
}

export function ratioOf(step) {
  return step >= 0 ? step + 1 : 1 / (1 - step);
}

/** The dimensions the judgments weigh: those that are scored (have a weight field). */
export function weighedDimensions(model) {
  return model.dimensions.filter((d) => d.weight !== undefined && d.weight !== null && d.weight !== '');
}

/**
 * The judgments for every pair of the weighed dimensions, in their order: the ones the model
 * has (in either order) kept, new pairs judged equal (1).
 */
export function pairJudgments(model) {
  const ids = weighedDimensions(model).map((d) => d.id);
  const given = model.weighting?.comparisons ?? [];
  const pairs = [];
  for (let i = 0; i < ids.length; i += 1) {
    for (let j = i + 1; j < ids.length; j += 1) {
      const same = given.find((c) => c.a === ids[i] && c.b === ids[j]);
      const reversed = given.find((c) => c.a === ids[j] && c.b === ids[i]);
      let step = 0;
      if (same) step = stepOf(same.value);
      else if (reversed) step = -stepOf(reversed.value);
      pairs.push({ a: ids[i], b: ids[j], step, value: valueOf(step) });
    }
  }
  return pairs;
}

const round6 = (x) => Math.round(x * 1e6) / 1e6;

/**
 * Weights (principal eigenvector, sum 1), λmax, CI, CR and the most inconsistent triple of
 * the judgments over `ids` (pairs as from pairJudgments).
 */
export function solve(ids, pairs) {
  const n = ids.length;
  const index = new Map(ids.map((id, i) => [id, i]));
  const a = ids.map((_, i) => ids.map((__, j) => (i === j ? 1 : 1)));
  for (const pair of pairs) {
    const i = index.get(pair.a);
    const j = index.get(pair.b);
    if (i === undefined || j === undefined) continue;
    a[i][j] = ratioOf(pair.step);
    a[j][i] = 1 / ratioOf(pair.step);
  }
  if (n === 0) return { weights: [], lambdaMax: 0, ci: 0, cr: 0, triple: null };
  let w = a.map((row) => Math.exp(row.reduce((sum, x) => sum + Math.log(x), 0) / n));
  const normalize = (v) => {
    const total = v.reduce((s, x) => s + x, 0);
    return v.map((x) => x / total);
  };
  const multiply = (v) => a.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
  w = normalize(w);
  for (let k = 0; k < 20000; k += 1) {
    const next = normalize(multiply(w));
    const change = Math.max(...next.map((x, i) => Math.abs(x - w[i])));
    w = next;
    if (change < 1e-15) break;
  }
  const lambdaMax = multiply(w).reduce((s, x) => s + x, 0);
  const ci = n > 2 ? (lambdaMax - n) / (n - 1) : 0;
  const cr = n > 2 ? ci / (RANDOM_INDEX[n] ?? RANDOM_INDEX[MAX_ITEMS]) : 0;
  let triple = null;
  let worst = -1;
  for (let i = 0; i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      for (let k = j + 1; k < n; k += 1) {
        const product = (a[i][j] * a[j][k]) / a[i][k];
        const distance = Math.abs(Math.log(product));
        if (distance > worst + 1e-12) {
          worst = distance;
          triple = { ids: [ids[i], ids[j], ids[k]], product };
        }
      }
    }
  }
  return { weights: w.map(round6), lambdaMax: round6(lambdaMax), ci: round6(ci), cr: round6(cr), triple };
}
