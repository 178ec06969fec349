/**
 * Expected values for every point of a series, produced the way a live
 * monitor would see them: walk forward in chunks, fit augurs' MSTL (STL
 * seasonal decomposition for the daily/weekly periods + AutoETS on the
 * seasonally adjusted remainder) on the history only, and forecast the next
 * chunk. The same code scores history for a dashboard and the newest points
 * for the cron job, and a point never "explains itself": its expected value
 * always comes from a model fitted on other data (the history; or, for the
 * first two weeks of a long series, the data after it — see backcasting).
 *
 * Training data is kept clean as we go: points that were far outside the
 * forecast band, and missing points, are replaced by the forecast before the
 * next fit, so a spike does not bend later expectations. A deviation that
 * persists (see BiasTracker) is a new normal, e.g. a level shift; those points
 * are restored so the model adapts to the new level.
 */
import { augursEts, augursMstl, using } from "../shared/augurs";
import { imputeLinear } from "../shared/series";
import { errorScale, finite, robustMedian, robustScale } from "../shared/robust";
import { prescreen } from "./prescreen";

export interface ExpectationOptions {
  /** Seasonal periods in steps (ascending), e.g. [24, 168] for hourly data. */
  periods: number[];
  /** Steps forecast per fit; a smaller chunk refits more often. */
  chunk: number;
  /** |z| above which a point is treated as an outlier and kept out of training. */
  cleanZ: number;
  /** Window (observed points) over which a sustained bias means "new normal". */
  maxTransient: number;
  /**
   * Score only from this step on (a monitor's "since"): one walk forward from
   * here, no backcast. The first fit trusts the robust pre-screen instead of
   * refitting after Hampel clipping.
   */
  startAt?: number;
  /** Smallest error scale (modelled units): below it a difference is not evidence. */
  minNoise?: number;
}

export interface Expectations {
  expected: Float64Array; // NaN before `firstScored`
  sigma: Float64Array; // forecast error scale for each point
  /** Seasonal component of the expectation (0 when no seasonality). */
  seasonal: Float64Array;
  /** Input with gaps filled and transient outliers replaced: the "normal" series. */
  clean: Float64Array;
  firstScored: number;
  /** Seasonal periods of the last fit, i.e. those the history could support. */
  periodsUsed: number[];
  /**
   * Where the forward walk decided the series had moved to a new normal:
   * `trigger` is the step at which that became clear, `indices` the points
   * of the sustained deviation (restored into the training data).
   */
  newLevels: { trigger: number; indices: number[] }[];
}

const Z95 = 1.959964;
/** Cap on the history of one fit (points): keeps each MSTL fit well under 0.2 s. */
export const MAX_HISTORY = 4000;
/** Walk-forward residuals (steps) used for the error scale, and how many we need. */
const RESIDUAL_MEMORY = 336;
const MIN_RESIDUALS = 24;
/** Until then, in-sample scale is widened by this (it under-states errors). */
const IN_SAMPLE_INFLATION = 1.5;
/** Minimum history for a non-seasonal fit. */
const MIN_HISTORY = 16;

interface ChunkForecast {
  point: number[];
  sigma: number[];
  seasonal: number[];
}

interface State {
  opts: ExpectationOptions;
  observed: Float64Array;
  filled: Float64Array;
  clean: Float64Array;
  expected: Float64Array;
  sigma: Float64Array;
  seasonal: Float64Array;
  residuals: Float64Array;
  maxHistory: number;
  newLevels: { trigger: number; indices: number[] }[];
  /** Smallest error scale we trust (see computeExpectations). */
  floor: number;
}

/** Points of history each fit uses: a few cycles of the longest period, capped. */
export function fitHistory(periods: readonly number[]): number {
  const minP = periods[0] ?? 0;
  const maxP = periods[periods.length - 1] ?? 0;
  const wanted = Math.min(Math.max(4 * maxP, 2 * maxP + 4 * minP, 256), MAX_HISTORY);
  return Math.max(wanted, 2 * maxP + minP); // never below what MSTL needs
}

