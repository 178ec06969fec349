/**
 * Rolling-origin evaluation ("time series cross-validation", FPP3 §5.10): at each origin, fit on everything
 * before it and forecast up to `horizon` steps, scored on the steps the history still covers. Origins run every
 * `stride` steps back from the last observation, so a history too short for one full horizon still yields many
 * short-horizon folds (a 30-day forecast of 4 weeks of data is backtested on 1- to 15-day-ahead forecasts from
 * each of the last 15 days) instead of none. Errors are pooled over folds (MASE uses each fold's own scale).
 * `levelStart(origin)` is where the level known at that origin began (the last level shift confirmed by then,
 * level-shift.ts): each fold fits on that regime only, as the live forecast would have on that day.
 */
import { type ConformalFold, onlineCoverage } from "./conformal";
import { coverage, mase, maseScale, smape } from "./metrics";
import { runModel, type ModelSpec } from "./models";
import { binomialScale, type SamplingInput } from "./sampling";

export interface BacktestScores {
  smape: number;
  mase: number;
  /** Held-out coverage of the conformally calibrated intervals (each origin calibrated on the residuals before it). */
  coverage80: number;
  coverage95: number;
  /** Held-out coverage of the model's own, uncalibrated intervals. */
  rawCoverage80: number;
  rawCoverage95: number;
}

/** Scores plus the held-out points, for calibrating the final forecast's intervals. */
export interface BacktestRun extends BacktestScores {
  folds: ConformalFold[];
}

export interface BacktestResult {
  folds: number;
  horizon: number;
  model: BacktestScores;
  baseline: BacktestScores;
}

/**
 * Up to `maxOrigins` origins, `stride` = ceil((n - minTrain) / maxOrigins) apart, the last one at the last
 * observation, each leaving at least `minTrain` points to fit on (ascending; none when n <= minTrain).
 */
export function rollingOrigins(n: number, minTrain: number, maxOrigins: number): number[] {
  if (maxOrigins <= 0 || n <= minTrain) return [];
  const stride = Math.max(1, Math.ceil((n - minTrain) / maxOrigins));
  const origins: number[] = [];
  for (let o = n - 1; o >= minTrain && origins.length < maxOrigins; o -= stride) origins.push(o);
  return origins.reverse();
}

/**
 * `sampling` (a rate's daily counts): each fold's half-widths are rescaled by the sampling noise expected on each
 * held-out day as known at the fold's origin (sampling.ts), as the live forecast's are. Days whose value is undefined
 * (NaN in `observed`: too few observations for a rate) are neither covered nor missed.
 */
export function backtest(spec: ModelSpec, filled: Float64Array, observed: Float64Array, origins: readonly number[], horizon: number, period: number, sampling?: SamplingInput, levelStart: (origin: number) => number = () => 0): BacktestRun {
  let smapeSum = 0, maseSum = 0, folds = 0;
  const cov = { 0.8: { inside: 0, total: 0 }, 0.95: { inside: 0, total: 0 } };
  const held: ConformalFold[] = [];
  for (const origin of origins) {
    const h = Math.min(horizon, filled.length - origin);
    const since = levelStart(origin);
    const train = filled.subarray(since, origin);
    const actual = observed.subarray(origin, origin + h);
    let fc;
    try {
      fc = runModel(spec, train, h, [0.8, 0.95]);
    } catch {
      continue; // a model that cannot fit this fold simply scores nothing here
    }
    const s = smape(actual, fc.point);
    const m = mase(actual, fc.point, maseScale(train, period));
    if (Number.isFinite(s) && Number.isFinite(m)) {
      smapeSum += s;
      maseSum += m;
      folds++;
    }
    const halfWidth = new Map<number, Float64Array>();
    for (const level of [0.8, 0.95] as const) {
      const iv = fc.intervals.get(level)!;
      const c = coverage(actual, iv.lower, iv.upper);
      cov[level].inside += c.inside;
      cov[level].total += c.total;
      halfWidth.set(level, Float64Array.from({ length: h }, (_, i) => (iv.upper[i] - iv.lower[i]) / 2));
    }
    const scale = sampling ? binomialScale(sampling, origin, halfWidth.get(0.8)!, since) : undefined;
    held.push({ origin, since, actual, point: fc.point, halfWidth, ...(scale ? { scale } : {}) });
  }
  const share = (c: { inside: number; total: number }) => (c.total ? c.inside / c.total : Number.NaN);
  return {
    smape: folds ? smapeSum / folds : Number.NaN,
    mase: folds ? maseSum / folds : Number.NaN,
    coverage80: onlineCoverage(held, 0.8),
    coverage95: onlineCoverage(held, 0.95),
    rawCoverage80: share(cov[0.8]),
    rawCoverage95: share(cov[0.95]),
    folds: held,
  };
}
