/**
 * forecastSeries: forecast one metric `horizon` steps ahead with 80% and 95%
 * prediction intervals.
 *
 * The model is chosen per series by rolling-origin backtest (lowest mean
 * MASE) among: MSTL+AutoETS on the daily/weekly periods the history supports,
 * non-seasonal AutoETS, each raw and, for count-like or multiplicative
 * series, on a variance-stabilised scale. A seasonal-naive forecast is
 * backtested alongside as the baseline every model must beat: when it does not,
 * seasonal naive is the forecast. The 80% and 95% intervals are calibrated by
 * split conformal prediction on the rolling backtest's residuals (conformal.ts);
 * the backtest reports their held-out coverage next to the raw model's. Missing
 * points are filled by linear interpolation for fitting and skipped when scoring.
 * A rate whose points carry their `count` (options.sampling "binomial") gets
 * intervals that follow its daily volume: each day's half-width is rescaled by
 * the sampling noise expected at its count before calibration (sampling.ts).
 * After a confirmed level shift (binary segmentation, level-shift.ts) models are fitted and calibrated on the new
 * level only, once it has lasted two seasonal cycles (and MIN_TRAIN points); the backtest does the same at each origin
 * with the shifts confirmed by then, so it judges what the live forecast would have drawn on that day.
 * Known change events (`changes`: an experiment started or ended, a release) re-baseline the same way without
 * waiting for the data to confirm them: a step too small to confirm against a day's noise (a prompt experiment
 * moving a thumbs-up rate by half a day's sampling noise) still leaves a history whose early residuals overstate
 * the current noise. A change counts at an origin once it lies before it (it was announced when it happened).
 */
import { z } from "zod";
import {
  formatLike,
  imputeLinear,
  regularize,
  seasonalPeriods,
  seriesPointSchema,
  timestampSchema,
  toMillis,
  MAX_SERIES_POINTS,
} from "../shared/series";
import { chooseTransform, IDENTITY, type Transform } from "../shared/transform";
import { backtest, rollingOrigins, type BacktestResult, type BacktestRun, type BacktestScores } from "./backtest";
import { conformalFactor, type ConformalFold } from "./conformal";
import { levelShifts } from "./level-shift";
import { binomialScale, type SamplingInput } from "./sampling";
import { type ModelForecast, type ModelSpec, modelName, runModel } from "./models";

export const forecastSeriesInputSchema = z.object({
  series: z
    .array(
      seriesPointSchema.extend({
        /** Observations behind the value (a rate's denominator), for options.sampling. */
        count: z.number().finite().nonnegative().optional(),
      }),
    )
    .max(MAX_SERIES_POINTS)
    .refine((s) => s.filter((p) => p.value !== null).length >= 4, "need at least 4 observed points"),
  horizon: z.number().int().min(1).max(10_000),
  /**
   * Known change events (timestamps like the series'): the level may move there. Once the level since the latest
   * one has lasted two seasonal cycles and holds MIN_TRAIN observed points, models fit and calibrate on it only.
   */
  changes: z.array(timestampSchema).max(1_000).optional(),
  /** Extra interval levels in (0, 1); 0.8 and 0.95 are always included. */
  levels: z.array(z.number().gt(0).lt(1)).max(6).optional(),
  options: z
    .object({
      /** Most rolling backtest origins (0 disables backtesting and model choice). */
      folds: z.number().int().min(0).max(60),
      /** Override the seasonal periods (in steps). */
      periods: z.array(z.number().int().min(2)).max(3),
      transform: z.enum(["auto", "none", "log1p", "anscombe"]),
      /** Also backtest the chosen model and seasonal naive at these shorter horizons (e.g. 7 of a 30-step forecast). */
      evaluateHorizons: z.array(z.number().int().min(1)).max(4),
      /**
       * "binomial": each value is a share of its point's `count` observations (a rate); intervals then widen on days
       * expected to have few of them and narrow on busy ones (sampling.ts). Points without a count are not scaled.
       */
      sampling: z.enum(["binomial"]),
    })
    .partial()
    .optional(),
});
export type ForecastSeriesInput = z.input<typeof forecastSeriesInputSchema>;

export interface ForecastPoint {
  timestamp: string | number;
  value: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
  /** Any extra requested levels, keyed like "0.9". */
  intervals?: Record<string, { lower: number; upper: number }>;
}

