/**
 * Entry point for anomaly detection. The HTTP endpoint and the cron job both
 * call `detectAnomalies`; everything else in this folder is an implementation
 * detail (exported for tests and the evaluation script).
 */
import { z } from "zod";
import { finite, robustMedian } from "../shared/robust";
import { chooseTransform, type Transform } from "../shared/transform";
import { formatLike, regularize, seasonalPeriods, seriesSchema, type SeriesPoint, type RegularSeries } from "../shared/series";
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
  meta: { points: number; missing: number; stepMs: number; periods: number[]; transform: string };
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

export function scoreSeries(points: readonly SeriesPoint[], options: DetectAnomaliesInput["options"] = {}): ScoredSeries | null {
  const grid = regularize(points);
  const n = grid.values.length;
  // Periods too long to fit twice into one fit's history are unaffordable
  // (e.g. weekly at 5-minute resolution); they are dropped unless requested.
  const periods = options?.periods ?? seasonalPeriods(grid.stepMs, n).filter((p) => 2 * p <= MAX_HISTORY);
  // Refit once per shortest cycle, within a budget of fitted points per call
  // (MSTL costs ~0.1 ms per point on a small server core).
  const cycle = periods[0] ?? 12;
  const chunk = Math.max(cycle, Math.ceil((n * fitHistory(periods)) / FIT_BUDGET));
  // Time scales follow the shortest cycle: with hourly data an excursion
  // shorter than 12 hours is transient, "recent" means the last 12 hours.
  const maxTransient = options?.maxTransient ?? Math.max(3, Math.round(cycle / 2));
  const transform = chooseTransform(grid.values, options?.transform);
  const modelled = grid.values.map(transform.forward);
  const exp = computeExpectations(modelled, { periods, chunk, cleanZ: 3, maxTransient });
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
  const scored = scoreSeries(series, options);
  const grid = scored?.grid ?? regularize(series);
  const meta = {
    points: series.length,
    missing: grid.values.filter((v) => Number.isNaN(v)).length,
    stepMs: grid.stepMs,
    periods: scored?.exp.periodsUsed ?? [],
    transform: scored?.transform.name ?? "none",
  };
  if (!scored) return { anomalies: [], meta };
  return { anomalies: classifyAnomalies(scored, sensitivityMultiplier(sensitivity)), meta };
}
