/**
 * Detectors that run on top of the walk-forward expectations:
 *  - point outliers (spike = up, drop = down) from standardised forecast
 *    residuals; runs longer than maxTransient are level shifts instead,
 *  - level shifts, also from the walk's sustained-bias signal and from
 *    augurs' Bayesian online changepoint detector on the residuals (these
 *    catch shifts too small to be point outliers),
 *  - trending velocity: recent-window vs longer baseline-window z-score.
 * All work on indices of the regular grid; detect.ts maps them to timestamps.
 */
import { mean } from "simple-statistics";
import { augursChangepoint, using } from "../shared/augurs";
import { finite, robustMedian, robustScale } from "../shared/robust";
import type { Expectations } from "./expectation";
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
  /**
   * Tail scoring (detect's `since`): expectations exist only from
   * exp.firstScored on. Changepoints are searched there only, and the trend
   * statistic is calibrated on the seasonally adjusted history before it.
   */
  tail?: boolean;
}

/** Longest series given to the (quadratic) changepoint detector as is. */
const MAX_CHANGEPOINT_POINTS = 500;
/** Outliers separated by at most this many other points belong to one run. */
const RUN_GAP = 2;
/** Trend statistic calibration window (evaluations) and minimum history for it. */
const CALIBRATION = 336;
const MIN_CALIBRATION = 48;

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

/** Seasonally adjusted series: values minus the seasonal part (NaN stays NaN). */
export function adjustedSeries(values: ArrayLike<number>, exp: Expectations): Float64Array {
  return Float64Array.from(values, (v, i) => v - exp.seasonal[i]);
}

function windowMedian(a: Float64Array, from: number, to: number): number {
  return robustMedian(finite(a, from, to));
}

/**
 * Level shifts located by Bayesian online changepoint detection (augurs'
 * normal-gamma model) on the standardised forecast residuals, then validated:
 * the residual level must jump by at least the threshold (in sigma units),
 * abruptly (most of it within a few steps; a ramp is a trend), and the
 * seasonally adjusted observations must still be shifted after maxTransient
 * steps (shorter excursions are spikes/drops). Residuals are used rather than
 * a deseasonalised series because STL partly absorbs a step into the seasonal
 * component after a refit, which makes "value minus seasonal" jump around.
 * The residual shift is measured over the first maxTransient steps only,
 * before the forecasts adapt to the new level.
 */
export function changepointShifts(ctx: DetectorContext, adjusted: Float64Array, changepoints: readonly number[]): RawAnomaly[] {
  const { exp, multiplier, maxTransient, noise, shiftWindow: w } = ctx;
  const n = adjusted.length;
  const z = standardisedResiduals(ctx);
  const thr = thresholdFor("level_shift", multiplier);
  const k = Math.min(w, maxTransient);
  const out: RawAnomaly[] = [];
  for (const cp of changepoints) {
    let c = cp; // report at the first observed point of the new regime
    while (c < n && Number.isNaN(ctx.observed[c])) c++;
    if (c < Math.max(exp.firstScored, w) || n - c <= maxTransient) continue;
    const shift = windowMedian(z, c, c + k) - windowMedian(z, c - w, c);
    if (!(Math.abs(shift) >= thr)) continue;
    const immediate = windowMedian(z, c, c + 3) - windowMedian(z, c - 3, c);
    const abrupt = Math.sign(immediate) === Math.sign(shift) && Math.abs(immediate) >= 0.5 * Math.abs(shift);
    const lateFrom = c + maxTransient;
    const late = n - lateFrom >= 3 ? (windowMedian(adjusted, lateFrom, lateFrom + w) - windowMedian(adjusted, c - w, c)) / noise : shift;
    const persistent = Math.sign(late) === Math.sign(shift) && Math.abs(late) >= 0.5 * Math.abs(shift);
    if (abrupt && persistent) out.push(levelShift(ctx, c, shift, thr));
  }
  return out;
}

/**
 * Level shifts the forward walk already acted on (a sustained residual bias,
 * see BiasTracker in expectation.ts). The onset is whichever changepoint in
 * the biased stretch (or, failing one, its first clearly deviating point)
 * separates the residuals best. The size is the median residual over the
 * following steps, which were forecast before the model adapted. When most
 * of it did not happen within the first few steps it is reported as a trend.
 */