export interface ForecastResult {
  model: string;
  points: ForecastPoint[];
  /** Null when the series is too short to hold out any origin. */
  backtest: BacktestResult | null;
  /** Every candidate's backtest score, for transparency. */
  candidates: { model: string; mase: number; smape: number }[];
  /** The chosen model's backtest at each of `options.evaluateHorizons` (null when too short to hold one out). */
  horizonBacktests?: { horizon: number; backtest: BacktestResult | null }[];
}

/**
 * Rolling origins by default: up to 30 on short histories (every day of a 30-day history past its first two weeks,
 * every other day of 60), fewer on long ones, where each fold costs more and a few full windows already hold
 * hundreds of residuals (at least 3).
 */
const defaultOrigins = (n: number) => Math.max(3, Math.min(30, Math.round(3000 / n)));
const MAX_HISTORY = 4000;
const MIN_TRAIN = 8;

export function forecastSeries(input: ForecastSeriesInput): ForecastResult {
  const { series, horizon, levels = [], options = {}, changes = [] } = forecastSeriesInputSchema.parse(input);
  const grid = regularize(series);
  const total = grid.values.length;
  // Recent history is what matters, and MSTL cost grows with length: fit on
  // the last MAX_HISTORY points only (~4 weeks of hourly data is 672).
  // Leading missing points carry nothing: imputed, they would be a flat line every early backtest fold fits.
  const firstObserved = grid.values.findIndex((v) => !Number.isNaN(v));
  const start = Math.max(0, firstObserved, total - MAX_HISTORY);
  const observed = grid.values.subarray(start);
  const filled = imputeLinear(observed);
  const n = filled.length;
  const allLevels = [...new Set([0.8, 0.95, ...levels])];
  const transform = chooseTransform(observed, options.transform ?? "auto");
  // Periods must fit twice into the history, and so into every training window: backtest origins leave at least
  // two cycles of the longest one to fit on.
  const periods = (options.periods ?? seasonalPeriods(grid.stepMs, n)).filter((p) => n > 2 * p);
  // Each fold also fits on at least MIN_TRAIN observed (not imputed) points.
  const origins = rollingOrigins(n, Math.max(MIN_TRAIN, 2 * Math.max(0, ...periods), afterObserved(observed, MIN_TRAIN)), options.folds ?? defaultOrigins(n));
  const candidates = candidateSpecs(periods, transform);
  const baselineSpec: ModelSpec = { kind: "seasonal_naive", periods: periods.slice(0, 1), transform: IDENTITY };
  const period = periods[0] ?? 1;
  const sampling: SamplingInput | undefined =
    options.sampling === "binomial"
      ? { observed, period, counts: Float64Array.from(grid.source.subarray(start), (i) => (i < 0 ? Number.NaN : (series[i].count ?? Number.NaN))) }
      : undefined;

  // Where the level known at each origin began: the last level shift confirmed in the history before it, or the last
  // known change before it (at the first whole step from it) that the new level has held long enough to fit on.
  const minSegment = Math.max(MIN_TRAIN, 2 * Math.max(1, ...periods) + 1);
  const changeSlots = changes.map((t) => Math.ceil((toMillis(t) - grid.startMs) / grid.stepMs) - start).filter((c) => c > 0);
  const levelStarts = new Map<number, number>();
  const levelStart = (end: number) => {
    if (!levelStarts.has(end)) {
      const shifts = levelShifts({ values: observed.subarray(0, end), weights: sampling?.counts, minSegment });
      const known = changeSlots.filter((c) => end - c >= minSegment && observedIn(observed, c, end) >= MIN_TRAIN);
      levelStarts.set(end, Math.max(shifts.at(-1) ?? 0, ...known));
    }
    return levelStarts.get(end)!;
  };

  let chosen = candidates[0];
  let report: BacktestResult | null = null;
  let calibration: ConformalFold[] = [];
  const scores: ForecastResult["candidates"] = [];
  if (origins.length > 0) {
    const evaluated = candidates.map((spec) => ({ spec, run: backtest(spec, filled, observed, origins, horizon, period, sampling, levelStart) }));
    for (const e of evaluated) scores.push({ model: modelName(e.spec), mase: e.run.mase, smape: e.run.smape });
    const key = (m: number) => (Number.isFinite(m) ? m : Infinity);
    let best = evaluated.reduce((b, e) => (key(e.run.mase) < key(b.run.mase) ? e : b));
    const baseline = backtest(baselineSpec, filled, observed, origins, horizon, period, sampling, levelStart);
    // The chosen model must beat seasonal naive in the backtest; otherwise seasonal naive is the forecast.
    if (key(baseline.mase) < key(best.run.mase)) best = { spec: baselineSpec, run: baseline };
    chosen = best.spec;
    calibration = best.run.folds;
    report = { folds: origins.length, horizon, model: withoutFolds(best.run), baseline: withoutFolds(baseline) };
  }

  // The chosen model at shorter horizons, from the same origins.
  const horizonBacktests = (options.evaluateHorizons ?? []).map((h) => {
    if (origins.length === 0) return { horizon: h, backtest: null };
    return {
      horizon: h,
      backtest: {
        folds: origins.length,
        horizon: h,
        model: withoutFolds(backtest(chosen, filled, observed, origins, h, period, sampling, levelStart)),
        baseline: withoutFolds(backtest(baselineSpec, filled, observed, origins, h, period, sampling, levelStart)),
      },
    };
  });

  let fc: ModelForecast;
  let name = modelName(chosen);
  const since = levelStart(n);
  const current = filled.subarray(since);
  try {
    fc = runModel(chosen, current, horizon, allLevels);
    if (!fc.point.every(Number.isFinite)) throw new Error("non-finite forecast");
  } catch {
    fc = runModel(baselineSpec, current, horizon, allLevels); // never leave the caller without a forecast
    name = modelName(baselineSpec);
  }
  // 80% and 95% intervals calibrated (conformal) on the chosen model's backtest residuals, each day's half-width first
  // rescaled for the sampling noise expected at its count (rates with counts; as in the backtest).
  const halfWidth = (level: number) => fc.intervals.get(level)!.upper.map((u, h) => (u - fc.intervals.get(level)!.lower[h]) / 2);
  const scale = sampling ? binomialScale(sampling, n, halfWidth(0.8), since) : undefined;
  const calibrated = (level: number) => {
    const c = conformalFactor(calibration, level, n, since);
    const half = halfWidth(level).map((w, h) => c * w * (scale?.[h] ?? 1));
    return { lower: fc.point.map((p, h) => p - half[h]), upper: fc.point.map((p, h) => p + half[h]), half };
  };
  const c80 = calibrated(0.8);
  const c95 = calibrated(0.95);
  // Keep the intervals nested even when the two levels calibrate to crossing widths.
  fc.intervals.set(0.8, { lower: c80.lower, upper: c80.upper });
  fc.intervals.set(0.95, {
    lower: fc.point.map((p, h) => p - Math.max(c95.half[h], c80.half[h])),
    upper: fc.point.map((p, h) => p + Math.max(c95.half[h], c80.half[h])),
  });
  const sample = series[0]?.timestamp;
  const points = fc.point.map((value, h): ForecastPoint => {
    const iv = (level: number) => fc.intervals.get(level)!;
    const extra = allLevels.filter((l) => l !== 0.8 && l !== 0.95);
    return {
      timestamp: formatLike(sample, grid.startMs + (total + h) * grid.stepMs),
      value,
      lower80: iv(0.8).lower[h],
      upper80: iv(0.8).upper[h],
      lower95: iv(0.95).lower[h],
      upper95: iv(0.95).upper[h],
      ...(extra.length ? { intervals: Object.fromEntries(extra.map((l) => [String(l), { lower: iv(l).lower[h], upper: iv(l).upper[h] }])) } : {}),
    };
  });
  return { model: name, points, backtest: report, candidates: scores, ...(options.evaluateHorizons ? { horizonBacktests } : {}) };
}

/** Observed (not missing) points in values[from, to). */
function observedIn(values: Float64Array, from: number, to: number): number {
  let k = 0;
  for (let i = from; i < to; i++) if (!Number.isNaN(values[i])) k++;
  return k;
}

/** The slot after the k-th observed one (the series' length when fewer are observed). */
function afterObserved(values: Float64Array, k: number): number {
  let seen = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]) && ++seen === k) return i + 1;
  return values.length;
}

function withoutFolds(run: BacktestRun): BacktestScores {
  const { folds: _folds, ...scores } = run;
  return scores;
}

function candidateSpecs(periods: number[], transform: Transform): ModelSpec[] {
  const transforms = transform.name === "none" ? [IDENTITY] : [IDENTITY, transform];
  const kinds: ModelSpec["kind"][] = periods.length ? ["mstl_ets", "ets"] : ["ets"];
  return kinds.flatMap((kind) => transforms.map((t) => ({ kind, periods: kind === "mstl_ets" ? periods : [], transform: t })));
}
