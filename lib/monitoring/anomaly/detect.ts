/**
 * Entry point for anomaly detection. The HTTP endpoint (POST /api/v1/monitoring/detect) and the monitoring jobs
 * both call `detectAnomalies`.
 *
 * Every point is scored from its past only, so revealing a series in steps gives the same answers as one call.
 * A point's `score` is a calibrated anomaly likelihood in [0, 1]: 1 - the probability of seeing something at least
 * this extreme in the series' own recent history, judged several ways and the most surprising kept:
 *  - the value itself against the last NOVELTY_WINDOW values (a level never seen before: outages, saturation, drops
 *    to zero, a new regime),
 *  - the mean of the last SMOOTHING observations against the same means over the history (a sustained move that no
 *    single point makes stand out),
 *  - its one-step prediction error (`predictor.ts`: an EW level, plus a seasonal profile when `periods` is given)
 *    against the recent errors (an abrupt jump within the usual range),
 *  - its |z-score| against the previous week's mean and standard deviation, against the z-scores seen before (a
 *    departure from the recent regime that older, wilder history would hide), and
 *  - for intraday series, the mean of the last SEASONAL_SMOOTHING differences from the same slot a day earlier,
 *    against the same means over the history (a day that does not follow the daily cycle: a missing peak, a flat
 *    afternoon, a lower plateau).
 * Because all are tail probabilities of the series' own history, one threshold serves every metric and scores
 * rank across metrics. `surprise` = -log10(1 - score) keeps the resolution near 1. Each scored point joins the
 * history, so a new regime is surprising once, not at every later point (re-baselining after a level shift).
 * Anomalous points form incidents (start, end, peak), one alert each: a flagged point opens a new incident only
 * when it is more than REFRACTORY slots (at most a day) after the current incident's first point and not adjacent
 * to its last one in the same direction; otherwise it joins it (the refractory period of HTM- and ARTime-style
 * detectors: a burst of flagged points is one incident, not one alert per point).
 */
import { z } from "zod";
import { chooseTransform } from "../shared/transform";
import { formatLike, regularize, seriesSchema, timestampSchema, toMillis, type RegularSeries, type SeriesPoint } from "../shared/series";
import { groupIncidents, type Incident } from "./incidents";
import type { Anomaly } from "./types";
import { allowedRange, noveltyScan, type NoveltyScan } from "./novelty";
import { predictStream } from "./predictor";
export type { Anomaly } from "./types";
import { type AnomalyKind, sensitivityMultiplier, sensitivitySchema, severityFor, thresholdFor } from "./sensitivity";

export const detectAnomaliesInputSchema = z.object({
  series: seriesSchema,
  sensitivity: sensitivitySchema.optional(),
  options: z
    .object({
      /**
       * Seasonal period (in steps) of the one-step predictor (default none: on NAB a profile cost more than it gave)
       * and of the cycle test (default: a day, for intraday series).
       */
      periods: z.array(z.number().int().min(2)).max(3).optional(),
      /** Longest incident (in steps) reported as a spike/drop rather than a level shift. */
      maxTransient: z.number().int().min(1).optional(),
      /** "auto": log1p for multiplicative non-negative series, anscombe (sqrt) for small counts (prediction only). */
      transform: z.enum(["auto", "none", "log1p", "anscombe"]).optional(),
      /**
       * Smallest noise scale, in the series' units, that deviations are measured against: below it a difference
       * is not evidence (e.g. the binomial standard error of a rate over few observations). Default: none.
       */
      noiseFloor: z.number().positive().finite().optional(),
      /** Report only points (and incidents still running) at or after this time; earlier points are history. */
      since: timestampSchema.optional(),
      /** Also return every scored point's score (from `since` on): what NAB-style evaluation counts. */
      pointScores: z.boolean().optional(),
    })
    .optional(),
});
export type DetectAnomaliesInput = z.input<typeof detectAnomaliesInputSchema>;

