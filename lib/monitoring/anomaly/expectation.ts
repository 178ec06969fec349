/**
 * Expected values for every point of a series, produced the way a live
 * monitor would see them: walk forward in chunks, fit augurs' MSTL (STL
 * seasonal decomposition for the daily/weekly periods + AutoETS on the
 * seasonally adjusted remainder) on the history only, and forecast the next
 * chunk. Forecast-then-compare is causal, so the same code scores history for
 * a dashboard and the newest points for the cron job, and an anomaly can
 * never "explain itself" by leaking into its own expected value.
 *
 * Training data is kept clean as we go: points that were far outside the
 * forecast band, and missing points, are replaced by the forecast before the
 * next fit, so a spike does not bend later expectations. A deviation that
 * persists longer than `maxTransient` steps is a new normal (level shift);
 * those points are restored so the model adapts to the new level.
 */
import { augursEts, augursMstl, using } from "../shared/augurs";
import { imputeLinear } from "../shared/series";
import { finite, robustMedian, robustScale } from "../shared/robust";

export interface ExpectationOptions {
  /** Seasonal periods in steps (ascending), e.g. [24, 168] for hourly data. */
  periods: number[];
  /** Steps forecast per fit; a smaller chunk refits more often. */
  chunk: number;
  /** |z| above which a point is treated as an outlier and kept out of training. */
  cleanZ: number;
  /** Longest same-direction outlier run still treated as transient. */
  maxTransient: number;
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
}

const Z95 = 1.959964;
/** Minimum history for a non-seasonal fit. */
const MIN_HISTORY = 16;

interface ChunkForecast {
  point: number[];
  sigma: number[];
  seasonal: number[];
}

export function computeExpectations(observed: Float64Array, opts: ExpectationOptions): Expectations {
  const n = observed.length;
  const filled = imputeLinear(observed);
  const clean = Float64Array.from(filled);
  const expected = new Float64Array(n).fill(Number.NaN);
  const sigma = new Float64Array(n).fill(Number.NaN);
  const seasonal = new Float64Array(n);
  const minPeriod = opts.periods[0];
  const maxPeriod = opts.periods[opts.periods.length - 1];
  const firstScored = minPeriod ? Math.max(2 * minPeriod, MIN_HISTORY) : MIN_HISTORY;
  // Enough history for two cycles of the longest period, plus slack.
  const maxHistory = Math.max(4 * (maxPeriod ?? 0), 2 * (maxPeriod ?? 0) + 4 * (minPeriod ?? 0), 256);

  let runStart = -1;
  let runSign = 0;
  let periodsUsed: number[] = [];
  let firstSeasonal: number[] | null = null;
  for (let s = firstScored; s < n; s += opts.chunk) {
    const lo = Math.max(0, s - maxHistory);
    const usable = opts.periods.filter((p) => s - lo >= 2 * p);
    periodsUsed = usable;
    const horizon = Math.max(opts.chunk, usable[usable.length - 1] ?? 0);
    const fc = forecastChunk(clean, lo, s, usable, horizon, s === firstScored);
    if (!firstSeasonal) firstSeasonal = fc.seasonal;

    for (let t = s; t < Math.min(s + opts.chunk, n); t++) {
      const k = t - s;
      expected[t] = fc.point[k];
      sigma[t] = fc.sigma[k];
      seasonal[t] = fc.seasonal[k];
      const y = observed[t];
      if (Number.isNaN(y)) {
        clean[t] = fc.point[k]; // the model's guess beats a straight line through a gap
        continue;
      }
      const z = (y - fc.point[k]) / fc.sigma[k];
      if (Math.abs(z) < opts.cleanZ) {
        runStart = -1;
        continue;
      }
      const sign = Math.sign(z);
      if (runStart < 0 || sign !== runSign) {
        runStart = t;
        runSign = sign;
      }
      if (t - runStart + 1 > opts.maxTransient) {
        // Persistent deviation: a new level, let the model learn it.
        for (let j = runStart; j <= t; j++) clean[j] = filled[j];
      } else {
        clean[t] = fc.point[k];
      }
    }
  }
  // Before the first fit, reuse the first fitted seasonal profile by phase.
  if (firstSeasonal && minPeriod) {
    const p = opts.periods.filter((q) => firstScored >= 2 * q).pop() ?? minPeriod;
    for (let t = 0; t < Math.min(firstScored, n); t++) {
      const phase = (((t - firstScored) % p) + p) % p;
      seasonal[t] = firstSeasonal[phase] ?? 0;
    }
  }
  return { expected, sigma, seasonal, clean, firstScored, periodsUsed };
}

/**
 * Fit on clean[lo, hi) and forecast `horizon` steps. The error scale is the
 * robust (MAD) scale of in-sample one-step residuals, grown with the horizon
 * the same way the model's own prediction interval grows; the model's raw
 * interval is not used directly because its variance is inflated by any
 * outliers left in the history.
 */
function forecastChunk(
  clean: Float64Array,
  lo: number,
  hi: number,
  periods: number[],
  horizon: number,
  firstFit: boolean,
): ChunkForecast {
  const train = clean.subarray(lo, hi);
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
    // gross outliers (Hampel-style) and refit once.
    const y = Float64Array.from(train, (v, i) => (Math.abs(resid[i]) > 4 * scale ? inSample[i] : v));
    ({ fc, inSample } = fit(y));
    resid = Array.from(y, (v, i) => v - inSample[i]);
    scale = robustScale(finite(resid));
    clean.set(y, lo);
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
