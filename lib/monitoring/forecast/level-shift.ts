/**
 * Confirmed level shifts in a forecast's history, so that a model is fitted and calibrated on the current regime
 * rather than on a level the series has left (issue 15: "re-baseline after a confirmed shift").
 *
 * Changes in mean are found by binary segmentation (Scott & Knott 1974; Killick & Eckley's `changepoint` package)
 * with the BIC/SIC penalty of that package for a change in mean, 2·ln(n) per change on the Gaussian cost
 * Σ w_t (x_t − segment mean)² / σ². Points may carry weights (a rate's daily count: its variance is σ²/w), so a
 * quiet day counts less. σ² is estimated robustly from successive differences (median of d_t² / (1/w_t + 1/w_{t−1})
 * over the χ²₁ median), which a level shift or a spike hardly moves. A spike (an incident day) is not a new level:
 * before segmenting, each point is clipped to within 3 σ of the median of its neighbours (a Huber-type cost, in the
 * spirit of Fearnhead & Rigaill 2019, changepoint detection in the presence of outliers). Segments are at least a
 * quarter of `minSegment` long (and 3 points); a shift is confirmed once the new level has held `minSegment` observed
 * points: changes nearer the end are not reported yet. A steady trend is not a staircase of level shifts: a split is
 * kept only if the two levels also beat one straight line through the segment by the penalty.
 */
import { median } from "simple-statistics";

/** Median of the χ² distribution with 1 degree of freedom (of a squared standard normal difference). */
const CHI2_1_MEDIAN = 0.454936;
/** Clip points further than this many σ from their neighbourhood's median. */
const CLIP = 3;
/** Neighbours on each side in the clipping median. */
const NEIGHBOURS = 3;

export interface LevelShiftInput {
  /** The series (NaN where missing: skipped). */
  values: ArrayLike<number>;
  /** Per-point weight, e.g. a rate's count (variance ∝ 1/weight); 1 when absent or not positive. */
  weights?: ArrayLike<number>;
  /** Observed points the new level must have held (after the change) for the change to be confirmed. */
  minSegment: number;
}

/**
 * Indices (into `values`) where a new level starts, ascending: the changepoints binary segmentation keeps under the
 * BIC penalty that are followed by at least `minSegment` observed points. Empty when there is none.
 */
export function levelShifts(input: LevelShiftInput): number[] {
  const { values, weights, minSegment } = input;
  const at: number[] = [];
  const x: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) continue;
    at.push(i);
    x.push(values[i]);
    const wi = weights?.[i];
    w.push(wi !== undefined && wi > 0 && Number.isFinite(wi) ? wi : 1);
  }
  const n = x.length;
  const minSize = Math.max(3, Math.floor(minSegment / 4));
  if (n < minSegment + minSize) return [];
  const sigma2 = noiseVariance(x, w);
  if (!(sigma2 > 0)) return [];
  const y = clipSpikes(x, w, Math.sqrt(sigma2));
  const penalty = 2 * Math.log(n);
  // Weighted prefix sums (time scaled to [0, 1]) make every segment's cost O(1): around its mean, and around its line.
  const span = Math.max(1, at[n - 1] - at[0]);
  const sums = Array.from({ length: 6 }, () => new Float64Array(n + 1));
  for (let i = 0; i < n; i++) {
    const t = (at[i] - at[0]) / span;
    const terms = [w[i], w[i] * t, w[i] * t * t, w[i] * y[i], w[i] * t * y[i], w[i] * y[i] * y[i]];
    for (let k = 0; k < 6; k++) sums[k][i + 1] = sums[k][i] + terms[k];
  }
  const cost = (a: number, b: number, line = false) => {
    const [sw, st, stt, sy, sty, syy] = sums.map((c) => c[b] - c[a]);
    const around = syy - (sy * sy) / sw;
    if (!line) return Math.max(0, around) / sigma2;
    const ctt = stt - (st * st) / sw;
    const cty = sty - (st * sy) / sw;
    return Math.max(0, ctt > 1e-12 ? around - (cty * cty) / ctt : around) / sigma2;
  };
  const found: number[] = [];
  const split = (a: number, b: number) => {
    let best = -1, gain = penalty;
    const whole = cost(a, b);
    const line = cost(a, b, true);
    for (let k = a + minSize; k <= b - minSize; k++) {
      const g = whole - cost(a, k) - cost(k, b);
      if (g > gain) {
        gain = g;
        best = k;
      }
    }
    if (best < 0 || cost(a, best) + cost(best, b) + penalty >= line) return;
    found.push(best);
    split(a, best);
    split(best, b);
  };
  split(0, n);
  return found
    .filter((k) => n - k >= minSegment)
    .sort((p, q) => p - q)
    .map((k) => at[k]);
}

/** σ² of a unit-weight point, from successive differences (robust to shifts and spikes). */
function noiseVariance(x: readonly number[], w: readonly number[]): number {
  const r: number[] = [];
  for (let i = 1; i < x.length; i++) r.push((x[i] - x[i - 1]) ** 2 / (1 / w[i] + 1 / w[i - 1]));
  return r.length ? median(r) / CHI2_1_MEDIAN : Number.NaN;
}

/** Each point clipped to its neighbourhood median ± CLIP standard deviations (its own, from its weight). */
function clipSpikes(x: readonly number[], w: readonly number[], sigma: number): number[] {
  return x.map((v, i) => {
    const around = x.slice(Math.max(0, i - NEIGHBOURS), i + NEIGHBOURS + 1);
    const m = median(around);
    const limit = (CLIP * sigma) / Math.sqrt(w[i]);
    return Math.min(m + limit, Math.max(m - limit, v));
  });
}
