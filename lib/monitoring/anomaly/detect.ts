/**
 * Entry point for anomaly detection. The HTTP endpoint and the cron job both
 * call `detectAnomalies`; everything else in this folder is an implementation
 * detail (exported for tests and the evaluation script).
 */
import { z } from "zod";
import { finite, robustMedian } from "../shared/robust";
import { chooseTransform, type Transform } from "../shared/transform";
import {
  formatLike,
  imputeLinear,
  regularize,
  seasonalPeriods,
  seriesSchema,
  type SeriesPoint,
  type RegularSeries,
  timestampSchema,
  toMillis,
} from "../shared/series";
import {
  adjustedSeries,
  biasShifts,
  changepointShifts,
  residualChangepoints,
  pointAnomalies,
  trendAnomalies,
  type DetectorContext,
  type RawAnomaly,
} from "./detectors";
import { computeExpectations, type Expectations, fitHistory, MAX_HISTORY } from "./expectation";
import { robustSeasonalFit } from "./prescreen";
import { screenTail } from "./screen";
import { type AnomalyKind, type Severity, sensitivityMultiplier, sensitivitySchema, severityFor } from "./sensitivity";

export const detectAnomaliesInputSchema = z.object({
  series: seriesSchema,
  sensitivity: sensitivitySchema.optional(),
  options: z
    .object({
      /** Override the seasonal periods (in steps) inferred from the sampling interval. */
      periods: z.array(z.number().int().min(2)).max(3).optional(),
      /** Longest excursion (in steps) reported as spikes/drops rather than a level shift. */
      maxTransient: z.number().int().min(1).optional(),
      /** "auto": log1p for multiplicative non-negative series, anscombe (sqrt) for small counts. */
      transform: z.enum(["auto", "none", "log1p", "anscombe"]).optional(),
      /**
       * Smallest noise scale, in the series' units, that deviations are measured against: below it a difference
       * is not evidence (e.g. the binomial standard error of a rate over few observations). Default: none.
       */
      noiseFloor: z.number().positive().finite().optional(),
      /**
       * Score only points at or after this time (a monitor's newest points):
       * the history is fitted once instead of walked, and a fast robust
       * seasonal screen skips the model when nothing in the tail stands out.
       * Anomalies are reported only from here on.
       */
      since: timestampSchema.optional(),
    })
    .optional(),
});
export type DetectAnomaliesInput = z.input<typeof detectAnomaliesInputSchema>;

/** Points fitted per call, all fits together: bounds a call to a few seconds. */
const FIT_BUDGET = 30_000;

export interface Anomaly {
  timestamp: string | number;
  value: number;
  expected: number;
  lower: number;
  upper: number;
  score: number;
  direction: "up" | "down";
  kind: AnomalyKind;
  severity: Severity;
}

export interface DetectAnomaliesResult {
  anomalies: Anomaly[];
  meta: {
    points: number;
    missing: number;
    stepMs: number;
    periods: number[];
    transform: string;
    /**
     * "full": every point scored by the walk-forward models; "tail": points since `since` scored by a model
     * fitted on the history; "screened": the robust screen found nothing in the tail, no model was fitted.
     */
    mode: "full" | "tail" | "screened";
  };
}

/** Everything that does not depend on sensitivity; reusable across thresholds. */
export interface ScoredSeries {
  points: readonly SeriesPoint[];
  grid: RegularSeries;
  transform: Transform;
  exp: Expectations;
  /** Seasonally adjusted observations (trend and level-shift persistence). */
  adjustedObserved: Float64Array;
  /** Steps forecast per model fit. */
  chunk: number;
  /** Changepoints of the forecast residuals (sensitivity-independent). */
  changepoints: number[];
  base: Omit<DetectorContext, "multiplier">;
}

type Options = DetectAnomaliesInput["options"];

