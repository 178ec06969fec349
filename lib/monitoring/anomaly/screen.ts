/**
 * Fast screen of a series' newest points (detect's `since`), O(n log period).
 *
 * A monitor scanning thousands of series every hour cannot afford a model fit
 * per series (one MSTL fit of four weeks of hourly points costs ~60 ms). Most
 * series are quiet, so we first compare the tail with a robust seasonal
 * baseline fitted on the history (rolling-median level + per-phase medians of
 * the longest seasonal period, MAD residual scale; see prescreen.ts) and only
 * fit the model when some tail point could be an anomaly. The screen is
 * deliberately looser than the model's thresholds; the model decides.
 *
 * Three statistics, each in robust-sigma units of its own history (history
 * residuals are leave-one-cycle-out, so they are as wide as the tail's; with
 * three or four weekly cycles in-sample residuals would be far narrower):
 *  - seasonal residual: catches spikes, drops and shifts on white-ish noise;
 *  - residual minus the median of the previous few residuals: catches sudden
 *    moves on autocorrelated (AR, wandering) series, whose seasonal residuals
 *    are wide but whose one-step changes are not;
 *  - median residual over the last few points: catches small sustained shifts
 *    and ramps.
 */
import { fastMedian, robustScale } from "../shared/robust";
import { robustSeasonalFit } from "./prescreen";
import { BASE_THRESHOLDS } from "./sensitivity";

/** Screen thresholds as a share of the model's (spike, level shift) thresholds. */
const POINT_SHARE = 0.8;
const RUN_SHARE = 0.7;
/** Previous residuals the local statistic compares with. */
const LOCAL = 6;

export interface ScreenResult {
  /** True when the tail may hold an anomaly (or the history cannot support a baseline): run the model. */
  candidate: boolean;
  /** Largest |statistic| / its screen threshold over the tail (>= 1 means candidate). */
  strength: number;
}

/**
 * `filled`: the modelled (transformed) series with gaps imputed; `observed`
 * keeps NaN for gaps (never flagged); `from`: first tail index.
 */
export function screenTail(
  filled: Float64Array,
  observed: Float64Array,
  periods: readonly number[],
  from: number,
  multiplier: number,
  run: number,
  minNoise = 0,
): ScreenResult {
  const n = filled.length;
  const fit = robustSeasonalFit(filled, periods, from);
  if (fit.period === undefined || from < 2 * LOCAL + run) return { candidate: true, strength: Number.POSITIVE_INFINITY };
  const floor = Math.max(1e-4 * Math.abs(fastMedian(filled, 0, from)), 1e-9, minNoise);
  const r = outOfSampleResiduals(fit.resid, fit.profile, fit.period, from);
  const scale = Math.max(robustScale(Array.from(r.subarray(0, from))), floor);
  const local = (t: number) => r[t] - fastMedian(r, t - LOCAL, t);
  // The local statistic's own scale, from the history (every other point is plenty).
  const hist: number[] = [];
  for (let t = LOCAL; t < from; t += 2) hist.push(local(t));
  const localScale = Math.max(robustScale(hist), floor);
  const pointThr = POINT_SHARE * BASE_THRESHOLDS.spike * multiplier;
  const runThr = RUN_SHARE * BASE_THRESHOLDS.level_shift * multiplier;
  let strength = 0;
  for (let t = from; t < n; t++) {
    if (Number.isNaN(observed[t])) continue;
    strength = Math.max(strength, Math.abs(r[t]) / scale / pointThr, Math.abs(local(t)) / localScale / pointThr);
    const window: number[] = [];
    for (let k = Math.max(0, t - run + 1); k <= t; k++) if (!Number.isNaN(observed[k])) window.push(r[k]);
    if (window.length >= run / 2) strength = Math.max(strength, Math.abs(fastMedian(window)) / scale / runThr);
  }
  return { candidate: strength >= 1, strength };
}

/**
 * Residuals against a per-phase profile that did not see them: for the
 * history, each point's phase median is recomputed without its own cycle; the
 * tail's residuals already are out of sample (the profile stops at `from`).
 */
function outOfSampleResiduals(resid: Float64Array, profile: readonly number[], period: number, from: number): Float64Array {
  const out = Float64Array.from(resid);
  const order: number[] = [];
  const sorted: number[] = [];
  for (let phase = 0; phase < period; phase++) {
    // The phase's detrended values in sorted order; dropping the one at sorted position r leaves
    // rest(i) = sorted[i < r ? i : i + 1], whose median is read off directly.
    order.length = 0;
    for (let t = phase; t < from; t += period) order.push(t);
    const k = order.length;
    if (k < 2) continue;
    order.sort((a, b) => resid[a] - resid[b]);
    sorted.length = 0;
    for (const t of order) sorted.push(resid[t] + profile[phase]);
    const m = k - 1; // values left
    const hi = m >> 1; // middle (odd m) or upper middle (even m) of what is left
    for (let r = 0; r < k; r++) {
      const upper = sorted[hi < r ? hi : hi + 1];
      const lower = sorted[hi - 1 < r ? hi - 1 : hi];
      out[order[r]] = sorted[r] - (m % 2 === 1 ? upper : (lower + upper) / 2);
    }
  }
  return out;
}
