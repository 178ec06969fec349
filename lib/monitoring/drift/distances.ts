/**
 * Distribution distances and tests used for feature drift, following
 * Evidently's definitions (evidently/legacy/calculations/stattests) so
 * thresholds carry over:
 *  - wassersteinNormed: scipy.stats.wasserstein_distance / max(np.std(ref), 0.001)
 *  - chiSquare: scipy.stats.chisquare(current counts, reference counts scaled
 *    to the current total) over the union of categories
 *  - jensenShannon: scipy.spatial.distance.jensenshannon of the category (or
 *    Sturges-histogram) proportions, no zero filling. Base 2 by default (so
 *    it lies in [0, 1]); note Evidently itself passes base=None (natural
 *    log), which gives values sqrt(ln 2) = 0.833x smaller for the same data.
 *  - psi: sum (ref% - cur%) * ln(ref% / cur%), zeros filled like Evidently
 * All are O(n log n) or better.
 */
import jStat from "jstat";

/** W1 distance between two empirical distributions: the area between their CDFs. */
export function wasserstein1(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0, j = 0, area = 0;
  let prev = Math.min(x[0], y[0]);
  while (i < x.length || j < y.length) {
    const v = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
    area += Math.abs(i / x.length - j / y.length) * (v - prev);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    prev = v;
  }
  return area;
}

/** Population standard deviation (numpy's np.std default, ddof = 0). */
export function populationStd(a: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < a.length; i++) mean += a[i];
  mean /= a.length;
  let ss = 0;
  for (let i = 0; i < a.length; i++) ss += (a[i] - mean) ** 2;
  return Math.sqrt(ss / a.length);
}

export function wassersteinNormed(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  return wasserstein1(reference, current) / Math.max(populationStd(reference), 0.001);
}

export type Counts = Map<string, number>;

export function countValues(values: Iterable<string>): Counts {
  const counts: Counts = new Map();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

function total(c: Counts): number {
  let s = 0;
  for (const v of c.values()) s += v;
  return s;
}

/** Aligned proportions over the union of keys (reference keys first). */
export function proportions(ref: Counts, cur: Counts): { ref: number[]; cur: number[]; keys: string[] } {
  const keys = [...new Set([...ref.keys(), ...cur.keys()])];
  const nr = total(ref);
  const nc = total(cur);
  return { keys, ref: keys.map((k) => (ref.get(k) ?? 0) / nr), cur: keys.map((k) => (cur.get(k) ?? 0) / nc) };
}

/**
 * Chi-square goodness of fit of the current counts against the reference
 * proportions. A category absent from the reference makes the statistic
 * infinite and p = 0 (scipy does the same): a brand-new category is drift.
 */
export function chiSquare(ref: Counts, cur: Counts): { statistic: number; pValue: number } {
  const keys = [...new Set([...ref.keys(), ...cur.keys()])];
  if (keys.length < 2) return { statistic: 0, pValue: 1 };
  const scale = total(cur) / total(ref);
  let stat = 0;
  for (const k of keys) {
    const observed = cur.get(k) ?? 0;
    const expected = (ref.get(k) ?? 0) * scale;
    stat += expected === 0 ? (observed === 0 ? 0 : Infinity) : (observed - expected) ** 2 / expected;
  }
  const pValue = Number.isFinite(stat) ? Math.max(0, 1 - jStat.chisquare.cdf(stat, keys.length - 1)) : 0;
  return { statistic: stat, pValue };
}

/** sqrt of the Jensen–Shannon divergence; base 2 bounds it in [0, 1]. */
export function jensenShannon(p: readonly number[], q: readonly number[], base = 2): number {
  const sp = p.reduce((s, v) => s + v, 0);
  const sq = q.reduce((s, v) => s + v, 0);
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i] / sp;
    const b = q[i] / sq;
    const m = (a + b) / 2;
    if (a > 0) js += 0.5 * a * Math.log(a / m);
    if (b > 0) js += 0.5 * b * Math.log(b / m);
  }
  return Math.sqrt(Math.max(0, js) / Math.log(base));
}

/** Evidently's zero filling: tiny share instead of 0 so the log ratio is finite. */
function fillZeros(p: number[]): number[] {
  const nonZero = p.filter((v) => v > 0);
  if (nonZero.length === 0) return p.map(() => 0.0001);
  const min = nonZero.reduce((a, b) => Math.min(a, b), Infinity);
  const fill = min <= 0.0001 ? min / 1e6 : 0.0001;
  return p.map((v) => (v === 0 ? fill : v));
}

export function psi(refShare: readonly number[], curShare: readonly number[]): number {
  const r = fillZeros([...refShare]);
  const c = fillZeros([...curShare]);
  let s = 0;
  for (let i = 0; i < r.length; i++) s += (r[i] - c[i]) * Math.log(r[i] / c[i]);
  return s;
}

/**
 * Proportions of both samples in equal-width bins over the pooled range, with
 * numpy's "sturges" bin count (ceil(log2(n) + 1)) and numpy.histogram's
 * edge rules (last bin closed), as Evidently bins numeric features.
 */
export function histogramShares(reference: ArrayLike<number>, current: ArrayLike<number>): { ref: number[]; cur: number[] } {
  let lo = Infinity, hi = -Infinity;
  for (const arr of [reference, current]) {
    for (let i = 0; i < arr.length; i++) {
      lo = Math.min(lo, arr[i]);
      hi = Math.max(hi, arr[i]);
    }
  }
  const n = reference.length + current.length;
  let bins = 1;
  if (hi > lo) bins = Math.ceil((hi - lo) / ((hi - lo) / (Math.log2(n) + 1)));
  else [lo, hi] = [lo - 0.5, hi + 0.5]; // numpy widens a degenerate range
  const edges = Array.from({ length: bins + 1 }, (_, k) => lo + ((hi - lo) * k) / bins);
  const share = (arr: ArrayLike<number>) => {
    const counts = new Array<number>(bins).fill(0);
    for (let i = 0; i < arr.length; i++) {
      let k = Math.min(Math.floor(((arr[i] - lo) * bins) / (hi - lo)), bins - 1);
      if (arr[i] < edges[k]) k--; // float rounding near an edge, as numpy corrects
      else if (k < bins - 1 && arr[i] >= edges[k + 1]) k++;
      counts[k]++;
    }
    return counts.map((c) => c / arr.length);
  };
  return { ref: share(reference), cur: share(current) };
}