/** Values remembered by the novelty test (NAB's windowed Gaussian uses the same length). */
export const NOVELTY_WINDOW = 6400;
/** Tail scale beyond the range seen, as a multiple of the history's standard deviation. */
const TAIL_SCALE = 0.05;
/** Reaching the extreme of the history counts as at most a 1-in-BASE_CAP event. */
const BASE_CAP = 1000;
const DAY_MS = 86_400_000;
/** Time constant of the slow baseline values are judged against. */
const DETREND_MS = 14 * DAY_MS;
/** Points averaged for the sustained-move test. */
const SMOOTHING = 6;
/** Day-over-day differences averaged for the daily-cycle test. */
const SEASONAL_SMOOTHING = 24;
/** Previous cycles whose median is the daily-cycle test's reference. */
const SEASONAL_DAYS = 3;
/** History of the week z-score test: a week of slots, at least this many. */
const WEEK_MIN_SLOTS = 100;
/** Observations before the first score (and at least a day's worth). */
export const MIN_HISTORY = 14;
/** Slots after an incident's first point (at most a day of slots) in which further flagged points join it. */
export const REFRACTORY = 30;


export interface DetectAnomaliesResult {
  /** Every anomalous point (score above the threshold) from `since` on. */
  anomalies: Anomaly[];
  /** Runs of consecutive anomalous points; an incident that began before `since` but runs into it is included. */
  incidents: Incident<string | number>[];
  /** With `options.pointScores`: every scored point's score from `since` on. */
  points?: { timestamp: string | number; score: number }[];
  meta: {
    points: number;
    missing: number;
    stepMs: number;
    periods: number[];
    transform: string;
    /** Surprise at or above which a point is anomalous (-log10 of the tail probability). */
    threshold: number;
  };
}

export interface ScoredPoints {
  grid: RegularSeries;
  expected: Float64Array;
  scale: Float64Array;
  z: Float64Array;
  surprise: Float64Array;
  period: number;
  transformName: string;
  inverse: (v: number) => number;
  /** What each test judged a point against, to say which values would not have been flagged (`normalBand`). */
  tests: {
    level: NoveltyScan;
    sustained: NoveltyScan;
    error: NoveltyScan;
    week: NoveltyScan;
    seasonal: NoveltyScan;
    baseline: Float64Array;
    net: Float64Array;
    smoothed: Float64Array;
    /** Mean and standard deviation of the previous week's values (NaN before 10 observations). */
    weekMean: Float64Array;
    weekSd: Float64Array;
    /** Day-over-day differences of the modelled values, their trailing means, the lag in slots (0: none). */
    seasonalDiff: Float64Array;
    seasonalMean: Float64Array;
    lag: number;
    modelled: Float64Array;
    noiseFloor?: number;
  };
  /** Slots after an incident's first point in which further flagged points join it. */
  refractory: number;
}

type Options = NonNullable<DetectAnomaliesInput["options"]>;

