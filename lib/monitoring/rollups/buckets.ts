/**
 * The shape of metric rollups and their time buckets (hour or day, UTC); lib/monitoring/store/recompute-rollups.ts
 * computes and stores them.
 */
export type Granularity = "hour" | "day";
const STEP_MS: Record<Granularity, number> = { hour: 3_600_000, day: 86_400_000 };

export interface RollupRow {
  metric: string;
  dimension: string;
  dimensionValue: string;
  bucketStart: Date;
  value: number;
  count: number;
}

export function floorTo(g: Granularity, t: Date): Date {
  return new Date(Math.floor(t.getTime() / STEP_MS[g]) * STEP_MS[g]);
}
export function ceilTo(g: Granularity, t: Date): Date {
  return new Date(Math.ceil(t.getTime() / STEP_MS[g]) * STEP_MS[g]);
}

/** A custom metric's dimension key with more distinct values than this in a window gets no per-value series. */
export const MAX_DIMENSION_VALUES = 50;