export function biasShifts(ctx: DetectorContext, changepoints: readonly number[]): RawAnomaly[] {
  const z = standardisedResiduals(ctx);
  const thr = thresholdFor("level_shift", ctx.multiplier);
  const out: RawAnomaly[] = [];
  for (const { trigger, indices } of ctx.exp.newLevels) {
    const first = Math.min(...indices);
    const K = ctx.maxTransient;
    const jump = (c: number) => Math.abs(windowMedian(z, c, c + K) - windowMedian(z, c - K, c));
    const candidates = changepoints.filter((c) => c >= first - 3 && c <= trigger);
    candidates.push(indices.find((i) => Math.abs(z[i]) >= 1) ?? first);
    let onset = candidates.reduce((best, c) => (jump(c) > jump(best) ? c : best));
    while (onset < trigger && Number.isNaN(ctx.observed[onset])) onset++;
    const shift = windowMedian(z, onset, onset + K);
    if (!(Math.abs(shift) >= thr)) continue;
    // A deviation that built up gradually is a trend, not a step.
    const immediate = windowMedian(z, onset, onset + 3) - windowMedian(z, onset - 3, onset);
    const abrupt = Math.sign(immediate) === Math.sign(shift) && Math.abs(immediate) >= 0.5 * Math.abs(shift);
    out.push({ ...levelShift(ctx, onset, shift, thr), kind: abrupt ? "level_shift" : "trend" });
  }
  return out;
}

/**
 * BOCPD (normal-gamma) changepoints of the standardised forecast residuals.
 * augurs' implementation is quadratic in the series length (~0.5 s for 1000
 * points), so longer series are first averaged in blocks (scaled back to unit
 * variance) and each block-level changepoint is then placed at the step
 * inside its neighbourhood that best separates the residuals.
 */
export function residualChangepoints(ctx: Omit<DetectorContext, "multiplier">): number[] {
  const from = ctx.tail ? ctx.exp.firstScored : 0;
  const z = standardisedResiduals(ctx).map((v) => (Number.isFinite(v) ? v : 0)); // gaps carry no evidence
  if (from > 0) return residualChangepoints({ ...ctx, tail: false, observed: ctx.observed.subarray(from), exp: shiftExpectations(ctx.exp, from) }).map((c) => c + from);
  const f = Math.ceil(z.length / MAX_CHANGEPOINT_POINTS);
  const blocks = Float64Array.from({ length: Math.ceil(z.length / f) }, (_, b) => {
    const part = z.subarray(b * f, (b + 1) * f);
    return (part.reduce((s, v) => s + v, 0) / part.length) * Math.sqrt(part.length);
  });
  const { ChangepointDetector } = augursChangepoint();
  const found = using(ChangepointDetector.normalGamma({ hazardLambda: 250 }), (d) => d.detectChangepoints(blocks).indices);
  if (f === 1) return found;
  const K = ctx.maxTransient;
  const jump = (c: number) => Math.abs(windowMedian(z, c, c + K) - windowMedian(z, c - K, c));
  return found.map((b) => {
    let best = b * f;
    for (let c = Math.max(0, (b - 1) * f); c < Math.min(z.length, (b + 1) * f); c++) if (jump(c) > jump(best)) best = c;
    return best;
  });
}

/** The expectations of steps [from, n), re-indexed from 0 (for detectors run on a tail only). */
function shiftExpectations(exp: Expectations, from: number): Expectations {
  return {
    ...exp,
    expected: exp.expected.subarray(from),
    sigma: exp.sigma.subarray(from),
    seasonal: exp.seasonal.subarray(from),
    clean: exp.clean.subarray(from),
    firstScored: Math.max(0, exp.firstScored - from),
    newLevels: [],
  };
}

function standardisedResiduals(ctx: Pick<DetectorContext, "observed" | "exp">): Float64Array {
  return Float64Array.from(ctx.observed, (y, i) => (y - ctx.exp.expected[i]) / ctx.exp.sigma[i]);
}