/** The sensitivity-independent part: per-slot predictions and surprises on the regular grid. */
export function scorePoints(series: readonly SeriesPoint[], options: Options = {}): ScoredPoints {
  const grid = regularize(series);
  const n = grid.values.length;
  // A weekly profile for daily series; intraday series get none by default (on NAB a daily profile cost more than
  // it gave: the novelty tests already judge values against the whole recent range).
  const period = options.periods?.[0] ?? (grid.stepMs === DAY_MS ? 7 : 0);
  const transform = chooseTransform(grid.values, options.transform);
  const modelled = grid.values.map(transform.forward);
  const pred = predictStream(modelled, { period: n >= 3 * period ? period : 0 });
  // The history must also span a day, so intraday series have seen their daily cycle before judging it.
  const minHistory = Math.max(MIN_HISTORY, Math.ceil(DAY_MS / grid.stepMs));
  const common = { window: NOVELTY_WINDOW, tailScale: TAIL_SCALE, minHistory, baseCap: BASE_CAP };
  // A known noise floor bounds the tail scale from below: moves of a fraction of a standard error past the range
  // seen are not evidence (a quarter of it per tail scale: ~4.3 decades of surprise per standard error beyond).
  const floor = options.noiseFloor === undefined ? undefined : options.noiseFloor / 4;
  // Values are judged net of a slow baseline (time constant DETREND_MS), so steady growth is not a string of
  // record highs while a jump to a new level still is.
  const net = detrend(grid.values, Math.min(0.2, grid.stepMs / DETREND_MS));
  const smoothed = trailingMean(net, SMOOTHING);
  const level = noveltyScan(net, { ...common, sides: "both", minTail: floor });
  const sustained = noveltyScan(smoothed, { ...common, sides: "both", minTail: floor && floor / Math.sqrt(SMOOTHING) });
  const error = noveltyScan(pred.z.map(Math.abs), { ...common, sides: "up" });
  // |z| against the previous week: the rolling z-score, judged against the z-scores seen before.
  const { mean: weekMean, sd: weekSd } = trailingMoments(grid.values, Math.max(WEEK_MIN_SLOTS, Math.round((7 * DAY_MS) / grid.stepMs)));
  // A known noise floor is the smallest standard deviation a z-score is measured in.
  if (options.noiseFloor !== undefined) for (let t = 0; t < n; t++) weekSd[t] = Math.max(weekSd[t], options.noiseFloor);
  const weekZ = grid.values.map((v, t) => (weekSd[t] > 0 ? Math.abs(v - weekMean[t]) / weekSd[t] : Number.isNaN(weekSd[t]) ? Number.NaN : 0));
  // With a noise floor, a z-score a quarter of a unit past those seen is one tail scale (as for the level test).
  const week = noveltyScan(weekZ, { ...common, sides: "up", minTail: floor && 0.25 });
  // Differences (of the modelled values) from the same slot on the previous days, for intraday series or an
  // explicit period: against the median of the last SEASONAL_DAYS days, so one odd day leaves no echo a day later.
  const perDay = DAY_MS / grid.stepMs;
  const lag = options.periods?.[0] ?? (Number.isInteger(perDay) && perDay >= 2 ? perDay : 0);
  const seasonalDiff = seasonalDifferences(modelled, lag);
  const seasonalMean = trailingMean(seasonalDiff, SEASONAL_SMOOTHING);
  // Judged once SEASONAL_DAYS + 1 cycles are in: means of overlapping differences are strongly autocorrelated.
  // A noise floor in the series' units bounds the tail scale when the differences are in those units too.
  const seasonalFloor = floor !== undefined && transform.name === "none" ? floor / Math.sqrt(SEASONAL_SMOOTHING) : undefined;
  const seasonal = noveltyScan(seasonalMean, { ...common, sides: "both", minHistory: Math.max(minHistory, (SEASONAL_DAYS + 1) * lag), minTail: seasonalFloor });
  const surprise = new Float64Array(n).fill(Number.NaN);
  for (let t = 0; t < n; t++) {
    if (Number.isNaN(grid.values[t]) || Number.isNaN(level.surprise[t])) continue;
    // A tiny prediction error is no evidence even when the error history is tighter still (a flat line).
    const err = options.noiseFloor !== undefined && Math.abs(grid.values[t] - transform.inverse(pred.expected[t])) < options.noiseFloor ? 0 : error.surprise[t];
    surprise[t] = Math.max(level.surprise[t], sustained.surprise[t] || 0, err || 0, week.surprise[t] || 0, seasonal.surprise[t] || 0);
  }
  const baseline = grid.values.map((v, t) => v - net[t]);
  const tests = {
    level,
    sustained,
    error,
    week,
    seasonal,
    baseline,
    net,
    smoothed,
    weekMean,
    weekSd,
    seasonalDiff,
    seasonalMean,
    lag,
    modelled,
    noiseFloor: options.noiseFloor,
  };
  const refractory = Math.max(1, Math.min(REFRACTORY, Math.round(perDay)));
  return { grid, ...pred, surprise, period, transformName: transform.name, inverse: transform.inverse, tests, refractory };
}

/**
 * The values point `t` could have taken without reaching `threshold`: the intersection of what each test allowed
 * (a level within the recent range, a 6-point mean within its range, a prediction error within the recent errors or
 * the noise floor, a week z-score within the z-scores seen, a mean day-over-day difference within its range). So
 * the band shown next to an anomaly always excludes its value, whichever test flagged it.
 * [NaN, NaN] when no value would have passed.
 */