export function computeExpectations(observed: Float64Array, opts: ExpectationOptions): Expectations {
  const n = observed.length;
  const filled = imputeLinear(observed);
  const minPeriod = opts.periods[0];
  const maxPeriod = opts.periods[opts.periods.length - 1];
  const st: State = {
    opts,
    observed,
    filled,
    clean: prescreen(filled, opts.periods).clean,
    expected: new Float64Array(n).fill(Number.NaN),
    sigma: new Float64Array(n).fill(Number.NaN),
    seasonal: new Float64Array(n),
    residuals: new Float64Array(n).fill(Number.NaN), // walk-forward errors
    maxHistory: fitHistory(opts.periods),
    newLevels: [],
    // Flat or near-flat series give near-zero errors (MSTL round-off is
    // ~1e-7); below this scale a difference is not evidence of anything.
    floor: Math.max(1e-4 * Math.max(Math.abs(robustMedian(finite(observed))) || 0, robustScale(finite(observed))), 1e-6, opts.minNoise ?? 0),
  };
  // With every period usable only after two cycles of the longest one, the
  // start of a series would be modelled without (say) weekly seasonality.
  // When enough data follows, score that prefix by backcasting instead:
  // the same walk, run backwards in time on the reversed series.
  const fullWarmup = maxPeriod ? 2 * maxPeriod : MIN_HISTORY;
  const tail = opts.startAt !== undefined;
  const backcast = !tail && maxPeriod !== undefined && n >= 2 * fullWarmup;
  const earliest = backcast ? fullWarmup : minPeriod ? Math.max(2 * minPeriod, MIN_HISTORY) : MIN_HISTORY;
  const forwardStart = Math.max(earliest, opts.startAt ?? 0);

  let periodsUsed: number[] = [];
  let firstSeasonal: number[] | null = null;
  const forward = new BiasTracker(opts.maxTransient);
  for (let s = forwardStart; s < n; s += opts.chunk) {
    const fc = walkChunk(st, s, Math.min(s + opts.chunk, n), "forward", forward, !tail && s === forwardStart);
    periodsUsed = fc.periods;
    firstSeasonal ??= fc.seasonal;
  }
  if (backcast) {
    const backward = new BiasTracker(opts.maxTransient);
    for (let e = forwardStart; e > 0; e -= opts.chunk) walkChunk(st, Math.max(0, e - opts.chunk), e, "backward", backward, false);
  } else if (firstSeasonal && minPeriod) {
    // Unscored prefix: reuse the first fitted seasonal profile by phase.
    const p = opts.periods.filter((q) => forwardStart >= 2 * q).pop() ?? minPeriod;
    for (let t = 0; t < Math.min(forwardStart, n); t++) {
      st.seasonal[t] = firstSeasonal[(((t - forwardStart) % p) + p) % p] ?? 0;
    }
  }
  const { expected, sigma, seasonal, clean, newLevels } = st;
  return { expected, sigma, seasonal, clean, firstScored: backcast ? 0 : forwardStart, periodsUsed, newLevels };
}

/**
 * Tells transient excursions, which are cleaned out of the training data,
 * from a new normal, which the model must learn. The signal is a sustained
 * bias: the median standardised residual over the last maxTransient observed
 * points. Under stable conditions that median has a standard error of about
 * 1.25/sqrt(maxTransient) (~0.36 for 12 points), so BIAS_Z is far out in its
 * tail, while a level shift of a few sigma crosses it after about half the
 * window, even if some shifted points fall inside the band. Two thirds of the
 * window must also sit >= 1 sigma on that side, so a 4-hour outage inside a
 * 12-point window (which drags the median) is still treated as transient.
 */
const BIAS_Z = 1.5;

class BiasTracker {
  private z: number[] = [];
  private t: number[] = [];
  private up = 0; // points with z >= 1 in the window
  private down = 0; // points with z <= -1
  constructor(private readonly size: number) {}
  /** Records a residual; returns the indices to restore if a new level is established. */
  push(t: number, z: number): number[] | null {
    this.z.push(z);
    this.t.push(t);
    this.count(z, 1);
    if (this.z.length > this.size) {
      this.count(this.z.shift()!, -1);
      this.t.shift();
    }
    if (this.z.length < this.size) return null;
    // Cheap majority check first (it also implies |median| >= 1), then the median.
    const need = (2 / 3) * this.size;
    if (this.up < need && this.down < need) return null;
    const m = robustMedian(this.z);
    if (Math.abs(m) < BIAS_Z) return null;
    return this.t.filter((_, i) => Math.sign(this.z[i]) === Math.sign(m));
  }
  private count(z: number, delta: number): void {
    if (z >= 1) this.up += delta;
    else if (z <= -1) this.down += delta;
  }
}