/** Everything about a grid that the screen and the models share. */
function prepare(grid: RegularSeries, options: Options) {
  const n = grid.values.length;
  // Periods too long to fit twice into one fit's history are unaffordable
  // (e.g. weekly at 5-minute resolution); they are dropped unless requested.
  const periods = options?.periods ?? seasonalPeriods(grid.stepMs, n).filter((p) => 2 * p <= MAX_HISTORY);
  const cycle = periods[0] ?? 12;
  // Time scales follow the shortest cycle: with hourly data an excursion
  // shorter than 12 hours is transient, "recent" means the last 12 hours.
  const maxTransient = options?.maxTransient ?? Math.max(3, Math.round(cycle / 2));
  const transform = chooseTransform(grid.values, options?.transform);
  const modelled = grid.values.map(transform.forward);
  // The noise floor in the modelled (transformed) units, at the series' typical level.
  let minNoise = 0;
  if (options?.noiseFloor) {
    const level = robustMedian(finite(grid.values));
    minNoise = Number.isFinite(level) ? Math.abs(transform.forward(level + options.noiseFloor) - transform.forward(level)) : 0;
  }
  return { n, periods, cycle, maxTransient, transform, modelled, minNoise };
}

/**
 * Expectations and sensitivity-independent detector inputs. With `scoreFrom`
 * (a grid index) only [scoreFrom - one cycle, n) is scored, from fits on the history before it.
 */
export function scoreSeries(points: readonly SeriesPoint[], options: Options = {}, scoreFrom?: number): ScoredSeries | null {
  const grid = regularize(points);
  const { n, periods, cycle, maxTransient, transform, modelled, minNoise } = prepare(grid, options);
  // Refit once per shortest cycle, within a budget of fitted points per call
  // (MSTL costs ~0.1 ms per point on a small server core). A tail is one chunk.
  // A tail is walked one cycle at a time from one cycle before it: that first forecast is not reported,
  // but its errors give the tail an out-of-sample error scale (in-sample residuals flatter the model).
  const chunk = scoreFrom !== undefined ? cycle : Math.max(cycle, Math.ceil((n * fitHistory(periods)) / FIT_BUDGET));
  const startAt = scoreFrom === undefined ? undefined : Math.max(0, scoreFrom - cycle);
  const exp = computeExpectations(modelled, { periods, chunk, cleanZ: 3, maxTransient, startAt, minNoise });
  if (scoreFrom !== undefined) {
    // One fit's seasonal forecast, repeated by phase over the history, does not line up with that history
    // (STL drifts between fits); the trend and shift checks compare the tail with the history, so both are
    // deseasonalised with the robust per-phase profile of the history instead.
    const fit = robustSeasonalFit(imputeLinear(modelled), periods, scoreFrom);
    if (fit.period !== undefined) exp.seasonal = Float64Array.from({ length: n }, (_, t) => fit.profile[t % fit.period!]);
  }
  if (exp.firstScored >= n) return null; // too short to have any history to compare with
  const noise = robustMedian(finite(exp.sigma));
  const trendRecent = Math.max(4, Math.round(cycle / 2));
  const base = {
    observed: modelled,
    exp,
    maxTransient,
    noise,
    shiftWindow: Math.min(48, Math.max(8, cycle)),
    trendRecent,
    trendBaseline: 4 * trendRecent,
    tail: scoreFrom !== undefined,
  };
  const changepoints = residualChangepoints(base);
  return { points, grid, transform, exp, adjustedObserved: adjustedSeries(modelled, exp), chunk, changepoints, base };
}

