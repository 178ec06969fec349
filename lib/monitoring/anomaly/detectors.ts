/**
 * The three detectors that run on top of the expectations:
 *  - point outliers (spike / drop) from forecast residuals,
 *  - level shifts, from long residual runs and from augurs' Bayesian online
 *    changepoint detector on the seasonally adjusted series (catches shifts
 *    too small to be point outliers),
 *  - trending velocity: recent-window mean vs a longer baseline window.
 * All work on indices of the regular grid; detect.ts maps them to timestamps.
 */
import { mean, sampleStandardDeviation } from "simple-statistics";
import { augursChangepoint, using } from "../shared/augurs";
import { finite, robustMedian } from "../shared/robust";
import { type Expectations, RUN_GAP } from "./expectation";
import { type AnomalyKind, thresholdFor } from "./sensitivity";

export interface RawAnomaly {
  index: number;
  kind: AnomalyKind;
  direction: "up" | "down";
  score: number;
  threshold: number;
  expected: number;
  lower: number;
  upper: number;
}

export interface DetectorContext {
  observed: Float64Array; // NaN = missing
  exp: Expectations;
  multiplier: number;
  maxTransient: number;
  /** Typical noise scale of the series (median forecast sigma). */
  noise: number;
  /** Windows for level-shift validation and trend detection, in steps. */
  shiftWindow: number;
  trendRecent: number;
  trendBaseline: number;
}

const dir = (x: number): "up" | "down" => (x >= 0 ? "up" : "down");

/** Spikes/drops; runs longer than maxTransient become one level shift at their onset. */
export function pointAnomalies(ctx: DetectorContext): RawAnomaly[] {
  const { observed, exp, multiplier, maxTransient } = ctx;
  const thr = thresholdFor("spike", multiplier);
  const out: RawAnomaly[] = [];
  let run: RawAnomaly[] = [];
  let runSign = 0;
  const flush = () => {
    if (run.length > maxTransient) {
      const lsThr = thresholdFor("level_shift", multiplier);
      const score = robustMedian(run.map((a) => a.score));
      out.push({ ...run[0], kind: "level_shift", score, threshold: lsThr });
    } else out.push(...run);
    run = [];
  };
  for (let t = exp.firstScored; t < observed.length; t++) {
    const y = observed[t];
    const e = exp.expected[t];
    const s = exp.sigma[t];
    if (Number.isNaN(y) || !Number.isFinite(e)) continue; // gaps neither flag nor break runs
    const z = (y - e) / s;
    if (Math.abs(z) < thr) continue;
    // Same grouping as the training-data cleaner (expectation.ts).
    const last = run[run.length - 1];
    if (last && (Math.sign(z) !== runSign || t - last.index > RUN_GAP + 1)) flush();
    runSign = Math.sign(z);
    run.push({
      index: t,
      kind: z > 0 ? "spike" : "drop",
      direction: dir(z),
      score: Math.abs(z),
      threshold: thr,
      expected: e,
      lower: e - thr * s,
      upper: e + thr * s,
    });
  }
  flush();
  return out;
}

/** Seasonally adjusted "normal" series: clean values minus the seasonal part. */
export function adjustedSeries(exp: Expectations): Float64Array {
  return Float64Array.from(exp.clean, (v, i) => v - exp.seasonal[i]);
}

function windowMedian(a: Float64Array, from: number, to: number): number {
  return robustMedian(finite(a, from, to));
}

/**
 * Level shifts located by Bayesian online changepoint detection (normal-gamma
 * model on the standardised adjusted series), then validated: the shift must
 * be large relative to noise, abrupt (most of it happens in the first few
 * steps; a ramp is a trend, not a shift) and persistent (still there after
 * maxTransient steps; shorter excursions are spikes/drops).
 */