export function normalBand(scored: ScoredPoints, t: number, threshold: number): [number, number] {
  const { level, sustained, error, week, seasonal, baseline, net, smoothed, noiseFloor } = scored.tests;
  const base = baseline[t];
  const [l0, l1] = allowedRange(level, t, threshold);
  let lower = base + l0;
  let upper = base + l1;
  // The 6-point mean moves by 1/count of the point's own move.
  if (!Number.isNaN(smoothed[t])) {
    const [m0, m1] = allowedRange(sustained, t, threshold);
    const count = observedIn(net, t, SMOOTHING);
    const others = smoothed[t] * count - net[t];
    lower = Math.max(lower, base + m0 * count - others);
    upper = Math.min(upper, base + m1 * count - others);
  }
  const expected = scored.expected[t];
  if (!Number.isNaN(expected)) {
    const [, zMax] = allowedRange(error, t, threshold);
    const width = zMax * scored.scale[t];
    let e0 = Number.isFinite(width) ? scored.inverse(expected - width) : Number.NEGATIVE_INFINITY;
    let e1 = Number.isFinite(width) ? scored.inverse(expected + width) : Number.POSITIVE_INFINITY;
    if (noiseFloor !== undefined) {
      e0 = Math.min(e0, scored.inverse(expected) - noiseFloor);
      e1 = Math.max(e1, scored.inverse(expected) + noiseFloor);
    }
    lower = Math.max(lower, e0);
    upper = Math.min(upper, e1);
  }
  // |x - week mean| / week sd within the z-scores allowed.
  const { weekMean, weekSd } = scored.tests;
  if (!Number.isNaN(week.surprise[t]) && weekSd[t] > 0) {
    const [, zMax] = allowedRange(week, t, threshold);
    if (Number.isFinite(zMax)) {
      lower = Math.max(lower, weekMean[t] - zMax * weekSd[t]);
      upper = Math.min(upper, weekMean[t] + zMax * weekSd[t]);
    }
  }
  // The mean day-over-day difference moves by 1/count of the point's own difference (in modelled units).
  const { seasonalDiff, seasonalMean, modelled } = scored.tests;
  if (!Number.isNaN(seasonal.surprise[t]) && !Number.isNaN(seasonalMean[t])) {
    const [m0, m1] = allowedRange(seasonal, t, threshold);
    const count = observedIn(seasonalDiff, t, SEASONAL_SMOOTHING);
    const others = seasonalMean[t] * count - seasonalDiff[t];
    const previous = modelled[t] - seasonalDiff[t]; // the reference: the median of the same slot on previous days
    // Back through the transform (monotone, so the band still excludes exactly what the test flagged).
    const back = (m: number) => scored.inverse(previous + m * count - others);
    const lo = Number.isFinite(m0) ? back(m0) : Number.NEGATIVE_INFINITY;
    const hi = Number.isFinite(m1) ? back(m1) : Number.POSITIVE_INFINITY;
    lower = Math.max(lower, lo);
    upper = Math.min(upper, hi);
  }
  return lower <= upper ? [lower, upper] : [Number.NaN, Number.NaN];
}

/** How many values the trailing mean at `t` averaged: the last `k` observed ones up to and including `t`. */
function observedIn(values: Float64Array, t: number, k: number): number {
  let count = 0;
  for (let i = t; i >= 0 && count < k; i--) if (!Number.isNaN(values[i])) count++;
  return count;
}

/** Each value minus an exponentially weighted mean of the values before it (NaN stays NaN). */
function detrend(values: Float64Array, alpha: number): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN);
  let base = Number.NaN;
  for (let t = 0; t < values.length; t++) {
    const x = values[t];
    if (Number.isNaN(x)) continue;
    if (Number.isNaN(base)) base = x;
    out[t] = x - base;
    base += alpha * (x - base);
  }
  return out;
}

/**
 * Each value minus the median of the same phase in the last SEASONAL_DAYS cycles of `lag` slots (the mean of two
 * when only two are observed; NaN when none is, or when `lag` is 0).
 */
function seasonalDifferences(values: Float64Array, lag: number): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN);
  if (lag <= 0) return out;
  const ref = [0, 0, 0];
  for (let t = lag; t < values.length; t++) {
    if (Number.isNaN(values[t])) continue;
    let k = 0;
    for (let d = 1; d <= SEASONAL_DAYS && t - d * lag >= 0; d++) if (!Number.isNaN(values[t - d * lag])) ref[k++] = values[t - d * lag];
    if (k === 0) continue;
    out[t] = values[t] - (k === 1 ? ref[0] : k === 2 ? (ref[0] + ref[1]) / 2 : median3(ref[0], ref[1], ref[2]));
  }
  return out;
}

const median3 = (a: number, b: number, c: number) => Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));

/**
 * Mean and standard deviation of the last `k` observed values before each slot (NaN before 10 observations): the
 * rolling z-score's reference. Running sums, O(1) per slot.
 */
function trailingMoments(values: Float64Array, k: number): { mean: Float64Array; sd: Float64Array } {
  const mean = new Float64Array(values.length).fill(Number.NaN);
  const sd = new Float64Array(values.length).fill(Number.NaN);
  const kept = new Float64Array(k);
  let head = 0;
  let count = 0;
  let s = 0;
  let s2 = 0;
  for (let t = 0; t < values.length; t++) {
    const x = values[t];
    if (Number.isNaN(x)) continue;
    if (count >= 10) {
      const m = s / count;
      mean[t] = m;
      sd[t] = Math.sqrt(Math.max(s2 / count - m * m, 0));
    }
    if (count === k) {
      const old = kept[head];
      s -= old;
      s2 -= old * old;
      count--;
    }
    kept[head] = x;
    head = (head + 1) % k;
    s += x;
    s2 += x * x;
    count++;
  }
  return { mean, sd };
}

