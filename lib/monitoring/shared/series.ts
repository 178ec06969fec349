/**
 * Time-series plumbing shared by anomaly detection and forecasting:
 * timestamp parsing, snapping irregular input onto a regular grid (so missing
 * points become explicit gaps), gap imputation and seasonal-period choice.
 */
import { z } from "zod";
import { median } from "simple-statistics";
import { metricValue } from "@/lib/ingest/fields";

/** Epoch milliseconds, an ISO-8601 string, or a Date. */
export type Timestamp = number | string | Date;

export const timestampSchema = z.union([
  z.number().finite(),
  z.string().refine((s) => !Number.isNaN(Date.parse(s)), "unparseable timestamp"),
  z.date(),
]);

/** A point; `value: null` (or a missing timestamp) marks a missing observation. */
export const seriesPointSchema = z.object({
  timestamp: timestampSchema,
  // Bounded like ingested metric values: squares and sums of larger values overflow to Infinity.
  value: metricValue.nullable(),
});
export type SeriesPoint = z.infer<typeof seriesPointSchema>;

export const MAX_SERIES_POINTS = 50_000;
export const seriesSchema = z.array(seriesPointSchema).max(MAX_SERIES_POINTS);

export function toMillis(t: Timestamp): number {
  if (typeof t === "number") return t;
  if (t instanceof Date) return t.getTime();
  return Date.parse(t);
}

/** Render a grid time in the same style the caller used (ISO string or epoch ms). */
export function formatLike(sample: Timestamp | undefined, ms: number): string | number {
  return typeof sample === "number" ? ms : new Date(ms).toISOString();
}

export interface RegularSeries {
  startMs: number;
  stepMs: number;
  /** Observed values on the grid; NaN where the observation is missing. */
  values: Float64Array;
  /** Index into the caller's (unsorted) array for each slot, -1 if missing. */
  source: Int32Array;
}

/**
 * Snap points onto a regular grid whose step is the median spacing, the usual
 * robust choice when a few samples are late or duplicated. Duplicates in one
 * slot keep the last value. Throws if the grid would be absurdly sparse
 * (e.g. one stray timestamp years away), since that is almost surely bad input.
 */
export function regularize(points: readonly SeriesPoint[], stepMs?: number): RegularSeries {
  const order = points
    .map((p, i) => ({ t: toMillis(p.timestamp), v: p.value, i }))
    .filter((p) => Number.isFinite(p.t))
    .sort((a, b) => a.t - b.t);
  if (order.length === 0) {
    return { startMs: 0, stepMs: stepMs ?? 1, values: new Float64Array(0), source: new Int32Array(0) };
  }
  const diffs: number[] = [];
  for (let k = 1; k < order.length; k++) {
    const d = order[k].t - order[k - 1].t;
    if (d > 0) diffs.push(d);
  }
  const step = stepMs ?? (diffs.length > 0 ? median(diffs) : 1);
  const start = order[0].t;
  const slots = Math.round((order[order.length - 1].t - start) / step) + 1;
  if (slots > Math.max(20 * order.length, 1000) || slots > 5 * MAX_SERIES_POINTS) {
    throw new Error(`series too irregular: ${order.length} points span ${slots} steps of ${step} ms`);
  }
  const values = new Float64Array(slots).fill(Number.NaN);
  const source = new Int32Array(slots).fill(-1);
  for (const p of order) {
    const slot = Math.round((p.t - start) / step);
    values[slot] = p.v ?? Number.NaN;
    source[slot] = p.v === null ? -1 : p.i;
  }
  return { startMs: start, stepMs: step, values, source };
}

/**
 * Linear interpolation across gaps (nearest value at the edges). Models need
 * a complete series; callers keep the NaN mask so imputed slots are never
 * reported or scored as observations.
 */
export function imputeLinear(values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values);
  let prev = -1; // last observed slot
  for (let i = 0; i < out.length; i++) {
    if (Number.isNaN(out[i])) continue;
    for (let j = prev + 1; j < i; j++) {
      out[j] = prev < 0 ? out[i] : out[prev] + ((out[i] - out[prev]) * (j - prev)) / (i - prev);
    }
    prev = i;
  }
  for (let j = prev + 1; j < out.length; j++) out[j] = prev < 0 ? 0 : out[prev];
  return out;
}

const DAY_MS = 86_400_000;
const CYCLES_MS = [DAY_MS, 7 * DAY_MS];

/**
 * Seasonal periods (in steps) implied by the sampling step: daily and weekly
 * cycles when they are a whole number of steps. A period is only kept when
 * `length` covers at least two full cycles (MSTL's requirement).
 */
export function seasonalPeriods(stepMs: number, length: number): number[] {
  const periods: number[] = [];
  for (const cycle of CYCLES_MS) {
    const p = cycle / stepMs;
    const rounded = Math.round(p);
    if (rounded >= 2 && Math.abs(p - rounded) < 1e-6 && length >= 2 * rounded) periods.push(rounded);
  }
  return [...new Set(periods)].sort((a, b) => a - b);
}
