/**
 * Robust pre-screen of the training data.
 *
 * STL (inside MSTL) is not robust: with only two or three cycles of a weekly
 * period, a single outage is averaged into the weekly seasonal component and
 * then "predicted" again at the same hour every following week. So before the
 * walk-forward fits we find gross outliers with a robust classical
 * decomposition (rolling-median level + per-phase median seasonal profile
 * across all cycles) and replace them, in the training copy only, by that
 * robust fit. This step looks at the whole series (it is not causal) but only
 * decides which points the models learn from; every score still comes from
 * a forecast fitted on other data.
 */
import { fastMedian, robustScale } from "../shared/robust";

/** A point this many robust SDs off the robust fit is kept out of training. */
const GROSS_Z = 5;
/** Per-phase medians need at least this many cycles to resist one anomaly. */
const MIN_CYCLES = 3;

export interface RobustSeasonalFit {
  /** The seasonal period used (steps); undefined when the series is shorter than MIN_CYCLES of every period. */
  period: number | undefined;
  /** Centred rolling-median level. */
  level: Float64Array;
  /** Median of the detrended values per phase of `period` (empty without a period). */
  profile: number[];
  /** filled - level - profile. */
  resid: Float64Array;
  /** Robust scale of the residuals over the fitted range (computed on demand). */
  scale: () => number;
}

/**
 * Robust classical decomposition: rolling-median level + per-phase median
 * seasonal profile, O(n log period). The profile and the residual scale come
 * from points before `fitEnd` only (default: all), so a caller scoring the
 * newest points does not let them shape their own baseline.
 */
export function robustSeasonalFit(filled: Float64Array, periods: readonly number[], fitEnd = filled.length): RobustSeasonalFit {
  const n = filled.length;
  const period = [...periods].reverse().find((p) => fitEnd >= MIN_CYCLES * p);
  if (period === undefined) return { period, level: new Float64Array(n), profile: [], resid: new Float64Array(n), scale: () => Number.NaN };
  const level = rollingMedian(filled, period);
  const detrended = new Float64Array(n);
  for (let t = 0; t < n; t++) detrended[t] = filled[t] - level[t];
  const profile: number[] = [];
  const atPhase: number[] = [];
  for (let phase = 0; phase < period; phase++) {
    atPhase.length = 0;
    for (let t = phase; t < fitEnd; t += period) atPhase.push(detrended[t]);
    profile.push(fastMedian(atPhase));
  }
  const resid = new Float64Array(n);
  for (let t = 0; t < n; t++) resid[t] = detrended[t] - profile[t % period];
  return { period, level, profile, resid, scale: () => robustScale(Array.from(resid.subarray(0, fitEnd))) };
}

/** Returns a copy of `filled` with gross outliers replaced, and how many were. */
export function prescreen(filled: Float64Array, periods: readonly number[]): { clean: Float64Array; replaced: number } {
  const n = filled.length;
  const clean = Float64Array.from(filled);
  const fit = robustSeasonalFit(filled, periods);
  const { period, level, profile, resid } = fit;
  if (period === undefined) return { clean, replaced: 0 };
  const scale = fit.scale();
  let replaced = 0;
  for (let t = 0; t < n; t++) {
    if (Math.abs(resid[t]) > GROSS_Z * scale) {
      clean[t] = level[t] + profile[t % period];
      replaced++;
    }
  }
  return { clean, replaced };
}

/**
 * Centred rolling median over `window` points, evaluated every ~window/12
 * points and linearly interpolated between: the level moves slowly compared
 * with the window, and this keeps the cost O(n log window) for long series.
 */
function rollingMedian(values: Float64Array, window: number): Float64Array {
  const n = values.length;
  const half = Math.floor(window / 2);
  const stride = Math.max(1, Math.floor(window / 12));
  const knots: number[] = [];
  for (let t = 0; t < n; t += stride) knots.push(t);
  if (knots[knots.length - 1] !== n - 1) knots.push(n - 1);
  const at = knots.map((t) => {
    const lo = Math.max(0, Math.min(t - half, n - window));
    return fastMedian(values, lo, lo + window);
  });
  const out = new Float64Array(n);
  for (let k = 0; k < knots.length - 1; k++) {
    const [a, b] = [knots[k], knots[k + 1]];
    for (let t = a; t <= b; t++) out[t] = at[k] + ((at[k + 1] - at[k]) * (t - a)) / Math.max(b - a, 1);
  }
  if (knots.length === 1) out.fill(at[0]);
  return out;
}