/**
 * At each observed slot, the mean of the last `k` observed values (NaN at missing slots). Counted in observations,
 * not slots: on irregularly sampled series (NAB's traffic sensors leave half to three quarters of the median-step
 * grid empty) a mean over k slots averages one or two values, so the sustained-move and daily-cycle tests would
 * judge single noisy points.
 */
function trailingMean(values: Float64Array, k: number): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN);
  const kept = new Float64Array(k);
  let head = 0;
  let count = 0;
  let sum = 0;
  for (let t = 0; t < values.length; t++) {
    const x = values[t];
    if (Number.isNaN(x)) continue;
    if (count === k) {
      sum -= kept[head];
      count--;
    }
    kept[head] = x;
    head = (head + 1) % k;
    sum += x;
    count++;
    out[t] = sum / count;
  }
  return out;
}

function timestampAt(grid: RegularSeries, points: readonly SeriesPoint[], i: number): string | number {
  const src = grid.source[i];
  const ts = src >= 0 ? points[src].timestamp : formatLike(points[0]?.timestamp, grid.startMs + i * grid.stepMs);
  return ts instanceof Date ? ts.toISOString() : ts;
}

const likelihood = (surprise: number) => 1 - 10 ** -surprise;

/**
 * Detect anomalies and incidents in one metric series. Validates its input (throws a ZodError on bad input; use
 * `detectAnomaliesInputSchema.safeParse` first to return a 400 instead).
 */
export function detectAnomalies(input: DetectAnomaliesInput): DetectAnomaliesResult {
  const { series, sensitivity, options = {} } = detectAnomaliesInputSchema.parse(input);
  const threshold = thresholdFor("spike", sensitivityMultiplier(sensitivity));
  const scored = scorePoints(series, options);
  const { grid } = scored;
  const n = grid.values.length;
  const meta = {
    points: series.length,
    missing: grid.values.filter((v) => Number.isNaN(v)).length,
    stepMs: grid.stepMs,
    periods: scored.period ? [scored.period] : [],
    transform: scored.transformName,
    threshold,
  };
  const since = options.since === undefined ? Number.NEGATIVE_INFINITY : toMillis(options.since);
  const from = Math.max(0, Math.ceil((since - grid.startMs) / grid.stepMs));
  const flagged: number[] = [];
  for (let t = 0; t < n; t++) if (scored.surprise[t] >= threshold) flagged.push(t);
  const maxTransient = options.maxTransient ?? Math.max(3, Math.round((scored.period || 24) / 2));
  const anomalyAt = (t: number, kind?: AnomalyKind): Anomaly => {
    const expected = scored.expected[t];
    const [lower, upper] = normalBand(scored, t, threshold);
    const direction = grid.values[t] >= scored.inverse(expected) ? ("up" as const) : ("down" as const);
    return {
      timestamp: timestampAt(grid, series, t),
      value: grid.values[t],
      expected: scored.inverse(expected),
      lower,
      upper,
      score: likelihood(scored.surprise[t]),
      surprise: scored.surprise[t],
      direction,
      kind: kind ?? (direction === "up" ? "spike" : "drop"),
      severity: severityFor(scored.surprise[t], threshold),
    };
  };
  const side = grid.values.map((v, t) => v - scored.inverse(scored.expected[t]));
  const incidents = groupIncidents(flagged, scored.surprise, side, maxTransient, scored.refractory)
    .filter((i) => i.end >= from)
    .map((i) => {
      const peak = anomalyAt(i.peak, i.persistent ? "level_shift" : undefined);
      return {
        start: timestampAt(grid, series, i.start),
        end: timestampAt(grid, series, i.end),
        peak: peak.timestamp,
        points: i.points,
        ...peak,
      };
    });
  const result: DetectAnomaliesResult = { anomalies: flagged.filter((t) => t >= from).map((t) => anomalyAt(t)), incidents, meta };
  if (options.pointScores) {
    result.points = [];
    for (let t = from; t < n; t++) {
      if (!Number.isNaN(scored.surprise[t])) result.points.push({ timestamp: timestampAt(grid, series, t), score: likelihood(scored.surprise[t]) });
    }
  }
  return result;
}