export function changepointShifts(ctx: DetectorContext, adjusted: Float64Array): RawAnomaly[] {
  const { exp, multiplier, maxTransient, noise, shiftWindow: w } = ctx;
  const n = adjusted.length;
  if (n < 2 * w) return [];
  const center = robustMedian(finite(adjusted));
  const standardised = Float64Array.from(adjusted, (v) => (v - center) / noise);
  const { ChangepointDetector } = augursChangepoint();
  const indices = using(ChangepointDetector.normalGamma({ hazardLambda: 250 }), (d) =>
    d.detectChangepoints(standardised).indices,
  );
  const thr = thresholdFor("level_shift", multiplier);
  const out: RawAnomaly[] = [];
  for (const c of indices) {
    if (c < Math.max(exp.firstScored, w) || n - c <= maxTransient) continue;
    const before = windowMedian(adjusted, c - w, c);
    const after = windowMedian(adjusted, c, c + w);
    const shift = after - before;
    const score = Math.abs(shift) / noise;
    if (score < thr) continue;
    const k = 3;
    const immediate = windowMedian(adjusted, c, c + k) - windowMedian(adjusted, c - k, c);
    const lateFrom = c + maxTransient;
    const late = n - lateFrom >= 3 ? windowMedian(adjusted, lateFrom, lateFrom + w) - before : shift;
    const abrupt = Math.sign(immediate) === Math.sign(shift) && Math.abs(immediate) >= 0.5 * Math.abs(shift);
    const persistent = Math.sign(late) === Math.sign(shift) && Math.abs(late) >= 0.5 * Math.abs(shift);
    if (!abrupt || !persistent) continue;
    const expected = before + exp.seasonal[c];
    out.push({
      index: c,
      kind: "level_shift",
      direction: dir(shift),
      score,
      threshold: thr,
      expected,
      lower: expected - thr * noise,
      upper: expected + thr * noise,
    });
  }
  return out;
}

/**
 * Trending velocity: z = (mean of the last R adjusted values - mean of the B
 * values before them) / its standard error, sd * sqrt(1/R + 1/B), with sd the
 * baseline std floored at the noise scale ("trending topic" detectors). Only counts while the recent window is
 * itself still moving in that direction, so a completed step does not
 * masquerade as a trend. Reports the onset of each episode, then waits for z
 * to fall below half the threshold before reporting again.
 */
export function trendAnomalies(ctx: DetectorContext, adjusted: Float64Array, shifts: readonly RawAnomaly[]): RawAnomaly[] {
  const { exp, multiplier, noise, trendRecent: R, trendBaseline: B } = ctx;
  const thr = thresholdFor("trend", multiplier);
  const out: RawAnomaly[] = [];
  let active = false;
  const start = Math.max(exp.firstScored, R + B - 1);
  for (let t = start; t < adjusted.length; t++) {
    if (Number.isNaN(ctx.observed[t])) continue;
    const explained = shifts.some((s) => t - s.index > -R && t - s.index < R + B);
    const recent = adjusted.subarray(t - R + 1, t + 1);
    const baseline = adjusted.subarray(t - R - B + 1, t - R + 1);
    const mu = mean(Array.from(baseline));
    const sd = Math.max(sampleStandardDeviation(Array.from(baseline)), noise);
    const z = (mean(Array.from(recent)) - mu) / (sd * Math.sqrt(1 / R + 1 / B));
    if (Math.abs(z) < thr / 2) active = false;
    if (active || explained || Math.abs(z) < thr) continue;
    const rise = slope(recent) * (R - 1);
    if (Math.sign(rise) !== Math.sign(z) || Math.abs(rise) < 0.5 * noise) continue;
    active = true;
    const expected = mu + exp.seasonal[t];
    out.push({
      index: t,
      kind: "trend",
      direction: dir(z),
      score: Math.abs(z),
      threshold: thr,
      expected,
      lower: expected - thr * sd * Math.sqrt(1 / R + 1 / B),
      upper: expected + thr * sd * Math.sqrt(1 / R + 1 / B),
    });
  }
  return out;
}

function slope(y: Float64Array): number {
  const n = y.length;
  const xm = (n - 1) / 2;
  let num = 0, den = 0;
  const ym = mean(Array.from(y));
  for (let i = 0; i < n; i++) {
    num += (i - xm) * (y[i] - ym);
    den += (i - xm) * (i - xm);
  }
  return den > 0 ? num / den : 0;
}