/** Run the detectors at one sensitivity and reconcile their findings. */
export function classifyAnomalies(scored: ScoredSeries, multiplier: number): Anomaly[] {
  const ctx: DetectorContext = { ...scored.base, multiplier };
  const w = ctx.shiftWindow;
  const points = pointAnomalies(ctx);
  // Three routes find level shifts (long outlier runs, the walk's sustained
  // bias, validated changepoints); the same shift is often found twice, so
  // keep the earliest report per direction within a window.
  const candidates = [
    ...points.filter((a) => a.kind === "level_shift"),
    ...biasShifts(ctx, scored.changepoints),
    ...changepointShifts(ctx, scored.adjustedObserved, scored.changepoints),
  ].sort((a, b) => a.index - b.index);
  const shifts: RawAnomaly[] = [];
  for (const c of candidates) {
    if (!shifts.some((s) => s.direction === c.direction && Math.abs(s.index - c.index) <= w)) shifts.push(c);
  }
  // Excursions in the shift's direction until the forecasts have caught up
  // (a transient run, then a refit) are the shift itself. Opposite moves
  // soon after are usually the model overshooting (ETS extrapolates the
  // trend it just learned): ignore them while the level is still on the
  // shifted side of where it was before.
  const settle = w + ctx.maxTransient + scored.chunk;
  const adj = scored.adjustedObserved;
  const K = ctx.maxTransient;
  const explained = (a: RawAnomaly) =>
    shifts.some((s) => {
      const after = a.index - s.index;
      if (after <= 0) return false;
      if (s.direction === a.direction) return after < settle;
      const before = robustMedian(finite(adj, s.index - K, s.index));
      const moved = (adj[a.index] - before) * (s.direction === "up" ? 1 : -1);
      return after < 2 * settle && moved >= 0.5 * s.score * ctx.exp.sigma[s.index];
    });
  const kept = shifts.filter((s) => !explained(s));
  const transient = points.filter((a) => a.kind !== "level_shift" && !explained(a));
  const trends = trendAnomalies(ctx, scored.adjustedObserved, kept);
  return [...transient, ...kept, ...trends]
    .sort((a, b) => a.index - b.index)
    .map((a) => toAnomaly(scored, a));
}

function toAnomaly(scored: ScoredSeries, a: RawAnomaly): Anomaly {
  const src = scored.grid.source[a.index];
  const ts = src >= 0 ? scored.points[src].timestamp : formatLike(scored.points[0]?.timestamp, scored.grid.startMs + a.index * scored.grid.stepMs);
  return {
    timestamp: ts instanceof Date ? ts.toISOString() : ts,
    value: scored.grid.values[a.index],
    expected: scored.transform.inverse(a.expected),
    lower: scored.transform.inverse(a.lower),
    upper: scored.transform.inverse(a.upper),
    score: a.score,
    direction: a.direction,
    kind: a.kind,
    severity: severityFor(a.score, a.threshold),
  };
}

/**
 * Detect spikes, drops, level shifts and trends in one metric series.
 * Validates its input (throws a ZodError on bad input; use
 * `detectAnomaliesInputSchema.safeParse` first to return a 400 instead).
 */
export function detectAnomalies(input: DetectAnomaliesInput): DetectAnomaliesResult {
  const { series, sensitivity, options } = detectAnomaliesInputSchema.parse(input);
  const multiplier = sensitivityMultiplier(sensitivity);
  const grid = regularize(series);
  const baseMeta = { points: series.length, missing: grid.values.filter((v) => Number.isNaN(v)).length, stepMs: grid.stepMs };
  const since = options?.since === undefined ? undefined : toMillis(options.since);
  let scoreFrom: number | undefined;
  if (since !== undefined && grid.values.length > 0) {
    const prep = prepare(grid, options);
    const from = Math.max(0, Math.ceil((since - grid.startMs) / grid.stepMs));
    const longest = prep.periods[prep.periods.length - 1] ?? 0;
    // The screen and a single fit need a few cycles of history; shorter series are walked in full.
    if (from >= Math.max(3 * longest, 48)) {
      const meta = { ...baseMeta, periods: prep.periods, transform: prep.transform.name };
      if (from >= prep.n) return { anomalies: [], meta: { ...meta, mode: "screened" } };
      const screen = screenTail(imputeLinear(prep.modelled), prep.modelled, prep.periods, from, multiplier, prep.maxTransient, prep.minNoise);
      if (!screen.candidate) return { anomalies: [], meta: { ...meta, mode: "screened" } };
      scoreFrom = from;
    }
  }
  const scored = scoreSeries(series, options, scoreFrom);
  const meta = {
    ...baseMeta,
    periods: scored?.exp.periodsUsed ?? [],
    transform: scored?.transform.name ?? "none",
    mode: scoreFrom === undefined ? ("full" as const) : ("tail" as const),
  };
  if (!scored) return { anomalies: [], meta };
  const anomalies = classifyAnomalies(scored, multiplier);
  return { anomalies: since === undefined ? anomalies : anomalies.filter((a) => toMillis(a.timestamp) >= since), meta };
}