/** Forecast [from, to) from the clean data on one side of it, then score and clean it. */
function walkChunk(
  st: State,
  from: number,
  to: number,
  direction: "forward" | "backward",
  bias: BiasTracker,
  firstFit: boolean,
): { periods: number[]; seasonal: number[] } {
  const n = st.observed.length;
  const fwd = direction === "forward";
  const lo = fwd ? Math.max(0, from - st.maxHistory) : to;
  const hi = fwd ? from : Math.min(n, to + st.maxHistory);
  const train = fwd ? st.clean.slice(lo, hi) : st.clean.slice(lo, hi).reverse();
  const periods = st.opts.periods.filter((p) => train.length >= 2 * p);
  const horizon = Math.max(to - from, periods[periods.length - 1] ?? 0);
  const fc = forecastChunk(train, periods, horizon, firstFit);
  if (firstFit) {
    // Keep the Hampel-cleaned history so later fits do not see those outliers.
    if (fwd) st.clean.set(train, lo);
    else st.clean.set(train.slice().reverse(), lo);
  }
  // In-sample residuals flatter the model (STL absorbs part of the noise);
  // once enough walk-forward errors exist, their robust scale is the honest
  // error scale.
  const past = fwd ? finite(st.residuals, from - RESIDUAL_MEMORY, from) : finite(st.residuals, to, to + RESIDUAL_MEMORY);
  const oos = past.length >= MIN_RESIDUALS ? errorScale(past, st.floor) : Number.NaN;
  for (let k = 0; k < to - from; k++) {
    const t = fwd ? from + k : to - 1 - k;
    const e = fc.point[k];
    st.expected[t] = e;
    st.sigma[t] = Number.isFinite(oos) ? Math.max(oos, fc.sigma[k]) : Math.max(IN_SAMPLE_INFLATION * fc.sigma[k], st.floor);
    st.seasonal[t] = fc.seasonal[k];
    const y = st.observed[t];
    if (Number.isNaN(y)) {
      st.clean[t] = e; // the model's guess beats a straight line through a gap
      continue;
    }
    st.residuals[t] = y - e;
    const z = (y - e) / st.sigma[t];
    const restore = bias.push(t, z);
    if (restore) {
      for (const j of restore) st.clean[j] = st.filled[j]; // a new level: learn it
      const last = st.newLevels[st.newLevels.length - 1];
      if (fwd && !(last && t - last.trigger <= st.opts.maxTransient)) st.newLevels.push({ trigger: t, indices: restore });
    }
    else if (Math.abs(z) >= st.opts.cleanZ) st.clean[t] = e;
  }
  return { periods, seasonal: fc.seasonal };
}

/**
 * Fit on `train` and forecast `horizon` steps. The error scale is the
 * robust (MAD) scale of in-sample one-step residuals, grown with the horizon
 * the same way the model's own prediction interval grows; the model's raw
 * interval is not used directly because its variance is inflated by any
 * outliers left in the history.
 */
function forecastChunk(train: Float64Array, periods: number[], horizon: number, firstFit: boolean): ChunkForecast {
  if (periods.length === 0) return forecastNonSeasonal(train, horizon);
  const { MSTL } = augursMstl();
  const fit = (y: Float64Array) =>
    using(MSTL.ets(periods), (m) => {
      m.fit(y);
      return { fc: m.predict(horizon, 0.95), inSample: m.predictInSample().point };
    });
  let { fc, inSample } = fit(train);
  let resid = Array.from(train, (v, i) => v - inSample[i]);
  let scale = robustScale(finite(resid));
  if (firstFit) {
    // The very first history has not been cleaned by earlier chunks: clip
    // gross outliers (Hampel-style, in place) and refit once.
    for (let i = 0; i < train.length; i++) if (Math.abs(resid[i]) > 4 * scale) train[i] = inSample[i];
    ({ fc, inSample } = fit(train));
    resid = Array.from(train, (v, i) => v - inSample[i]);
    scale = robustScale(finite(resid));
  }
  const point = fc.point;
  const width = fc.intervals
    ? fc.intervals.upper.map((u, i) => (u - fc.intervals!.lower[i]) / (2 * Z95))
    : point.map(() => scale);
  const growth = width.map((w) => (width[0] > 0 ? Math.max(1, w / width[0]) : 1));
  return {
    point,
    sigma: growth.map((g) => scale * g),
    seasonal: seasonalPart(point, periods[periods.length - 1]),
  };
}

/**
 * The seasonal part of a forecast: what is left after removing its linear
 * trend over one full longest cycle (seasonal components sum to ~0 over a
 * cycle). augurs' JS binding does not expose the MSTL components directly.
 */
function seasonalPart(point: number[], period: number): number[] {
  const n = Math.min(period, point.length);
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    sx += i;
    sy += point[i];
    sxx += i * i;
    sxy += i * point[i];
  }
  const slope = (n * sxy - sx * sy) / Math.max(n * sxx - sx * sx, Number.EPSILON);
  const intercept = (sy - slope * sx) / n;
  return point.map((v, i) => v - (intercept + slope * i));
}

/** AutoETS (non-seasonal family) when the history is shorter than two cycles. */
function forecastNonSeasonal(train: Float64Array, horizon: number): ChunkForecast {
  const { AutoETS } = augursEts();
  const diffs = finite(Array.from(train.subarray(1), (v, i) => v - train[i]));
  const scale = robustScale(diffs) / Math.SQRT2;
  let point: number[];
  let width: number[];
  try {
    const fc = using(new AutoETS(1, "ZZN"), (m) => {
      m.fit(train);
      return m.predict(horizon, 0.95);
    });
    point = fc.point;
    width = fc.intervals ? fc.intervals.upper.map((u, i) => u - fc.intervals!.lower[i]) : point.map(() => 1);
  } catch {
    // Degenerate input (e.g. constant): a flat median forecast is the honest answer.
    const level = robustMedian(finite(train));
    point = new Array<number>(horizon).fill(level);
    width = point.map(() => 1);
  }
  const growth = width.map((w) => (width[0] > 0 ? Math.max(1, w / width[0]) : 1));
  return { point, sigma: growth.map((g) => scale * g), seasonal: point.map(() => 0) };
}
