/**
 * Robust location/scale helpers. Anomalies contaminate ordinary mean/std, so
 * thresholds are built on the median and the MAD (scaled by 1.4826 to be a
 * consistent estimator of the standard deviation under normal noise).
 */
import { mean, median, medianAbsoluteDeviation, quantile } from "simple-statistics";

const MAD_TO_SD = 1.4826;

export function finite(values: ArrayLike<number>, from = 0, to = values.length): number[] {
  const out: number[] = [];
  for (let i = Math.max(0, from); i < Math.min(to, values.length); i++) {
    if (Number.isFinite(values[i])) out.push(values[i]);
  }
  return out;
}

export function robustMedian(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : median(values as number[]);
}

/**
 * Robust standard-deviation estimate. Falls back to the mean absolute
 * deviation (scaled) when more than half the values are identical (MAD = 0,
 * common for sparse counts), and to a tiny positive floor for constant input
 * so that z-scores stay finite.
 */
export function robustScale(values: readonly number[]): number {
  if (values.length < 2) return Number.EPSILON;
  const mad = MAD_TO_SD * medianAbsoluteDeviation(values as number[]);
  if (mad > 0) return mad;
  const m = median(values as number[]);
  const meanAbs = mean(values.map((v) => Math.abs(v - m)));
  if (meanAbs > 0) return 1.2533 * meanAbs; // sqrt(pi/2): mean-abs-dev -> sd
  return Math.max(Math.abs(m) * 1e-9, Number.EPSILON);
}

/**
 * Scale of forecast errors for anomaly bands: the MAD-based scale, unless it
 * has collapsed (below a quarter of the 95th percentile of |error| / 1.96,
 * which equals it under normal noise), and never below `floor`. Collapse
 * happens with discrete, zero-heavy series (counts that are usually 0): more
 * than half the errors are ~0 and every ordinary 1 would look like a spike.
 */
export function errorScale(errors: readonly number[], floor: number): number {
  if (errors.length === 0) return floor;
  const mad = robustScale(errors);
  const tail = quantile(errors.map(Math.abs), 0.95) / 1.96;
  return Math.max(mad < 0.25 * tail ? tail : mad, floor);
}

/**
 * Median of values[from, to) in O(n) (quickselect on a copy); the exact
 * median, like simple-statistics' `median`, without sorting. NaN-free input.
 */
let scratch = new Float64Array(256);

export function fastMedian(values: ArrayLike<number>, from = 0, to = values.length): number {
  const n = to - from;
  if (n <= 0) return Number.NaN;
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length));
  const a = scratch.subarray(0, n); // synchronous and not re-entered: one scratch buffer is enough
  for (let i = 0; i < n; i++) a[i] = values[from + i];
  const k = n >> 1;
  select(a, k);
  if (n % 2 === 1) return a[k];
  let lower = a[0];
  for (let i = 1; i < k; i++) if (a[i] > lower) lower = a[i];
  return (lower + a[k]) / 2;
}

/** Hoare quickselect: afterwards a[k] is the k-th smallest, a[0..k) <= a[k] <= a(k..n). */
function select(a: Float64Array, k: number): void {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // median of three as the pivot
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