function levelShift(ctx: DetectorContext, at: number, shift: number, thr: number): RawAnomaly {
  // Start at a point that actually deviates (changepoints can be off by one).
  let index = at;
  for (let i = at; i < Math.min(at + 3, ctx.observed.length); i++) {
    const z = (ctx.observed[i] - ctx.exp.expected[i]) / ctx.exp.sigma[i];
    if (Math.sign(z) === Math.sign(shift) && Math.abs(z) >= 1) {
      index = i;
      break;
    }
  }
  const expected = ctx.exp.expected[index];
  const half = thr * ctx.exp.sigma[index];
  return { index, kind: "level_shift", direction: dir(shift), score: Math.abs(shift), threshold: thr, expected, lower: expected - half, upper: expected + half };
}

/**
 * Trending velocity: z = (median of the last R values - median of the B
 * values before them) / standard error of that difference, on the seasonally
 * adjusted observations ("trending topic" detectors), calibrated against its
 * own history. Only counts while the recent window is itself still moving in
 * that direction, so a completed step does not masquerade as a trend.
 * Reports the onset of each episode, then waits for z to fall below half the
 * threshold before reporting again. Uses observations rather than the cleaned
 * series: cleaning would flatten the start of a ramp.
 */
export function trendAnomalies(ctx: DetectorContext, adjusted: Float64Array, shifts: readonly RawAnomaly[]): RawAnomaly[] {
  const { exp, multiplier, noise, trendRecent: R, trendBaseline: B } = ctx;
  const thr = thresholdFor("trend", multiplier);
  const n = adjusted.length;
  // Trends are slow: for long windows (minute data) evaluate every few steps.
  const stride = Math.max(1, Math.floor(R / 12));
  const evaluated: { t: number; raw: number; base: number; se: number }[] = [];
  // On a tail, evaluate the preceding history too (for calibration only).
  const evalFrom = ctx.tail ? exp.firstScored - CALIBRATION * stride : exp.firstScored;
  for (let t = Math.max(evalFrom, R + B - 1); t < n; t += stride) {
    const baseline = finite(adjusted, t - R - B + 1, t - R + 1);
    const recent = finite(adjusted, t - R + 1, t + 1);
    if (baseline.length < B / 2 || recent.length < R / 2 || Number.isNaN(ctx.observed[t])) continue;
    const base = robustMedian(baseline);
    // Medians keep a lone spike from reading as a trend; 1.25 is the
    // efficiency loss of a median vs a mean under normal noise.
    const se = 1.25 * Math.max(robustScale(baseline), noise) * Math.sqrt(1 / recent.length + 1 / baseline.length);
    evaluated.push({ t, raw: (robustMedian(recent) - base) / se, base, se });
  }
  // Residuals are autocorrelated (AR noise, wandering levels), which inflates
  // the raw statistic. Calibrate it against its own recent history: divide by
  // its robust scale over the preceding CALIBRATION evaluations.
  const overall = Math.max(1, robustScale(evaluated.map((e) => e.raw)));
  const out: RawAnomaly[] = [];
  let active = false;
  evaluated.forEach(({ t, raw, base, se }, i) => {
    const history = evaluated.slice(Math.max(0, i - CALIBRATION), i).map((e) => e.raw);
    const scale = history.length >= MIN_CALIBRATION ? Math.max(1, robustScale(history)) : overall;
    const z = raw / scale;
    if (Math.abs(z) < thr / 2) active = false;
    if (active || Math.abs(z) < thr) return;
    if (t < exp.firstScored) {
      active = true; // an episode already under way before a tail: it was reported then
      return;
    }
    if (shifts.some((s) => t - s.index > -R && t - s.index < R + B)) return; // a step, not a trend
    const rise = slope(Float64Array.from(finite(adjusted, t - R + 1, t + 1))) * (R - 1);
    if (Math.sign(rise) !== Math.sign(z) || Math.abs(rise) < 0.5 * noise) return;
    active = true;
    const expected = base + exp.seasonal[t];
    const half = thr * scale * se;
    out.push({ index: t, kind: "trend", direction: dir(z), score: Math.abs(z), threshold: thr, expected, lower: expected - half, upper: expected + half });
  });
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
